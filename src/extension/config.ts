/** Typed access to mlnb's settings, read at call time so changes apply without a reload. */
import * as vscode from 'vscode';
import type { BackendPreference } from '../core/protocol';

function section() {
  return vscode.workspace.getConfiguration('mlnb');
}

export const Config = {
  backend: (): BackendPreference => section().get<BackendPreference>('backend', 'auto'),
  setBackend: (backend: BackendPreference) => section().update('backend', backend, vscode.ConfigurationTarget.Global),
  /** Restricted Mode never lets a workspace pick the executable or its flags (restrictedConfigurations). */
  nodePath: (): string | undefined => section().get<string>('nodePath')?.trim() || undefined,
  kernelNodeArgs: (): string[] => section().get<string[]>('kernelNodeArgs', []),
  interruptGraceMs: (): number => Math.max(500, section().get<number>('interruptGraceSeconds', 3) * 1000),
  notifyLongCellMs: (): number => section().get<number>('notifyLongCellSeconds', 30) * 1000,
  /** 0: never. Fractions are allowed (tests use a few seconds). */
  stopIdleKernelsAfterMinutes: (): number => Math.max(0, section().get<number>('stopIdleKernelsAfterMinutes', 30)),
  stopIdleKernelsAfterMs: (): number => Config.stopIdleKernelsAfterMinutes() * 60_000,
};
