#!/usr/bin/env node
/**
 * Rewrite the tags of every entry in one or more question files through the curated vocabulary:
 *
 *   node scripts/questions/retag.mjs questions/<category>.json [...]      rewrite in place
 *   node scripts/questions/retag.mjs --check questions/<category>.json    report only, exit 1 on problems
 *
 * A tag already in questions/tags.json stays; a retired tag is replaced through scripts/questions/tags-map.json
 * (a null target drops it, e.g. "metrics", which said nothing a category does not); repeats are removed,
 * order is kept. Tags found in neither file are kept and reported, as are entries left with fewer than 3
 * or more than 6 tags — those need a human choice, so nothing is guessed or cut.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..', '..');
export const MIN_TAGS = 3;
export const MAX_TAGS = 6;

/** Vocabulary tag names from questions/tags.json. */
export function readVocabulary(file = join(ROOT, 'questions', 'tags.json')) {
  const data = JSON.parse(readFileSync(file, 'utf8'));
  return new Set(data.tags.map((t) => t.tag));
}

/** Old tag → vocabulary tag (or null to drop). */
export function readTagMap(file = join(HERE, 'tags-map.json')) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** The entry's tags mapped onto the vocabulary, plus the tags that could not be mapped. */
export function retagList(tags, vocabulary, map) {
  const out = [];
  const unknown = [];
  for (const tag of tags) {
    let next = tag;
    if (!vocabulary.has(tag)) {
      if (Object.hasOwn(map, tag)) next = map[tag];
      else unknown.push(tag);
    }
    if (next !== null && !out.includes(next)) out.push(next);
  }
  return { tags: out, unknown };
}

function main(argv) {
  const check = argv.includes('--check');
  const files = argv.filter((a) => a !== '--check');
  if (files.length === 0) {
    console.error('usage: node scripts/questions/retag.mjs [--check] questions/<category>.json [...]');
    return 2;
  }
  const vocabulary = readVocabulary();
  const map = readTagMap();
  let problems = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const entries = JSON.parse(text);
    if (!Array.isArray(entries)) {
      console.error(`${file}: not a JSON array of entries`);
      problems++;
      continue;
    }
    let changed = 0;
    entries.forEach((entry, i) => {
      const where = `${file}[${i}] ${entry.id}`;
      const { tags, unknown } = retagList(entry.tags ?? [], vocabulary, map);
      for (const t of unknown) {
        console.error(`${where}: tag "${t}" is not in questions/tags.json (pick one that is, or add it there)`);
        problems++;
      }
      if (tags.length < MIN_TAGS || tags.length > MAX_TAGS) {
        console.error(`${where}: has ${tags.length} tags after retagging (want ${MIN_TAGS}–${MAX_TAGS}): ${tags.join(', ')}`);
        problems++;
      }
      if (JSON.stringify(tags) !== JSON.stringify(entry.tags)) {
        changed++;
        if (check) console.error(`${where}: tags would change: ${(entry.tags ?? []).join(', ')} → ${tags.join(', ')}`);
        else entry.tags = tags;
      }
    });
    if (!check && changed > 0) {
      const out = JSON.stringify(entries, null, 2) + '\n';
      if (out !== text) writeFileSync(file, out);
    }
    console.log(`${file}: ${entries.length} entries, ${changed} ${check ? 'would change' : 'retagged'}`);
    if (check) problems += changed;
  }
  return problems > 0 ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2));
