/** Cells run through the mlnb controller (a real kernel process) from the notebook API. */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseNotebook, serializeNotebook, type CodeCell } from '../../../src/core/notebook';
import { MIME } from '../../../src/core/outputs';
import { notebookJson, outputText, repo, saveNotebook, waitFor, writeToWorkspace } from './helpers';

async function openAndRun(name: string, sources: string[]): Promise<vscode.NotebookDocument> {
  const file = writeToWorkspace(name, notebookJson(sources));
  const notebook = await vscode.workspace.openNotebookDocument(vscode.Uri.file(file));
  await vscode.window.showNotebookDocument(notebook);
  await vscode.commands.executeCommand('notebook.selectKernel', { id: 'mlnb.kernel.mlnb', extension: 'mlnb.mlnb' }).then(undefined, () => undefined);
  await vscode.commands.executeCommand('notebook.execute', notebook.uri);
  return notebook;
}

async function closeWithoutSaving(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

export default function register(): void {
  suite('execution', () => {
    test('running cells through the controller gives outputs and executionSummary.success', async () => {
      const notebook = await openAndRun('run.mlnb', [
        'const x = 40 + 2;\nx',
        "console.log('hello from the kernel');\nconst t = tf.tensor([1, 2, 3]).mul(2);\nt",
      ]);
      const cells = notebook.getCells();
      await waitFor('both cells to finish', () => cells.every((c) => c.executionSummary?.success !== undefined), 90_000);
      assert.deepEqual(cells.map((c) => c.executionSummary?.success), [true, true], cells.map(outputText).join('\n---\n'));
      assert.deepEqual(cells.map((c) => c.executionSummary?.executionOrder), [1, 2]);
      assert.match(outputText(cells[0]), /\b42\b/);
      const second = outputText(cells[1]);
      assert.match(second, /application\/vnd\.code\.notebook\.stdout\] hello from the kernel/);
      assert.match(second, /application\/vnd\.mlnb\.tensor\+json/, 'a tensor output');
      assert.match(second, /\[text\/plain\] Tensor[\s\S]*\[2, 4, 6\]/, 'the tensor as text');
      await closeWithoutSaving();
    });

    test('a diverged fit and a NaN tensor: the notebook saves, keeps every output, and reopens identically', async () => {
      const notebook = await openAndRun('diverged.mlnb', [
        [
          'const m = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1], kernelInitializer: "ones" })] });',
          'm.compile({ optimizer: tf.train.sgd(10), loss: "meanSquaredError" });',
          'await m.fit(tf.fill([16, 1], 1000), tf.fill([16, 1], -1000), { epochs: 8 });',
        ].join('\n'),
        'tf.tensor1d([1, NaN, Infinity, -Infinity])',
      ]);
      const cells = notebook.getCells();
      await waitFor('both cells to finish', () => cells.every((c) => c.executionSummary?.success !== undefined), 90_000);
      assert.deepEqual(cells.map((c) => c.executionSummary?.success), [true, true], cells.map(outputText).join('\n---\n'));
      await saveNotebook(notebook);
      const text = fs.readFileSync(notebook.uri.fsPath, 'utf8');
      const saved = parseNotebook(text).cells.filter((c): c is CodeCell => c.cell_type === 'code');
      const data = (cell: CodeCell, mime: string) => cell.outputs.flatMap((o) => ('data' in o ? [o.data[mime]] : [])).find((v) => v !== undefined) as Record<string, unknown[]> | undefined;
      const loss = (data(saved[0], MIME.training)?.history as unknown as { loss: unknown[] }).loss;
      assert.equal(loss.length, 8);
      assert.equal(loss.at(-1), 'NaN', `losses as saved: ${JSON.stringify(loss)}`);
      assert.deepEqual(data(saved[1], MIME.tensor)?.values, [1, 'NaN', 'Infinity', '-Infinity']);
      // Reopened from disk, the outputs are the same; saving again changes no byte.
      await closeWithoutSaving();
      const reopened = await vscode.workspace.openNotebookDocument(notebook.uri);
      assert.deepEqual(reopened.getCells().map(outputText), cells.map(outputText));
      assert.equal(serializeNotebook(parseNotebook(text)), text);
      const edit = new vscode.WorkspaceEdit();
      const first = reopened.cellAt(0).document;
      edit.insert(first.uri, new vscode.Position(0, 0), ' ');
      assert.ok(await vscode.workspace.applyEdit(edit));
      const undo = new vscode.WorkspaceEdit();
      undo.delete(first.uri, new vscode.Range(0, 0, 0, 1));
      assert.ok(await vscode.workspace.applyEdit(undo));
      await saveNotebook(reopened, 'saved again');
      assert.equal(fs.readFileSync(notebook.uri.fsPath, 'utf8'), text);
    });

    test('prints merge into one output per stream while the cell runs, and the saved cells read as mlnb run writes them, a dead kernel too', async () => {
      const sources = [
        "console.log('one');\nconsole.log('two');\nprocess.stdout.write('three\\n');\nconsole.error('warn 1');\nconsole.error('warn 2');\nconsole.log('four');",
        "process.kill(process.pid, 'SIGKILL');",
      ];
      const notebook = await openAndRun('streams.mlnb', sources);
      const [prints, dies] = notebook.getCells();
      await waitFor('both cells to finish', () => dies.executionSummary?.success !== undefined, 90_000);
      assert.equal(prints.executionSummary?.success, true, outputText(prints));
      const streams = prints.outputs.map((o) => `${o.items[0]?.mime.replace('application/vnd.code.notebook.', '')}: ${o.items.map((i) => Buffer.from(i.data).toString('utf8')).join('')}`);
      assert.deepEqual(streams, ['stdout: one\ntwo\nthree\n', 'stderr: warn 1\nwarn 2\n', 'stdout: four\n']);
      assert.equal(dies.executionSummary?.success, false);
      assert.match(outputText(dies), /KernelDied[\s\S]*killed by signal SIGKILL/);
      await saveNotebook(notebook);
      const edited = parseNotebook(fs.readFileSync(notebook.uri.fsPath, 'utf8')).cells as CodeCell[];
      await closeWithoutSaving();

      // The same notebook through `mlnb run`: the same outputs, cell by cell.
      const file = writeToWorkspace('streams-cli.mlnb', notebookJson(sources));
      const cli = spawnSync(process.execPath, [path.join(repo(), 'bin', 'mlnb.js'), 'run', file], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
      assert.equal(cli.status, 1, `mlnb run fails on the dead kernel:\n${cli.stdout}\n${cli.stderr}`);
      const written = parseNotebook(fs.readFileSync(file, 'utf8')).cells as CodeCell[];
      assert.deepEqual(written[0].outputs, edited[0].outputs);
      const [editorDeath, cliDeath] = [edited[1].outputs, written[1].outputs].map((outputs) => outputs.map((o) => (o.output_type === 'error' ? { ...o, evalue: o.evalue.split('\n')[0], traceback: o.traceback.slice(0, 1) } : o)));
      assert.deepEqual(editorDeath, cliDeath, 'the dead kernel reads the same (its last stderr lines may differ)');
      assert.deepEqual(cliDeath.at(-1), { output_type: 'error', ename: 'KernelDied', evalue: 'The kernel process was killed by signal SIGKILL.', traceback: ['KernelDied: The kernel process was killed by signal SIGKILL.'] });
    });

    test('an error fails its cell and stops the rest of the run', async () => {
      const notebook = await openAndRun('error.mlnb', ["throw new Error('boom from e2e')", '1 + 1']);
      const [bad, next] = notebook.getCells();
      await waitFor('the failing cell to finish', () => bad.executionSummary?.success !== undefined, 90_000);
      assert.equal(bad.executionSummary?.success, false);
      assert.match(outputText(bad), /application\/vnd\.code\.notebook\.error\][\s\S]*boom from e2e/);
      await new Promise((r) => setTimeout(r, 300));
      assert.notEqual(next.executionSummary?.success, true, 'the next cell did not run');
      assert.equal(next.outputs.length, 0);
      await closeWithoutSaving();
    });
  });
}
