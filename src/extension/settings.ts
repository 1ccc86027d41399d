/**
 * Every `mlnb.*` setting: its type, default, allowed values and whether a running kernel must restart to use
 * it; and the check that turns what settings.json holds into a typed value. No 'vscode' import, so the unit
 * tests compare it with package.json's `contributes.configuration`; ./config.ts reads VS Code through it.
 */
import type { DisplayLanguage } from '../core/i18n';
import type { BackendPreference, CompiledTrainingSetting } from '../core/protocol';

/** The value type of each setting, by its key under `mlnb.`. */
export interface Settings {
  backend: BackendPreference;
  compiledTraining: CompiledTrainingSetting;
  nodePath: string;
  kernelNodeArgs: string[];
  interruptGraceSeconds: number;
  stopIdleKernelsAfterMinutes: number;
  notifyLongCellSeconds: number;
  language: DisplayLanguage;
  'hints.enabled': boolean;
}
export type SettingKey = keyof Settings;

export interface SettingSpec<T> {
  /** The JSON type package.json declares. */
  type: 'string' | 'number' | 'boolean' | 'array';
  default: T;
  /** The only values allowed, as package.json's `enum`. */
  enum?: readonly T[];
  minimum?: number;
  /** 'kernel': a running kernel keeps the value it started with; the user is offered a restart when it changes. */
  restart?: 'kernel';
}

const BACKENDS: readonly BackendPreference[] = ['auto', 'tensorflow', 'wasm', 'cpu'];

export const SETTINGS: { readonly [K in SettingKey]: SettingSpec<Settings[K]> } = {
  backend: { type: 'string', default: 'auto', enum: BACKENDS, restart: 'kernel' },
  compiledTraining: { type: 'string', default: 'auto', enum: ['auto', 'off'], restart: 'kernel' },
  nodePath: { type: 'string', default: '', restart: 'kernel' },
  kernelNodeArgs: { type: 'array', default: [], restart: 'kernel' },
  // The kernel session takes its grace period when it starts.
  interruptGraceSeconds: { type: 'number', default: 3, minimum: 0.5, restart: 'kernel' },
  stopIdleKernelsAfterMinutes: { type: 'number', default: 30, minimum: 0 },
  notifyLongCellSeconds: { type: 'number', default: 30, minimum: 0 },
  language: { type: 'string', default: 'both', enum: ['both', 'zh', 'en'] },
  'hints.enabled': { type: 'boolean', default: true },
};

export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

/** The settings a running kernel does not see until it restarts. */
export const KERNEL_RESTART_SETTINGS: readonly SettingKey[] = SETTING_KEYS.filter((key) => SETTINGS[key].restart === 'kernel');

/** A setting's value as the code uses it, and what was wrong with the stored one (then the value is the default or the minimum). */
export interface CheckedSetting<T> {
  value: T;
  problem?: string;
}

/** The typed value of `mlnb.<key>` from what VS Code's settings hold (`undefined`: not set). */
export function checkSetting<K extends SettingKey>(key: K, stored: unknown): CheckedSetting<Settings[K]> {
  const spec: SettingSpec<Settings[K]> = SETTINGS[key];
  if (stored === undefined || stored === null) return { value: spec.default };
  const fallback = (why: string): CheckedSetting<Settings[K]> => ({
    value: spec.default,
    problem: `mlnb.${key} ${why}; got ${JSON.stringify(stored)}. Using the default, ${JSON.stringify(spec.default)}.`,
  });
  const ok = spec.type === 'array' ? Array.isArray(stored) && stored.every((item) => typeof item === 'string') : typeof stored === spec.type;
  if (!ok) return fallback(spec.type === 'array' ? 'must be a list of strings' : `must be a ${spec.type}`);
  if (spec.type === 'number' && !Number.isFinite(stored)) return fallback('must be a finite number');
  if (spec.enum && !(spec.enum as readonly unknown[]).includes(stored)) return fallback(`must be one of ${spec.enum.map((v) => JSON.stringify(v)).join(', ')}`);
  if (spec.minimum !== undefined && (stored as number) < spec.minimum) {
    return { value: spec.minimum as Settings[K], problem: `mlnb.${key} must be at least ${spec.minimum}; got ${JSON.stringify(stored)}. Using ${spec.minimum}.` };
  }
  return { value: stored as Settings[K] };
}
