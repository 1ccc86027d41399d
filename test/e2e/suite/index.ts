/**
 * Mocha integration tests that run INSIDE code-server's (Node) extension host, with mlnb loaded as a
 * development extension from the repo. Bundled by test/e2e/run.mjs into test/e2e/out/suite.js and loaded
 * by the workbench through the URL payload `extensionTestsPath`; VS Code calls run() and ends the
 * extension host with its outcome (the page's codeAutomationExit receives the exit code).
 * The results are also written to <workspace>/ext-host-results.json for the runner's pass/fail count.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import registerActivation from './activation.test';
import registerSerializer from './serializer.test';
import registerExecution from './execution.test';
import registerInterop from './interop.test';
import registerHints from './hints.test';
import registerLanguage from './language.test';
import registerKernels from './kernels.test';
import registerQuestions from './questions.test';
import registerWalkthrough from './walkthrough.test';
import registerDebugging from './debugging.test';

interface Result {
  title: string;
  state: 'passed' | 'failed';
  durationMs?: number;
  error?: string;
}

export async function run(): Promise<void> {
  // Mocha 12 is an ES module: import() it, as the extension host of VS Code 1.99 (Node 20.18) cannot require() one.
  const mochaModule: { default?: unknown } = await import('mocha');
  const MochaClass = (mochaModule.default ?? mochaModule) as typeof Mocha;
  const mocha = new MochaClass({ ui: 'tdd', timeout: 90_000, color: false, reporter: 'spec' });
  mocha.suite.emit('pre-require', globalThis, 'inline', mocha);
  // MLNB_E2E_EXT_GREP=regex runs only the matching tests (the server passes its environment on to the extension host).
  if (process.env.MLNB_E2E_EXT_GREP) mocha.grep(new RegExp(process.env.MLNB_E2E_EXT_GREP));
  registerActivation();
  registerSerializer();
  registerExecution();
  registerInterop();
  registerHints();
  registerLanguage();
  registerKernels();
  registerQuestions();
  registerWalkthrough();
  registerDebugging();

  const results: Result[] = [];
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const write = () => {
    if (!folder) return;
    const passed = results.filter((r) => r.state === 'passed').length;
    fs.writeFileSync(path.join(folder, 'ext-host-results.json'), JSON.stringify({ passed, failed: results.length - passed, results }, null, 2));
  };
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures: number) => {
      write();
      if (failures) reject(new Error(`${failures} test(s) failed`));
      else resolve();
    });
    runner.on('pass', (t: Mocha.Test) => results.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration }));
    runner.on('fail', (t: Mocha.Test, err: Error) => results.push({ title: t.fullTitle(), state: 'failed', error: String(err?.stack ?? err) }));
  });
}
