// Benchmark 4e: reading garbled notebooks. parseNotebook (src/core/notebook.ts) on truncated, byte-flipped and
// spliced copies of the example and fixture notebooks — the inputs whose error it must locate and explain —
// vs JSON.parse of the same text as the peer (which only says yes or no). The unit tier checks what each input
// gives (a notebook or a NotebookFormatError, test/unit/notebook.property.test.ts); how long it takes is measured
// here, never asserted: the slowest input is reported against the 1 s goal.
//   node --import tsx bench/parse.ts
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseNotebook } from '../src/core/notebook';
import { summarize } from './lib/stats.mjs';

const ROOT = resolve(__dirname, '..');
const folders = [join(ROOT, 'examples'), join(ROOT, 'test', 'fixtures', 'notebooks', 'good')];
const bases = folders.flatMap((dir) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.mlnb') || f.endsWith('.ipynb'))
    .map((f) => readFileSync(join(dir, f), 'utf8')),
);

/** A seeded generator (mulberry32), so every run measures the same inputs. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FRAGMENTS = ['{', '}', '[', ']', ',', ':', '"', '\\', '\\u', 'NaN', '\n<<<<<<< HEAD\n', '\u0000', '\ud800', '"cells": 3,'];
const INPUTS = 3000;
const next = random(20240501);
const pick = (n: number) => Math.floor(next() * n);
const encoder = new TextEncoder();
const inputs: (string | Uint8Array)[] = [];
for (let i = 0; i < INPUTS; i++) {
  const base = bases[i % bases.length]!;
  const at = pick(base.length + 1);
  const kind = i % 3;
  if (kind === 0) inputs.push(base.slice(0, at));
  else if (kind === 1) inputs.push(base.slice(0, at) + FRAGMENTS[pick(FRAGMENTS.length)] + base.slice(at));
  else {
    const bytes = encoder.encode(base);
    for (let flips = 1 + pick(4); flips > 0; flips--) bytes[pick(bytes.length)] = pick(256);
    inputs.push(bytes);
  }
}

const decoder = new TextDecoder();
function time(f: () => void): number {
  const t0 = performance.now();
  try {
    f();
  } catch {
    // refusing the input is the expected outcome for most of them; only the time counts here
  }
  return performance.now() - t0;
}

// Warm up both once over every input, then alternate them per input.
for (const input of inputs) {
  time(() => parseNotebook(input, 'garbled.mlnb'));
  time(() => JSON.parse(typeof input === 'string' ? input : decoder.decode(input)));
}
const mlnb: number[] = [];
const peer: number[] = [];
let refused = 0;
for (const input of inputs) {
  mlnb.push(
    time(() => {
      try {
        parseNotebook(input, 'garbled.mlnb');
      } catch (e) {
        refused++;
        throw e;
      }
    }),
  );
  peer.push(time(() => JSON.parse(typeof input === 'string' ? input : decoder.decode(input))));
}
const parseNotebookMs = summarize(mlnb);
const jsonParseMs = summarize(peer);
console.log(
  JSON.stringify({ notebooks: bases.length, inputs: inputs.length, refused, parseNotebook: parseNotebookMs, jsonParse: jsonParseMs, ratioP50: parseNotebookMs.p50 / jsonParseMs.p50, ratioP95: parseNotebookMs.p95 / jsonParseMs.p95 }),
);
process.exit(0);
