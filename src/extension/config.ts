/**
 * The one reader of mlnb's settings: typed getters read at call time (a change applies without a reload), the
 * one change listener that tells each feature about the settings it follows, and the offer to restart running
 * kernels when a setting they only read at start changes. What each setting is lives in ./settings.ts.
 */
import * as vscode from 'vscode';
import type { DisplayLanguage } from '../core/i18n';
import type { BackendPreference, CompiledTrainingSetting } from '../core/protocol';
import { checkSetting, KERNEL_RESTART_SETTINGS, SETTING_KEYS, type SettingKey, type Settings } from './settings';

/** Problems already shown, so a bad value is reported once, not on every read. */
const reported = new Set<string>();

/** The typed value of `mlnb.<key>`; a stored value of the wrong type or out of range is reported once and replaced. */
export function setting<K extends SettingKey>(key: K, scope?: vscode.ConfigurationScope): Settings[K] {
  const { value, problem } = checkSetting(key, vscode.workspace.getConfiguration('mlnb', scope).get<unknown>(key));
  if (problem && !reported.has(problem)) {
    reported.add(problem);
    void vscode.window.showWarningMessage(problem, 'Open Settings').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', `mlnb.${key}`);
    });
  }
  return value;
}

function update<K extends SettingKey>(key: K, value: Settings[K]): Thenable<void> {
  return vscode.workspace.getConfiguration('mlnb').update(key, value, vscode.ConfigurationTarget.Global);
}

export const Config = {
  backend: (): BackendPreference => setting('backend'),
  setBackend: (backend: BackendPreference) => update('backend', backend),
  compiledTraining: (): CompiledTrainingSetting => setting('compiledTraining'),
  /** Restricted Mode never lets a workspace pick the executable or its flags (restrictedConfigurations). */
  nodePath: (): string | undefined => setting('nodePath').trim() || undefined,
  kernelNodeArgs: (): string[] => setting('kernelNodeArgs'),
  interruptGraceMs: (): number => setting('interruptGraceSeconds') * 1000,
  notifyLongCellMs: (): number => setting('notifyLongCellSeconds') * 1000,
  /** 0: never. Fractions are allowed (tests use a few seconds). */
  stopIdleKernelsAfterMinutes: (): number => setting('stopIdleKernelsAfterMinutes'),
  stopIdleKernelsAfterMs: (): number => Config.stopIdleKernelsAfterMinutes() * 60_000,
  /** `mlnb.language`: the questions', hints' and practice notebooks' language. */
  language: (): DisplayLanguage => setting('language'),
  setLanguage: (language: DisplayLanguage) => update('language', language),
  hintsEnabled: (): boolean => setting('hints.enabled'),
  /** VS Code's own TypeScript or JavaScript formatting settings for a cell (`typescript.format.*`), which the cell formatter follows. */
  editorFormat: (document: vscode.TextDocument, typescript: boolean): vscode.WorkspaceConfiguration =>
    vscode.workspace.getConfiguration(typescript ? 'typescript.format' : 'javascript.format', document),
};

const changed = new vscode.EventEmitter<ReadonlySet<SettingKey>>();

/** Calls `listener` after any of `keys` changes (through the one listener registerConfig installs). */
export function onSettingsChange(keys: readonly SettingKey[], listener: () => void): vscode.Disposable {
  return changed.event((changedKeys) => {
    if (keys.some((key) => changedKeys.has(key))) listener();
  });
}

/** What the restart offer needs from the kernels, without this module knowing the controller. */
export interface RunningKernels {
  count(): number;
  restartAll(): Promise<void>;
}

/**
 * The one configuration listener: dispatches the changed `mlnb.*` keys to onSettingsChange's listeners, and when
 * a kernel-restart setting changed while kernels run, says so with a "Restart Kernels" action.
 */
export function registerConfig(kernels: RunningKernels): vscode.Disposable {
  return vscode.Disposable.from(
    changed,
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      const keys = new Set(SETTING_KEYS.filter((key) => event.affectsConfiguration(`mlnb.${key}`)));
      if (keys.size === 0) return;
      changed.fire(keys);
      const needRestart = KERNEL_RESTART_SETTINGS.filter((key) => keys.has(key));
      const running = kernels.count();
      if (needRestart.length === 0 || running === 0) return;
      const names = needRestart.map((key) => `mlnb.${key}`).join(', ');
      const which = running === 1 ? 'The running kernel keeps' : `The ${running} running kernels keep`;
      const choice = await vscode.window.showInformationMessage(`${names} changed. ${which} the old value until restarted.`, RESTART_KERNELS);
      if (choice === RESTART_KERNELS) await kernels.restartAll();
    }),
  );
}

const RESTART_KERNELS = 'Restart Kernels';
