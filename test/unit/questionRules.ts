/**
 * Text rules for the question bank's content, shared by the unit tests (kept out of *.test.ts so a script
 * can import them without mocha).
 */

/**
 * Where learner-facing text speaks of the documents the bank was first built from ("the seed says…",
 * "种子材料…", "原答案…"). Ordinary uses of the word stay allowed: a random seed, seeding users, 随机种子.
 * Returns the offending phrases.
 */
export function mentionsSourceDocuments(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/\b(re)?seed(s|'s|ed|ing)?\b/gi)) {
    if (m[1]) continue; // "reseed" is about random number generators
    const before = text.slice(Math.max(0, m.index - 24), m.index).toLowerCase();
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 24).toLowerCase();
    const randomness = /(random|rng|numpy|torch|fixed|fix|same|different|set(ting)?( a| the)?|global|per-worker|temperature\/|and)\s*(the\s+|a\s+)?$/.test(before) || /^\s*(value|=|\(|:|\d)/.test(after);
    const people = /^\s*(users?|customers?|community|members?|accounts?|creators?|content|set\b|list|data)/.test(after);
    if (!randomness && !people) found.push(text.slice(Math.max(0, m.index - 12), m.index + m[0].length + 12));
  }
  for (const m of text.matchAll(/种子/g)) {
    const before = text.slice(Math.max(0, m.index - 6), m.index);
    const after = text.slice(m.index + 2, m.index + 6);
    if (/(随机|固定|相同的?|不同的?|设置|全局|温度\/)$/.test(before) || /^(用户|值|数)/.test(after)) continue;
    found.push(text.slice(Math.max(0, m.index - 6), m.index + 8));
  }
  const phrases = [
    /\bthe (seed |source |original |reference )?material\b/gi,
    /\bsource documents?\b/gi,
    /\boriginal (answer|document|text|material)s?\b/gi,
    /原答案|原始资料|原资料|参考资料中|原文档|题库原文|种子文档/g,
  ];
  for (const re of phrases) for (const m of text.matchAll(re)) found.push(m[0]);
  return found;
}
