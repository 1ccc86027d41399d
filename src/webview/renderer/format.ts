/** Number, size and duration formatting for the output renderer. Pure functions, no DOM. */

/** 1234567 → "1,234,567" (no locale lookups: the same text everywhere). */
export function thousands(n: number): string {
  if (!Number.isFinite(n)) return compact(n);
  const sign = n < 0 ? '-' : '';
  const [int, frac] = Math.abs(n).toString().split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return sign + grouped + (frac ? `.${frac}` : '');
}

/** Non-finite values: JSON turns NaN and ±Infinity into null, so null reads as "NaN". */
function nonFinite(v: number | null | undefined): string | undefined {
  if (v === null || v === undefined || Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '∞';
  if (v === -Infinity) return '-∞';
  return undefined;
}

/** A short, readable number: 0.2314, 12.35, 1,234, 1.23e-5, 4.56e+7. */
export function compact(v: number | null | undefined, digits = 4): string {
  const bad = nonFinite(v);
  if (bad !== undefined) return bad;
  const x = v as number;
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs >= 1e6 || abs < 1e-3) return exp(x, Math.max(1, digits - 2));
  if (Number.isInteger(x)) return thousands(x);
  if (abs >= 10 ** digits) return thousands(Math.round(x));
  return trimZeros(x.toPrecision(digits));
}

function exp(x: number, fractionDigits: number): string {
  const [mant, e] = x.toExponential(fractionDigits).split('e');
  return `${trimZeros(mant)}e${e.replace('+', '')}`;
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** Formats a block of tensor values consistently (same decimals for all), as numpy does. */
export function valueFormatter(values: readonly (number | null)[], dtype: string): (v: number | null) => string {
  if (dtype === 'bool') return (v) => (v === null ? 'NaN' : v ? 'true' : 'false');
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (dtype.startsWith('int') || finite.every((v) => Number.isInteger(v) && Math.abs(v) < 1e15)) {
    return (v) => nonFinite(v) ?? String(v);
  }
  const nonZero = finite.filter((v) => v !== 0).map(Math.abs);
  const maxAbs = nonZero.length ? Math.max(...nonZero) : 0;
  const minAbs = nonZero.length ? Math.min(...nonZero) : 0;
  if (maxAbs >= 1e6 || (minAbs > 0 && minAbs < 1e-4)) {
    return (v) => nonFinite(v) ?? (v === 0 ? '0' : (v as number).toExponential(3).replace('e+', 'e'));
  }
  let decimals = 0;
  for (const v of finite) {
    const s = v.toFixed(4);
    const d = s.replace(/0+$/, '').split('.')[1]?.length ?? 0;
    if (d > decimals) decimals = d;
    if (decimals === 4) break;
  }
  return (v) => nonFinite(v) ?? (v as number).toFixed(Math.max(decimals, 1));
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** 9412 → "9.19 KiB". */
export function bytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '—';
  let i = 0;
  let v = n;
  while (v >= 1024 && i < BYTE_UNITS.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${v} B` : `${v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)} ${BYTE_UNITS[i]}`;
}

/** 850 → "0.9s", 12_345 → "12.3s", 125_000 → "2m 05s", 4_000_000 → "1h 06m". */
export function duration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)}s`;
  const total = Math.round(s);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = total % 60;
  return h > 0 ? `${h}h ${String(m).padStart(2, '0')}m` : `${m}m ${String(sec).padStart(2, '0')}s`;
}

/** [28, 28, 3] → "[28, 28, 3]"; [] → "[] (scalar)". */
export function shapeText(shape: readonly number[]): string {
  return shape.length ? `[${shape.join(', ')}]` : '[] (scalar)';
}
