/**
 * The daily question: the same question for everyone on a given calendar date, computed without any state.
 *
 * Days are numbered from 1970-01-01 and grouped into cycles as long as the bank. Each cycle shows a
 * permutation of the sorted ids, shuffled with a seed hashed (FNV-1a) from the cycle number, so over any
 * cycle every question comes up exactly once, and consecutive days never repeat a question (at a cycle
 * boundary the new cycle's first question is swapped away if it equals the old cycle's last).
 *
 * Pure: no 'vscode', no 'node:*'.
 */
import { seededRandom, shuffle } from '../random';

/** FNV-1a 32-bit hash of a string (UTF-16 code units). */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** `YYYY-MM-DD` of `date` in the local time zone (the learner's calendar day). */
export function localDateKey(date: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

const DATE_KEY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 for a `YYYY-MM-DD` key. Throws on anything else. */
export function dayNumber(dateKey: string): number {
  const m = DATE_KEY.exec(dateKey);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== dateKey) throw new Error(`not a YYYY-MM-DD date: ${dateKey}`);
  return Math.floor(ms / 86_400_000);
}

function cycleOrder(sorted: readonly string[], cycle: number): string[] {
  return shuffle(sorted, seededRandom(fnv1a(`mlnb-daily:${cycle}`)));
}

/**
 * The id of the question of the day for `date` (a Date, read in local time, or a `YYYY-MM-DD` key) among
 * `ids` (any order; duplicates ignored). Undefined when there are no ids.
 */
export function dailyQuestionId(ids: Iterable<string>, date: Date | string = new Date()): string | undefined {
  const sorted = [...new Set(ids)].sort();
  const n = sorted.length;
  if (n === 0) return undefined;
  const day = dayNumber(typeof date === 'string' ? date : localDateKey(date));
  const cycle = Math.floor(day / n);
  const order = cycleOrder(sorted, cycle);
  if (n > 1 && order[0] === cycleOrder(sorted, cycle - 1)[n - 1]) [order[0], order[1]] = [order[1], order[0]];
  return order[((day % n) + n) % n];
}
