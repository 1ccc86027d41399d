/**
 * How question occurrences are found in the seed documents (shared/seeds/*.txt) that the bank was
 * built from. `questions/seed-map.json` maps every occurrence found by this rule to a bank id, and
 * test/unit/questions.test.ts re-runs the rule over the seed files to prove the map is complete.
 *
 * An authoring tool (test/unit/questions.test.ts runs it), not product code: pure, it takes the text and never reads files.
 */

/** One question as it occurs in a seed file. */
export interface SeedOccurrence {
  /** 1-based line number in the seed file. */
  line: number;
  /** The line as it appears in the file, trimmed. */
  heading: string;
  /** The question text extracted from that line (markup and numbering removed). */
  question: string;
}

/** One entry of questions/seed-map.json: an occurrence plus the bank id it maps to. */
export interface SeedMapping extends SeedOccurrence {
  id: string;
}

/** Shape of questions/seed-map.json. */
export interface SeedMap {
  /** Where the seeds live, relative to the repository root. */
  seedDir: string;
  /** A human-readable statement of the extraction rule. */
  rule: string;
  files: Record<string, SeedMapping[]>;
}

/** The rule, in words; stored in seed-map.json so a reader of the data knows how it was made. */
export const SEED_RULE =
  'A line is a question occurrence when (a) it contains the marker "题目：" (or "题目:") followed by text — ' +
  'the question is the text after the marker; or (b) it is a markdown heading (#..######) or a line wholly ' +
  'wrapped in ** **, and its text — after removing markup and a leading enumeration such as "12.", "2.1" or "一、" — ' +
  'ends with a question mark (？ or ?). Line numbers are 1-based.';

const QUESTION_MARKER = /题目\s*[：:]/;
const HEADING = /^#{1,6}\s+(.*)$/;
const WHOLLY_BOLD = /^\*\*(.+)\*\*$/;
/** "12." "2.1" "3)" "一、" "(1)" at the start of a heading. */
const ENUMERATION = /^(?:\(?\d+(?:\.\d+)*[.)、．]?|[一二三四五六七八九十]+[、.．])\s*/;

/** Remove markdown emphasis/code markup and collapse whitespace. */
function stripMarkup(s: string): string {
  return s
    .replace(/\*\*|__|`/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Find the question occurrences in one seed document.
 * Lines may end with "\n" or "\r\n".
 */
export function extractSeedQuestions(text: string): SeedOccurrence[] {
  const out: SeedOccurrence[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const trimmed = raw.trim();
    if (trimmed === '') return;
    const marker = QUESTION_MARKER.exec(trimmed);
    if (marker) {
      const question = stripMarkup(trimmed.slice(marker.index + marker[0].length));
      if (question !== '') out.push({ line: index + 1, heading: trimmed, question });
      return;
    }
    const heading = HEADING.exec(trimmed);
    const bold = heading ? null : WHOLLY_BOLD.exec(trimmed);
    const body = heading?.[1] ?? bold?.[1];
    if (body === undefined) return;
    const question = stripMarkup(stripMarkup(body).replace(ENUMERATION, ''));
    if (/[？?]$/.test(question)) out.push({ line: index + 1, heading: trimmed, question });
  });
  return out;
}
