import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseNotebook, serializeNotebook, type Notebook } from '../../src/core/notebook';
import { NotebookFormatError } from '../../src/core/notebookErrors';

// ---------------------------------------------------------------------------------------------------
// Arbitraries: notebooks already in canonical in-memory form (what parseNotebook returns), so that
// parse(serialize(nb)) must give back exactly nb.

type Json = Record<string, unknown>;

/** Object.assign would turn a "__proto__" key into a prototype change; define it instead. */
function withFields(target: Json, extra: Json): Json {
  for (const key of Object.keys(extra)) {
    Object.defineProperty(target, key, { value: extra[key], enumerable: true, writable: true, configurable: true });
  }
  return target;
}

const lineBreak = fc.constantFrom('\n', '\r\n', '\r', '\v', '\f', '\x1c', '\x1d', '\x1e', '\x85', '\u2028', '\u2029');
/** Unicode text with every kind of line break Python's splitlines knows; optionally lone surrogates. */
const text = (loneSurrogates = true) =>
  fc
    .array(
      fc.oneof(
        { arbitrary: fc.string({ unit: 'binary', maxLength: 10 }), weight: 3 },
        { arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }), weight: 2 },
        { arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 6 }), weight: 2 },
        { arbitrary: lineBreak, weight: 3 },
        { arbitrary: loneSurrogates ? fc.constantFrom('\ud800', '\udfff', '\udbffx') : fc.constant('é'), weight: 1 },
      ),
      { maxLength: 8 },
    )
    .map((parts) => parts.join(''));

/** Keys that stress sorting: numeric-looking, astral vs. high-BMP, "__proto__". */
const key = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 6 }),
  fc.constantFrom('__proto__', 'constructor', 'toString', '10', '9', '', 'a', 'B', 'é', '\uffff', '\u{1f600}', '\ue000'),
);
const jsonValue = fc.jsonValue({ maxDepth: 3 });
/** Fields a level does not define (and that no normalisation step would touch). */
const unknownFields = (reserved: string[]) =>
  fc.dictionary(key.filter((k) => !reserved.includes(k)), jsonValue, { maxKeys: 3, noNullPrototype: true });

const isJsonMime = (m: string) => m === 'application/json' || (m.startsWith('application/') && m.endsWith('+json'));
const mimeBundle = (loneSurrogates: boolean) =>
  fc
    .array(
      fc.tuple(
        fc.oneof(
          fc.constantFrom(
            'text/plain', 'text/html', 'text/markdown', 'text/latex', 'image/png', 'image/svg+xml',
            'application/javascript', 'application/json', 'application/vnd.mlnb.tensor+json', 'application/pdf',
          ),
          fc.string({ unit: 'binary', maxLength: 5 }),
        ),
        text(loneSurrogates),
        jsonValue,
      ),
      { maxLength: 4 },
    )
    .map((entries) => {
      const bundle: Json = {};
      for (const [mime, str, json] of entries) withFields(bundle, { [mime]: isJsonMime(mime) ? json : str });
      return bundle;
    });

const output = (s: boolean) =>
  fc.oneof(
    fc
      .tuple(fc.constantFrom('stdout', 'stderr'), text(s), unknownFields(['output_type', 'name', 'text', 'transient']))
      .map(([name, t, extra]) => withFields({ output_type: 'stream', name, text: t }, extra)),
    fc
      .tuple(mimeBundle(s), fc.dictionary(key, jsonValue, { maxKeys: 2, noNullPrototype: true }), unknownFields(['output_type', 'data', 'metadata', 'transient']))
      .map(([data, metadata, extra]) => withFields({ output_type: 'display_data', data, metadata }, extra)),
    fc
      .tuple(mimeBundle(s), fc.dictionary(key, jsonValue, { maxKeys: 2, noNullPrototype: true }), fc.option(fc.nat()), unknownFields(['output_type', 'data', 'metadata', 'execution_count', 'transient']))
      .map(([data, metadata, n, extra]) => withFields({ output_type: 'execute_result', data, metadata, execution_count: n }, extra)),
    fc
      .tuple(text(s), text(s), fc.array(text(s), { maxLength: 3 }), unknownFields(['output_type', 'ename', 'evalue', 'traceback', 'transient']))
      .map(([ename, evalue, traceback, extra]) => withFields({ output_type: 'error', ename, evalue, traceback }, extra)),
  );

