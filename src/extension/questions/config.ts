/** Typed access to the question features' settings, read at call time so changes apply at once. */
import * as vscode from 'vscode';
import type { DisplayLanguage } from '../../core/questions/bank';

const LANGUAGES: readonly DisplayLanguage[] = ['zh', 'en', 'both'];

/** `mlnb.language`: zh, en or both (default both). Anything else reads as both. */
export function questionLanguage(): DisplayLanguage {
  const value = vscode.workspace.getConfiguration('mlnb').get<string>('language', 'both');
  return (LANGUAGES as readonly string[]).includes(value) ? (value as DisplayLanguage) : 'both';
}

export function setQuestionLanguage(language: DisplayLanguage): Thenable<void> {
  return vscode.workspace.getConfiguration('mlnb').update('language', language, vscode.ConfigurationTarget.Global);
}
