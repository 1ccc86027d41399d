// Runs the extension-host test suite (test/e2e/suite, built by test/e2e/run.mjs) in desktop VS Code
// downloaded by @vscode/test-electron — for machines that can download VS Code. On machines that
// cannot (like mlnb's CI), `npm run test:e2e` runs the same suite in code-server instead, and nothing
// depends on this script.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
try {
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'test', 'e2e', 'out', 'suite.js'),
    launchArgs: [path.join(root, 'examples'), '--disable-extensions', '--disable-workspace-trust'],
  });
} catch (error) {
  console.error(`test:electron failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