const cellMetadata = fc.dictionary(key.filter((k) => k !== 'trusted'), jsonValue, { maxKeys: 3, noNullPrototype: true });
const cellReserved = ['id', 'cell_type', 'source', 'metadata', 'attachments', 'outputs', 'execution_count'];
const cell = (s: boolean) =>
  fc.oneof(
    fc
      .tuple(text(s), cellMetadata, fc.array(output(s), { maxLength: 3 }), fc.option(fc.nat()), unknownFields(cellReserved))
      .map(([source, metadata, outputs, n, extra]) =>
        withFields({ cell_type: 'code', source, metadata, outputs, execution_count: n }, extra),
      ),
    fc
      .tuple(
        fc.constantFrom('markdown', 'raw'),
        text(s),
        cellMetadata,
        fc.option(fc.dictionary(key, mimeBundle(s), { maxKeys: 2, noNullPrototype: true }), { nil: undefined }),
        unknownFields(cellReserved),
      )
      .map(([cellType, source, metadata, attachments, extra]) =>
        withFields({ cell_type: cellType, source, metadata, ...(attachments ? { attachments } : {}) }, extra),
      ),
  );

const cellId = fc.oneof(fc.stringMatching(/^[0-9a-f]{8}$/), fc.stringMatching(/^[a-zA-Z0-9_-]{1,64}$/));

const notebook = (loneSurrogates = true): fc.Arbitrary<Notebook> =>
  fc
    .tuple(
      fc.array(cell(loneSurrogates), { maxLength: 4 }),
      fc.integer({ min: 0, max: 9 }),
      fc.option(fc.record({ name: text(loneSurrogates), display_name: text(loneSurrogates), language: fc.constantFrom('typescript', 'javascript') }, { noNullPrototype: true }), { nil: undefined }),
      fc.option(fc.record({ name: fc.constantFrom('typescript', 'javascript', 'python'), file_extension: fc.constantFrom('.ts', '.js') }, { noNullPrototype: true }), { nil: undefined }),
      unknownFields(['kernelspec', 'language_info', 'orig_nbformat', 'orig_nbformat_minor', 'signature']),
      unknownFields(['nbformat', 'nbformat_minor', 'metadata', 'cells']),
    )
    .chain(([cells, minor, kernelspec, languageInfo, metadataExtra, extra]) =>
      fc.uniqueArray(cellId, { minLength: cells.length, maxLength: cells.length }).map((ids) => {
        cells.forEach((c, i) => (c.id = ids[i]));
        const metadata = withFields({ ...(kernelspec ? { kernelspec } : {}), ...(languageInfo ? { language_info: languageInfo } : {}) }, metadataExtra);
        // Any notebook with cells carries ids, so it is (at least) nbformat 4.5.
        const nbformatMinor = cells.length > 0 ? Math.max(5, minor) : minor;
        return withFields({ nbformat: 4, nbformat_minor: nbformatMinor, metadata, cells }, extra) as unknown as Notebook;
      }),
    );

