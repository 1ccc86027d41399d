/**
 * Debug Cell and Run by Line in the real VS Code: its built-in JavaScript debugger (js-debug) attached to the
 * notebook's running kernel. The DAP traffic is read through a tracker and driven with customRequest, as the
 * debug toolbar, the Variables view and the Debug Console would.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { notebookJson, outputText, waitFor, writeToWorkspace } from './helpers';

interface Stop {
  session: vscode.DebugSession;
  threadId: number;
  reason: string;
}

interface Frame {
  id: number;
  name: string;
  line: number;
  source?: { name?: string; path?: string };
}

/** Every `stopped` event of js-debug's sessions, in order. */
function watchStops(): { stops: Stop[]; live: Set<vscode.DebugSession>; dispose(): void } {
  const stops: Stop[] = [];
  const live = new Set<vscode.DebugSession>();
  const started = vscode.debug.onDidStartDebugSession((s) => live.add(s));
  const ended = vscode.debug.onDidTerminateDebugSession((s) => live.delete(s));
  const registration = vscode.debug.registerDebugAdapterTrackerFactory('pwa-node', {
    createDebugAdapterTracker: (session) => ({
      onDidSendMessage: (message: { type?: string; event?: string; body?: { threadId: number; reason: string } }) => {
        if (message.type === 'event' && message.event === 'stopped' && message.body) stops.push({ session, threadId: message.body.threadId, reason: message.body.reason });
      },
    }),
  });
  return { stops, live, dispose: () => vscode.Disposable.from(registration, started, ended).dispose() };
}

async function frames(stop: Stop): Promise<Frame[]> {
  const response = (await stop.session.customRequest('stackTrace', { threadId: stop.threadId, startFrame: 0, levels: 20 })) as { stackFrames: Frame[] };
  return response.stackFrames;
}

/** The variables of the frame's scopes, by name (the Global scope only when asked: it is large). */
async function variables(stop: Stop, frameId: number, scopeName: RegExp): Promise<Map<string, string>> {
  const { scopes } = (await stop.session.customRequest('scopes', { frameId })) as { scopes: { name: string; variablesReference: number }[] };
  const out = new Map<string, string>();
  for (const scope of scopes.filter((s) => scopeName.test(s.name))) {
    const { variables: vars } = (await stop.session.customRequest('variables', { variablesReference: scope.variablesReference })) as { variables: { name: string; value: string }[] };
    for (const v of vars) if (!out.has(v.name)) out.set(v.name, v.value);
  }
  return out;
}

/** `repl` is what the Debug Console sends, `watch` what the Watch view sends for each expression. */
async function evaluate(stop: Stop, frameId: number, expression: string, context: 'repl' | 'watch' = 'repl'): Promise<string> {
  const response = (await stop.session.customRequest('evaluate', { expression, frameId, context })) as { result: string };
  return response.result;
}

async function nextStop(stops: Stop[], count: number): Promise<Stop> {
  return waitFor(`stop #${count + 1} of the debugger`, () => stops[count], 150_000); // a cold kernel on a busy machine: TF.js loads, js-debug attaches
}

async function openNotebook(name: string, sources: string[]): Promise<vscode.NotebookDocument> {
  const notebook = await vscode.workspace.openNotebookDocument(vscode.Uri.file(writeToWorkspace(name, notebookJson(sources))));
  await vscode.window.showNotebookDocument(notebook);
  await vscode.commands.executeCommand('notebook.selectKernel', { id: 'mlnb.kernel.mlnb', extension: 'mlnb.mlnb' }).then(undefined, () => undefined);
  return notebook;
}

async function runCell(notebook: vscode.NotebookDocument, index: number): Promise<vscode.NotebookCell> {
  const cell = notebook.cellAt(index);
  const before = cell.executionSummary?.executionOrder;
  await vscode.commands.executeCommand('notebook.cell.execute', { ranges: [{ start: index, end: index + 1 }], document: notebook.uri });
  await waitFor(`cell ${index + 1} to finish`, () => cell.executionSummary?.success !== undefined && cell.executionSummary.executionOrder !== before, 90_000);
  return cell;
}

