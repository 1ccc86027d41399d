// Benchmark 4d: question search over the whole bank (src/core/questions/search.ts). Shallow search (question,
// id, tags: what the quick pick runs on every keystroke) vs deep search (answers, key points and follow-ups
// too: run once typing pauses), per query, over short queries a learner types and whole question titles.
// The deep search is the peer: the shallow one must stay a small fraction of it.
//   node --import tsx bench/search.ts
import { join, resolve } from 'node:path';
import { loadBankFromDir } from '../src/host/questionBankFiles';
import { QuestionSearch } from '../src/core/questions/search';
import { summarize } from './lib/stats.mjs';

const ROOT = resolve(__dirname, '..');
const bank = loadBankFromDir(join(ROOT, 'questions'));

const t0 = performance.now();
const search = new QuestionSearch(bank.all);
const indexMs = performance.now() - t0;

const SHORT = ['过拟合', 'overfit', 'LoRA', 'attention', 'gradient', '注意力', 'kv cache', 'batch norm', '模型压缩', 'p-value', '召回', 'NMS', 'two tower', 'drift', 'dropuot'];
// Every 7th entry's titles: a fixed, spread sample of long queries (pasted questions).
const TITLES = bank.all.filter((_, i) => i % 7 === 0).flatMap((e) => [e.question.zh, e.question.en]);
const WARMUP = 2;
const ROUNDS = 3;

function perQuery(queries: string[], deep: boolean): number[] {
  for (let i = 0; i < WARMUP; i++) for (const q of queries) search.search(q, { deep });
  const samples: number[] = [];
  for (let r = 0; r < ROUNDS; r++)
    for (const q of queries) {
      const t = performance.now();
      search.search(q, { deep });
      samples.push(performance.now() - t);
    }
  return samples;
}

const results: Record<string, unknown> = {};
for (const [name, queries] of Object.entries({ 'short queries': SHORT, 'question titles': TITLES })) {
  const shallow = summarize(perQuery(queries, false));
  const deep = summarize(perQuery(queries, true));
  results[name] = { queries: queries.length, shallow, deep, ratioP50: shallow.p50 / deep.p50 };
}
console.log(JSON.stringify({ entries: bank.size, indexMs, results }));
process.exit(0);