/** Same data, every object rebuilt with its keys in reverse insertion order. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value && typeof value === 'object') {
    const out: Json = {};
    for (const k of Object.keys(value).reverse()) withFields(out, { [k]: reverseKeys((value as Json)[k]) });
    return out;
  }
  return value;
}

// ---------------------------------------------------------------------------------------------------

describe('notebook format: properties', function () {
  this.timeout(60_000);

  it('parse(serialize(nb)) deep-equals nb, and serialize(parse(text)) === text', () => {
    fc.assert(
      fc.property(notebook(), (nb) => {
        const text = serializeNotebook(nb);
        const back = parseNotebook(text);
        assert.deepStrictEqual(back, nb);
        assert.equal(serializeNotebook(back), text);
        // Bytes in, with or without a UTF-8 BOM, read the same as the string.
        const bytes = new TextEncoder().encode(text);
        if (!/[\ud800-\udfff]/.test(text)) assert.deepStrictEqual(parseNotebook(bytes), nb);
      }),
      { numRuns: 300 },
    );
  });

  it('serializing is deterministic, key-order independent, does not mutate, and has the Jupyter shape', () => {
    fc.assert(
      fc.property(notebook(), (nb) => {
        const snapshot = JSON.stringify(nb);
        const text = serializeNotebook(nb);
        assert.equal(JSON.stringify(nb), snapshot);
        assert.equal(serializeNotebook(nb), text);
        assert.equal(serializeNotebook(reverseKeys(nb) as Notebook), text);
        assert.ok(text.endsWith('}\n') && !text.includes('\r'));
        assert.ok(!text.startsWith('\ufeff'));
        // Indent 1: every line is indented by its nesting depth (strings hold no raw line breaks).
        let depth = 0;
        for (const line of text.slice(0, -1).split('\n')) {
          if (/^\s*[\]}]/.test(line)) depth--;
          assert.equal(line.length - line.trimStart().length, depth, line);
          if (/[[{]$/.test(line)) depth++;
        }
        assert.equal(depth, 0);
        JSON.parse(text);
      }),
      { numRuns: 200 },
    );
  });

  it('matches Python json.dumps with nbformat\'s writer settings (needs python3; skipped without)', function () {
    // nbformat's JSONReader/JSONWriter reduced to their json calls (rwbase.py, nbjson.py): read, then
    // write again, which must reproduce our bytes exactly. Lone surrogates are left out because
    // Python can't encode them to UTF-8 at all.
    const script = `
import json, sys
def is_json_mime(m): return m == "application/json" or (m.startswith("application/") and m.endswith("+json"))
def rejoin(d):
    for k, v in list(d.items()):
        if not is_json_mime(k) and isinstance(v, list) and all(isinstance(x, str) for x in v): d[k] = "".join(v)
def split(d):
    for k, v in list(d.items()):
        if isinstance(v, str) and (k.startswith("text/") or k in ("application/javascript", "image/svg+xml")): d[k] = v.splitlines(True)
out = []
for text in json.loads(sys.stdin.read()):
    nb = json.loads(text)
    for c in nb["cells"]:
        if isinstance(c.get("source"), list): c["source"] = "".join(c["source"])
        for a in c.get("attachments", {}).values(): rejoin(a)
        if c["cell_type"] == "code":
            for o in c["outputs"]:
                if o["output_type"] in ("execute_result", "display_data"): rejoin(o["data"])
                elif isinstance(o.get("text", ""), list): o["text"] = "".join(o["text"])
    for c in nb["cells"]:
        if isinstance(c.get("source"), str): c["source"] = c["source"].splitlines(True)
        for a in c.get("attachments", {}).values(): split(a)
        if c["cell_type"] == "code":
            for o in c["outputs"]:
                if o["output_type"] in ("execute_result", "display_data"): split(o["data"])
                elif o["output_type"] == "stream" and isinstance(o["text"], str): o["text"] = o["text"].splitlines(True)
    s = json.dumps(nb, sort_keys=True, indent=1, separators=(",", ": "), ensure_ascii=False)
    out.append(s if s.endswith("\\n") else s + "\\n")
sys.stdout.buffer.write(json.dumps(out, ensure_ascii=True).encode("ascii"))
`;
    const fixtures = join(__dirname, '..', 'fixtures', 'notebooks', 'good');
    const texts = [
      ...fc.sample(notebook(false), { numRuns: 300, seed: 7 }).map(serializeNotebook),
      ...readdirSync(fixtures).map((f) => serializeNotebook(parseNotebook(readFileSync(join(fixtures, f))))),
    ];
    const python = spawnSync('python3', ['-c', script], { input: JSON.stringify(texts), maxBuffer: 1 << 28 });
    if (python.error || python.status !== 0) {
      if (python.error) this.skip();
      assert.fail(`python3 failed: ${python.stderr}`);
    }
    const rewritten: string[] = JSON.parse(python.stdout.toString('ascii'));
    assert.equal(rewritten.length, texts.length);
    texts.forEach((t, i) => assert.equal(rewritten[i], t, `notebook ${i}`));
  });

  // How long reading garbled input takes is measured by `npm run bench -- --only parse` (bench/parse.ts), never
  // asserted here: wall-clock time on a shared machine says little.
  it('10,000 mutated / truncated / garbled notebooks: a notebook or a NotebookFormatError', () => {
    const fixtures = join(__dirname, '..', 'fixtures', 'notebooks', 'good');
    const bases = [
      ...fc.sample(notebook(), { numRuns: 40, seed: 1 }).map(serializeNotebook),
      ...readdirSync(fixtures).map((f) => readFileSync(join(fixtures, f), 'utf8')),
    ].filter((t) => t.trim() !== '');
    const encoder = new TextEncoder();
    const fragments = [
      '{', '}', '[', ']', ',', ':', '"', '\\', '\\u', 'null', 'true', '0', '-', '01', '1e999', '-1', '1.5', '"x"',
      '[]', '{}', 'NaN', '/* c */', '// c\n', '\n<<<<<<< HEAD\n', '\n=======\n', '\n>>>>>>> b\n', '\u0000', '\ufeff',
      '\ud800', 'é', '\r\n', '\t', '"cells": 3,', '"source": {},', '"nbformat": 5,', '"cell_type": "heading",',
      '"outputs": [1],', '"execution_count": -1,', '"output_type": "pyout",', '"id": 7,',
    ];
    const wrongValues = fc.oneof(
      fc.constantFrom<unknown>(null, true, 0, -1, 1.5, '', 'x', [], {}, [1, 'a'], { a: 1 }, 'code', 'stream', 5, 3),
      fc.jsonValue({ maxDepth: 2 }),
    );

    const base = fc.nat().map((i) => bases[i % bases.length]);
    type Input = string | Uint8Array;
    const mutation: fc.Arbitrary<Input> = fc.oneof(
      // truncation at a random point
      fc.tuple(base, fc.nat()).map(([t, at]) => t.slice(0, at % (t.length + 1))),
      // byte flips in the UTF-8 encoding
      fc.tuple(base, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 })).map(([t, flips]) => {
        const bytes = encoder.encode(t);
        for (const [at, value] of flips) bytes[at % bytes.length] = value;
        return bytes;
      }),
      // insertion of JSON fragments (or random text)
      fc.tuple(base, fc.nat(), fc.oneof(fc.constantFrom(...fragments), fc.string({ unit: 'binary', maxLength: 4 }))).map(
        ([t, at, frag]) => t.slice(0, at % (t.length + 1)) + frag + t.slice(at % (t.length + 1)),
      ),
      // deleting a bracket
      fc.tuple(base, fc.nat()).map(([t, n]) => {
        const brackets = [...t.matchAll(/[[\]{}]/g)].map((m) => m.index);
        const at = brackets[n % brackets.length];
        return t.slice(0, at) + t.slice(at + 1);
      }),
      // deleting or duplicating a range
      fc.tuple(base, fc.nat(), fc.nat({ max: 200 }), fc.boolean()).map(([t, at, len, dup]) => {
        const start = at % (t.length + 1);
        return dup ? t.slice(0, start + len) + t.slice(start) : t.slice(0, start) + t.slice(start + len);
      }),
      // a value of the wrong type spliced in at a random place in the structure
      fc.tuple(base, fc.array(fc.nat(), { minLength: 1, maxLength: 8 }), wrongValues).map(([t, steps, value]) => {
        const root = JSON.parse(t.replace(/^\ufeff/, ''));
        let parent: Json | unknown[] = root;
        let slot: string | number = 'cells';
        for (const step of steps) {
          const child: unknown = (parent as Json)[slot as string];
          if (!child || typeof child !== 'object') break;
          const keys: (string | number)[] = Array.isArray(child) ? child.map((_, i) => i) : Object.keys(child);
          if (keys.length === 0) break;
          parent = child as Json;
          slot = keys[step % keys.length];
        }
        (parent as Json)[slot as string] = value;
        return JSON.stringify(root, null, steps[0] % 3);
      }),
      // random bytes
      fc.uint8Array({ maxLength: 64 }),
    );

    let parsed = 0;
    let refused = 0;
    fc.assert(
      fc.property(mutation, (input) => {
        let result: Notebook | undefined;
        let error: unknown;
        try {
          result = parseNotebook(input, 'fuzz.mlnb');
        } catch (e) {
          error = e;
        }
        if (error !== undefined) {
          refused++;
          assert.ok(error instanceof NotebookFormatError, `threw something else: ${String(error)}`);
          assert.ok(error.line! >= 1 && error.column! >= 1, `no position: ${error.message}`);
          assert.ok(error.message.startsWith(`fuzz.mlnb:${error.line}:${error.column}: `), error.message);
          return;
        }
        parsed++;
        // Only valid JSON (or a blank file) may come back as a notebook: nothing is "repaired".
        const decoded = (typeof input === 'string' ? input : new TextDecoder().decode(input)).replace(/^\ufeff/, '');
        if (decoded.trim() !== '') assert.doesNotThrow(() => JSON.parse(decoded));
        // And whatever we accepted, we can write and read back unchanged.
        const text = serializeNotebook(result!);
        assert.deepStrictEqual(parseNotebook(text), result);
      }),
      { numRuns: 10_000, seed: 20240501 },
    );
    // Both outcomes were exercised.
    assert.ok(parsed > 100 && refused > 5000, `parsed ${parsed}, refused ${refused}`);
  });
});
