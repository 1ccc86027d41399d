/** The extension activates in the (remote, Node) extension host and registers every command it contributes. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extension } from './helpers';

export default function register(): void {
  suite('activation', () => {
    test('the extension activates in a Node extension host', async () => {
      const ext = extension();
      await ext.activate();
      assert.equal(ext.isActive, true);
      assert.ok(process.versions.node, 'runs in Node');
      assert.ok(vscode.env.remoteName, 'runs in the remote (server) extension host');
    });

    test('every contributed mlnb.* command is registered', async () => {
      const ext = extension();
      await ext.activate();
      const contributed = ((ext.packageJSON.contributes?.commands ?? []) as { command: string }[]).map((c) => c.command);
      assert.ok(contributed.length >= 5, `package.json contributes commands (${contributed.length})`);
      assert.ok(contributed.every((c) => c.startsWith('mlnb.')), 'all contributed commands are mlnb.*');
      const registered = new Set(await vscode.commands.getCommands(true));
      const missing = contributed.filter((c) => !registered.has(c));
      assert.deepEqual(missing, [], 'contributed but not registered');
    });
  });
}