export default function register(): void {
  suite('debugging', () => {
    let watcher: ReturnType<typeof watchStops>;
    setup(() => (watcher = watchStops()));
    teardown(async () => {
      watcher.dispose();
      vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
      if (vscode.debug.activeDebugSession) await vscode.debug.stopDebugging();
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });

    test('Debug Cell: breakpoints in the cell and in an earlier cell\'s function, variables, step, Debug Console, continue keeps the globals', async function () {
      this.timeout(240_000);
      const notebook = await openNotebook('debug-cell.mlnb', [
        'function scale(v: number): number {\n  const doubled = v * 2;\n  return doubled;\n}',
        'const weights = tf.tensor([[1, 2], [3, 4]]);\nlet total: number = scale(20);\ntotal += 1;\nconst label = `total ${total}`;',
        'label',
      ]);
      const [first, second, third] = notebook.getCells();
      await runCell(notebook, 0); // defines scale() before any debugger is attached
      vscode.debug.addBreakpoints([
        new vscode.SourceBreakpoint(new vscode.Location(first.document.uri, new vscode.Position(1, 0))),
        new vscode.SourceBreakpoint(new vscode.Location(second.document.uri, new vscode.Position(2, 0))),
      ]);
      const debugging = vscode.commands.executeCommand('mlnb.debugCell', second);

      // 1. In the function cell 1 defined, called from cell 2.
      const inFunction = await nextStop(watcher.stops, 0);
      const functionFrames = await frames(inFunction);
      assert.equal(functionFrames[0].source?.path, first.document.uri.toString(), `top frame in cell 1: ${JSON.stringify(functionFrames[0])}`);
      assert.equal(functionFrames[0].line, 2);
      assert.match(functionFrames[0].name, /\bscale$/);
      assert.equal(functionFrames[0].source?.name, 'In[1]');
      const caller = functionFrames.find((f) => f.source?.path === second.document.uri.toString());
      assert.ok(caller, `a frame in cell 2: ${JSON.stringify(functionFrames.map((f) => [f.name, f.source?.name, f.line]))}`);
      assert.equal(caller.line, 2);
      assert.equal(caller.name, 'In[*]', 'the running cell is named as Jupyter does');
      assert.equal((await variables(inFunction, functionFrames[0].id, /^Local/)).get('v'), '20');
      await inFunction.session.customRequest('continue', { threadId: inFunction.threadId });

      // 2. In cell 2 itself.
      const inCell = await nextStop(watcher.stops, 1);
      const cellFrames = await frames(inCell);
      assert.equal(cellFrames[0].source?.path, second.document.uri.toString(), JSON.stringify(cellFrames[0]));
      assert.equal(cellFrames[0].line, 3);
      assert.equal((await variables(inCell, cellFrames[0].id, /^Global/)).get('total'), '40', 'the cell\'s global, in Variables');
      assert.match(await evaluate(inCell, cellFrames[0].id, 'weights'), /^float32\[2,2\] \[1, 2, 3, 4\]$/, 'a tensor shows dtype, shape and values');

      // 3. Step over, then the Debug Console evaluates in the kernel's scope.
      await inCell.session.customRequest('next', { threadId: inCell.threadId });
      const stepped = await nextStop(watcher.stops, 2);
      const steppedFrames = await frames(stepped);
      assert.equal(steppedFrames[0].source?.path, second.document.uri.toString());
      assert.equal(steppedFrames[0].line, 4);
      assert.equal(await evaluate(stepped, steppedFrames[0].id, 'total * 2'), '82');
      assert.match(await evaluate(stepped, steppedFrames[0].id, 'weights.shape', 'watch'), /^(\(2\) )?\[2, 2\]$/, 'a watch expression');

      // 4. Continue: the cell finishes, the debug session ends, and cell 3 sees what cell 2 defined.
      await stepped.session.customRequest('continue', { threadId: stepped.threadId });
      await debugging;
      assert.equal(second.executionSummary?.success, true, outputText(second));
      await waitFor('the debug sessions to end', () => watcher.live.size === 0, 30_000);
      await runCell(notebook, 2);
      assert.equal(third.executionSummary?.success, true, outputText(third));
      assert.match(outputText(third), /total 41/);
    });

    test('Run by Line: stops at the cell\'s first line without breakpoints, steps, Continue runs the rest', async function () {
      this.timeout(240_000);
      const notebook = await openNotebook('run-by-line.mlnb', ['const a = 1;\nconst b = a + 1;\nconst c = b + 1;', 'c']);
      const [cell, next] = notebook.getCells();
      const running = vscode.commands.executeCommand('mlnb.runByLine', cell);
      // The kernel pauses before the cell's first statement and the extension steps onto it.
      const start = await nextStop(watcher.stops, 1);
      const startFrames = await frames(start);
      assert.equal(startFrames[0].source?.path, cell.document.uri.toString(), JSON.stringify(startFrames[0]));
      assert.equal(startFrames[0].line, 1);
      await start.session.customRequest('next', { threadId: start.threadId });
      const second = await nextStop(watcher.stops, 2);
      const secondFrames = await frames(second);
      assert.equal(secondFrames[0].line, 2, JSON.stringify(secondFrames[0]));
      assert.equal(await evaluate(second, secondFrames[0].id, 'a'), '1');
      await second.session.customRequest('continue', { threadId: second.threadId });
      await running;
      assert.equal(cell.executionSummary?.success, true, outputText(cell));
      await waitFor('the debug sessions to end', () => watcher.live.size === 0, 30_000);
      await runCell(notebook, 1);
      assert.match(outputText(next), /\b3\b/);
    });

    test('Debug Cell in an awaiting cell: a breakpoint in a model.fit callback stops with the epoch\'s logs', async function () {
      this.timeout(240_000);
      const notebook = await openNotebook('debug-fit.mlnb', [
        [
          'const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });',
          "model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });",
          'const epochsSeen: number[] = [];',
          'await model.fit(tf.ones([8, 1]), tf.ones([8, 1]), { epochs: 3, verbose: 0, callbacks: { onEpochEnd: (epoch, logs) => {',
          '  epochsSeen.push(epoch);',
          '} } });',
          'epochsSeen.length',
        ].join('\n'),
      ]);
      const [cell] = notebook.getCells();
      vscode.debug.addBreakpoints([new vscode.SourceBreakpoint(new vscode.Location(cell.document.uri, new vscode.Position(4, 0)))]);
      const debugging = vscode.commands.executeCommand('mlnb.debugCell', cell);
      const stop = await nextStop(watcher.stops, 0);
      const top = (await frames(stop))[0];
      assert.equal(top.source?.path, cell.document.uri.toString(), JSON.stringify(top));
      assert.equal(top.line, 5);
      assert.equal(await evaluate(stop, top.id, 'epoch'), '0');
      assert.match(await evaluate(stop, top.id, 'typeof logs.loss'), /number/);
      vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
      await stop.session.customRequest('continue', { threadId: stop.threadId });
      await debugging;
      assert.equal(cell.executionSummary?.success, true, outputText(cell));
      assert.match(outputText(cell), /\b3\b/, 'every epoch ran after the stop');
    });

    test('Stopping the debug session while paused lets the cell finish and leaves the kernel usable', async function () {
      this.timeout(240_000);
      const notebook = await openNotebook('debug-stop.mlnb', ['const before = 1;\nconst after = before + 1;', 'after * 10']);
      const [cell, next] = notebook.getCells();
      vscode.debug.addBreakpoints([new vscode.SourceBreakpoint(new vscode.Location(cell.document.uri, new vscode.Position(1, 0)))]);
      const debugging = vscode.commands.executeCommand('mlnb.debugCell', cell);
      const stop = await nextStop(watcher.stops, 0);
      let root = stop.session;
      while (root.parentSession) root = root.parentSession;
      await vscode.debug.stopDebugging(root);
      await debugging;
      await waitFor('the cell to finish', () => cell.executionSummary?.success !== undefined, 60_000);
      assert.equal(cell.executionSummary?.success, true, outputText(cell));
      await waitFor('the debug sessions to end', () => watcher.live.size === 0, 30_000);
      await runCell(notebook, 1);
      assert.match(outputText(next), /\b20\b/);
    });

    test('Interrupt while paused ends the debug session and interrupts the cell; Restart while paused restarts the kernel', async function () {
      this.timeout(240_000);
      const notebook = await openNotebook('debug-interrupt.mlnb', ['let spins = 0;\nwhile (true) { spins++; }', 'typeof spins']);
      const [loop, probe] = notebook.getCells();
      vscode.debug.addBreakpoints([new vscode.SourceBreakpoint(new vscode.Location(loop.document.uri, new vscode.Position(1, 0)))]);
      const debugging = vscode.commands.executeCommand('mlnb.debugCell', loop);
      await nextStop(watcher.stops, 0);
      await vscode.commands.executeCommand('notebook.cancelExecution');
      await debugging;
      await waitFor('the interrupted cell to finish', () => loop.executionSummary?.success !== undefined, 30_000);
      assert.equal(loop.executionSummary?.success, false);
      assert.match(outputText(loop), /KeyboardInterrupt/);
      await waitFor('the debug sessions to end', () => watcher.live.size === 0, 30_000);
      await runCell(notebook, 1);
      assert.match(outputText(probe), /'number'/, 'the kernel kept the globals');

      const again = vscode.commands.executeCommand('mlnb.debugCell', loop);
      await nextStop(watcher.stops, 1);
      await vscode.commands.executeCommand('mlnb.restartKernel');
      await again;
      await waitFor('the debug sessions to end', () => watcher.live.size === 0, 30_000);
      await runCell(notebook, 1);
      assert.match(outputText(probe), /'undefined'/, 'a fresh kernel');
    });
  });
}
