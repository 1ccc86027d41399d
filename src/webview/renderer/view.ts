import { fromJsonNumber } from '../../core/outputs';

/** One rendered output. `update` is called when the kernel replaces the same output with new data. */
export interface View {
  readonly root: HTMLElement;
  update(value: unknown): void;
  /** VS Code switched theme: re-read the colours that canvases baked in. */
  retheme(): void;
  dispose(): void;
}

// Untrusted JSON → safe values.
export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const num = (v: unknown, fallback = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
/** A number (NaN and ±Infinity come by name, see toJsonNumber), or null for anything else (older files wrote null). */
export const numOrNull = (v: unknown): number | null => fromJsonNumber(v) ?? null;
/** What a plot can draw: finite numbers; the rest is a gap. */
export const plottable = (v: number | null | undefined): number | null => (v != null && Number.isFinite(v) ? v : null);
export const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : v == null ? fallback : String(v));
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
