/**
 * The bytes of a notebook file as text: UTF-8, with or without a BOM; UTF-16/32 and invalid UTF-8 are refused
 * with a NotebookFormatError that says where and how to fix it.
 */
import { NotebookFormatError, positionAt } from './notebookErrors';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function decodeInput(input: string | Uint8Array, fileName: string | undefined): string {
  if (typeof input === 'string') {
    // Text that was decoded as Latin-1 or lossy UTF-8 shows a UTF-16/32 BOM as these characters.
    if (/^(\u00ff\u00fe|\u00fe\u00ff|\ufffd\ufffd)/.test(input)) {
      throw encodingError(fileName, 'UTF-16 or UTF-32 (it starts with a byte-order mark)');
    }
    return input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  }
  const b = input;
  // UTF-32 LE must be checked before UTF-16 LE: its BOM starts with the same two bytes.
  if (b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) throw encodingError(fileName, 'UTF-32 LE');
  if (b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff) throw encodingError(fileName, 'UTF-32 BE');
  if (b[0] === 0xff && b[1] === 0xfe) throw encodingError(fileName, 'UTF-16 LE');
  if (b[0] === 0xfe && b[1] === 0xff) throw encodingError(fileName, 'UTF-16 BE');
  // JSON text never contains a NUL byte; NULs among the first bytes mean UTF-16/32 without a BOM.
  if (Array.prototype.slice.call(b, 0, 4).includes(0)) {
    throw encodingError(fileName, 'UTF-16 or UTF-32 without a byte-order mark (it contains NUL bytes)');
  }
  // A UTF-8 BOM is harmless (some Windows editors add it): accept it and write the file back without.
  const start = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  const body = b.subarray(start);
  try {
    return utf8.decode(body);
  } catch {
    const bad = firstInvalidUtf8(body);
    const before = utf8.decode(body.subarray(0, bad));
    const at = positionAt(before, before.length);
    throw new NotebookFormatError({
      problem:
        `the file is not valid UTF-8 (byte 0x${body[bad].toString(16).padStart(2, '0')} at byte offset ${bad + start}); ` +
        'notebooks are UTF-8 JSON: re-save it as UTF-8',
      fileName,
      ...at,
      offset: before.length,
    });
  }
}

function encodingError(fileName: string | undefined, encoding: string): NotebookFormatError {
  return new NotebookFormatError({
    problem: `the file is encoded as ${encoding}; notebooks are UTF-8 JSON (as Jupyter writes them): save it as UTF-8`,
    fileName,
    line: 1,
    column: 1,
    offset: 0,
  });
}

/** Offset of the first byte that starts an invalid UTF-8 sequence (WHATWG decoder rules). */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c < 0x80) need = 0;
    else if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0; // no overlongs
      if (c === 0xed) hi = 0x9f; // no surrogates
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f; // nothing above U+10FFFF
    } else return i;
    for (let k = 1; k <= need; k++) {
      const d = b[i + k];
      if (d === undefined || d < (k === 1 ? lo : 0x80) || d > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return b.length;
}
