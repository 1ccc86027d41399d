/**
 * The whole-notebook TypeScript language service in a real VS Code: cells see the names of earlier cells,
 * re-declare them as the kernel allows, and get completion, hover, signature help, definitions and real
 * type errors on the right cell. Snippets and concept hovers keep working in these cells.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { notebookJson, waitFor, writeToWorkspace } from './helpers';

const CELLS = [
  "import * as tfjs from '@tensorflow/tfjs';\nconst rate = 0.01;\nlet model = tf.sequential();",
  "const rate = 'shadowed'; // declared again, as the kernel allows\nmodel.add(tf.layers.dense({ units: 1, inputShape: [1] }));\nconst t = tfjs.tensor([1, 2]);\n",
  "const layer = tf.layers.dropout({ rate: 0.5 });\nconst wrong: number = rate;",
];

async function open(name: string, sources: string[]): Promise<vscode.NotebookDocument> {
  const notebook = await vscode.workspace.openNotebookDocument(vscode.Uri.file(writeToWorkspace(name, notebookJson(sources))));
  await vscode.window.showNotebookDocument(notebook);
  return notebook;
}

const tsDiagnostics = (cell: vscode.NotebookCell) => vscode.languages.getDiagnostics(cell.document.uri).filter((d) => d.source === 'ts');
const hoverText = (hovers: vscode.Hover[]) =>
  hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')).join('\n');
const position = (cell: vscode.NotebookCell, text: string, delta = 0) => cell.document.positionAt(cell.document.getText().indexOf(text) + delta);

async function completions(cell: vscode.NotebookCell, at: vscode.Position, trigger?: string): Promise<string[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', cell.document.uri, at, trigger);
  return list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
}

export default function register(): void {
  suite('typescript over the whole notebook', () => {
    let notebook: vscode.NotebookDocument;
    suiteSetup(async () => {
      notebook = await open('language.mlnb', CELLS);
    });
    suiteTeardown(async () => {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });

    test('code cells get mlnb TypeScript, and only the real type error is reported, on its cell and range', async () => {
      assert.deepEqual(notebook.getCells().map((c) => c.document.languageId), ['mlnb-typescript', 'mlnb-typescript', 'mlnb-typescript']);
      const [first, second, third] = notebook.getCells() as [vscode.NotebookCell, vscode.NotebookCell, vscode.NotebookCell];
      const error = await waitFor('the type error in cell 3', () => tsDiagnostics(third)[0], 30_000);
      assert.equal(error.code, 2322, error.message);
      assert.match(error.message, /Type 'string' is not assignable to type 'number'/);
      assert.equal(error.severity, vscode.DiagnosticSeverity.Error);
      const wrong = position(third, 'wrong');
      assert.deepEqual([error.range.start.line, error.range.start.character, error.range.end.character], [1, wrong.character, wrong.character + 'wrong'.length]);
      // No "Cannot find name 'model'", no "Cannot redeclare block-scoped variable 'rate'", import seen by cell 2.
      assert.deepEqual(tsDiagnostics(first).map((d) => d.message), []);
      assert.deepEqual(tsDiagnostics(second).map((d) => d.message), []);
    });

    test('Chinese full-width punctuation in cells (the practice notebooks\' bilingual text) is not flagged as an ambiguous character', () => {
      for (const languageId of ['mlnb-typescript', 'mlnb-javascript']) {
        const allowed = vscode.workspace.getConfiguration('editor', { languageId }).get<Record<string, boolean>>('unicodeHighlight.allowedLocales');
        assert.equal(allowed?.['zh-hans'], true, `${languageId}: ${JSON.stringify(allowed)}`);
        assert.equal(allowed?.['zh-hant'], true, `${languageId}: ${JSON.stringify(allowed)}`);
      }
    });

    test('tf. completes TF.js members and layer config keys come from its types', async () => {
      const second = notebook.cellAt(1);
      const names = await completions(second, position(second, 'tf.layers', 3), '.');
      for (const name of ['sequential', 'tensor2d', 'layers', 'train']) assert.ok(names.includes(name), `${name} in ${names.slice(0, 20).join()}`);
      const keys = await completions(second, position(second, 'units'));
      for (const key of ['units', 'activation', 'kernelInitializer']) assert.ok(keys.some((k) => k.replace(/\?$/, '') === key), `${key} in ${keys.slice(0, 30).join()}`);
      // An optional key is shown as `activation?` and inserted as `activation`.
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', second.document.uri, position(second, 'units'));
      const activation = list.items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label).startsWith('activation'));
      assert.equal(typeof activation?.insertText === 'string' ? activation.insertText : activation?.insertText?.value, 'activation');
    });

    test('hover shows the type of a name from an earlier cell, shadowed as in the kernel; concept hovers still show', async () => {
      const third = notebook.cellAt(2);
      const onRate = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', third.document.uri, position(third, 'rate;', 1)));
      assert.match(onRate, /const rate: "shadowed"/, onRate);
      const onDropout = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', third.document.uri, position(third, 'dropout', 2)));
      assert.match(onDropout, /dropout\(args: DropoutLayerArgs\)/, onDropout);
      assert.match(onDropout, /zeroes a random fraction/, onDropout);
    });

    test('signature help inside tf.layers.dense(', async () => {
      const second = notebook.cellAt(1);
      const help = await vscode.commands.executeCommand<vscode.SignatureHelp>('vscode.executeSignatureHelpProvider', second.document.uri, position(second, '{ units'), '(');
      assert.ok(help?.signatures.length, 'a signature');
      assert.match(help.signatures[help.activeSignature]!.label, /dense\(args: DenseLayerArgs\)/);
      assert.equal(help.activeParameter, 0);
    });

    test('go to definition jumps to the declaring cell, and into TF.js types; go to type definition too', async () => {
      const [first, second] = notebook.getCells() as [vscode.NotebookCell, vscode.NotebookCell];
      const toModel = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', second.document.uri, position(second, 'model.add', 1));
      const target = toModel.map((l) => ('targetUri' in l ? { uri: l.targetUri, range: l.targetRange } : l))[0];
      assert.equal(target?.uri.toString(), first.document.uri.toString());
      assert.deepEqual(target.range.start, position(first, 'model ='));
      const toTf = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', first.document.uri, position(first, 'sequential', 2));
      const file = toTf.map((l) => ('targetUri' in l ? l.targetUri : l.uri))[0];
      assert.match(file?.path ?? '', /node_modules\/@tensorflow\/tfjs-layers\/.*\.d\.ts$/);
      const toType = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeTypeDefinitionProvider', second.document.uri, position(second, 'model.add', 1));
      assert.match(toType.map((l) => ('targetUri' in l ? l.targetUri : l.uri))[0]?.path ?? '', /tfjs-layers\/dist\/models\.d\.ts$/);
    });

    test('find references and rename work across cells', async () => {
      const [first, second] = notebook.getCells() as [vscode.NotebookCell, vscode.NotebookCell];
      const refs = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', second.document.uri, position(second, 'model.add', 1));
      assert.deepEqual(refs.map((r) => [r.uri.toString(), r.range.start.line]), [[first.document.uri.toString(), 2], [second.document.uri.toString(), 1]]);
      const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', second.document.uri, position(second, 'model.add', 1), 'net');
      assert.deepEqual(edit.entries().map(([uri, edits]) => [uri.toString(), edits.map((e) => e.newText)]), [[first.document.uri.toString(), ['net']], [second.document.uri.toString(), ['net']]]);
      await assert.rejects(
        Promise.resolve(vscode.commands.executeCommand('vscode.executeDocumentRenameProvider', first.document.uri, position(first, 'sequential', 2), 'seq')),
        /node_modules/,
      );
    });

    test('a misspelt name gets TypeScript\'s quick fix, which edits the cell', async () => {
      const edit = new vscode.WorkspaceEdit();
      edit.set(notebook.uri, [vscode.NotebookEdit.insertCells(notebook.cellCount, [new vscode.NotebookCellData(vscode.NotebookCellKind.Code, 'modle.summary();', 'mlnb-typescript')])]);
      assert.ok(await vscode.workspace.applyEdit(edit));
      const cell = notebook.cellAt(notebook.cellCount - 1);
      const error = await waitFor('the misspelling error', () => tsDiagnostics(cell).find((d) => d.code === 2552), 15_000);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', cell.document.uri, error.range, vscode.CodeActionKind.QuickFix.value);
      const fix = actions.find((a) => a.title === "Change spelling to 'model'");
      assert.ok(fix?.edit, actions.map((a) => a.title).join('\n'));
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.equal(cell.document.getText(), 'model.summary();');
      await waitFor('the error to go', () => tsDiagnostics(cell).length === 0, 15_000);
      const remove = new vscode.WorkspaceEdit();
      remove.set(notebook.uri, [vscode.NotebookEdit.deleteCells(new vscode.NotebookRange(cell.index, cell.index + 1))]);
      assert.ok(await vscode.workspace.applyEdit(remove));
    });

    test('semantic highlighting classifies names across cells, as VS Code\'s TypeScript does in a file', async () => {
      const second = notebook.cellAt(1);
      const legend = await vscode.commands.executeCommand<vscode.SemanticTokensLegend>('vscode.provideDocumentSemanticTokensLegend', second.document.uri);
      const tokens = await vscode.commands.executeCommand<vscode.SemanticTokens>('vscode.provideDocumentSemanticTokens', second.document.uri);
      assert.ok(legend && tokens, 'a legend and tokens');
      const named: string[] = [];
      let [line, character] = [0, 0];
      for (let i = 0; i < tokens.data.length; i += 5) {
        const [deltaLine, deltaStart, length, type, modifiers] = Array.from(tokens.data.slice(i, i + 5));
        line += deltaLine!;
        character = deltaLine ? deltaStart! : character + deltaStart!;
        const text = second.document.getText(new vscode.Range(line, character, line, character + length!));
        named.push(`${text}:${legend.tokenTypes[type!]}${legend.tokenModifiers.filter((_, bit) => modifiers! & (1 << bit)).map((m) => `.${m}`).join('')}`);
      }
      // `rate` is declared here (a const), `model` comes from cell 1 (a let), `dense` is TF.js's function.
      for (const expected of ['rate:variable.declaration.readonly', 'model:variable', 'add:method', 'dense:function']) assert.ok(named.includes(expected), `${expected} in ${named.join(' ')}`);
      // The kernel's `tf` is TF.js's module, classified as the imported `tfjs` is (TypeScript gives a module alias no token).
      assert.deepEqual(named.filter((n) => n.startsWith('tf:')), named.filter((n) => n.startsWith('tfjs:')).map((n) => n.replace(/^tfjs/, 'tf')));
    });

    test('mlnb snippets are offered in these cells', async () => {
      const edit = new vscode.WorkspaceEdit();
      edit.set(notebook.uri, [vscode.NotebookEdit.insertCells(3, [new vscode.NotebookCellData(vscode.NotebookCellKind.Code, 'mlnb-ml', 'mlnb-typescript')])]);
      assert.ok(await vscode.workspace.applyEdit(edit));
      const cell = notebook.cellAt(3);
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', cell.document.uri, cell.document.positionAt(7));
      const snippets = list.items.filter((i) => i.kind === vscode.CompletionItemKind.Snippet).map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      assert.ok(snippets.includes('mlnb-mlp'), snippets.join());
    });

    test('diagnostics follow edits: inserted, edited, moved and deleted cells', async () => {
      const third = notebook.cellAt(2);
      // A new cell before cell 3 that declares `rate` as a number makes cell 3 right.
      let edit = new vscode.WorkspaceEdit();
      edit.set(notebook.uri, [vscode.NotebookEdit.insertCells(2, [new vscode.NotebookCellData(vscode.NotebookCellKind.Code, 'const rate = 3;', 'mlnb-typescript')])]);
      assert.ok(await vscode.workspace.applyEdit(edit));
      await waitFor('cell 3 to lose its error', () => tsDiagnostics(third).length === 0, 15_000);
      // Move the new cell to the end: `rate` is the string again where cell 3 reads it.
      const inserted = notebook.cellAt(2);
      edit = new vscode.WorkspaceEdit();
      edit.set(notebook.uri, [vscode.NotebookEdit.deleteCells(new vscode.NotebookRange(2, 3)), vscode.NotebookEdit.insertCells(notebook.cellCount - 1, [new vscode.NotebookCellData(vscode.NotebookCellKind.Code, inserted.document.getText(), 'mlnb-typescript')])]);
      assert.ok(await vscode.workspace.applyEdit(edit));
      const moved = notebook.cellAt(2);
      await waitFor('the error back on cell 3', () => tsDiagnostics(moved).some((d) => d.code === 2322), 15_000);
      // Edit the cell text: the error goes; a use of an unknown name is a real error.
      edit = new vscode.WorkspaceEdit();
      edit.replace(moved.document.uri, moved.document.lineAt(1).range, 'const right: string = rate; unknownName;');
      assert.ok(await vscode.workspace.applyEdit(edit));
      const unknown = await waitFor('the unknown name error', () => tsDiagnostics(moved).find((d) => d.code === 2304), 15_000);
      assert.match(unknown.message, /Cannot find name 'unknownName'/);
      assert.equal(tsDiagnostics(moved).length, 1, tsDiagnostics(moved).map((d) => d.message).join('\n'));
      // Delete the cell: its diagnostics go with it.
      const uri = moved.document.uri;
      edit = new vscode.WorkspaceEdit();
      edit.set(notebook.uri, [vscode.NotebookEdit.deleteCells(new vscode.NotebookRange(2, 3))]);
      assert.ok(await vscode.workspace.applyEdit(edit));
      await waitFor('the deleted cell\'s diagnostics to go', () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'ts').length === 0, 15_000);
    });
  });

  suite('formatting, outline, folding and smart selection', () => {
    test('Format Notebook formats every cell as a file of its own; the outline, folding and Expand Selection work in cells', async () => {
      const notebook = await open('syntax.mlnb', ['function  train(epochs:number){\nreturn epochs*2}', 'const  model=tf.sequential( )\nclass Net {\nforward(){}\n}']);
      const [first, second] = notebook.getCells() as [vscode.NotebookCell, vscode.NotebookCell];
      // One cell through the formatting provider, then the whole notebook through VS Code's command (4 spaces: VS Code's default).
      const edits = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', first.document.uri, { tabSize: 2, insertSpaces: true });
      assert.ok(edits?.length, 'edits for cell 1');
      await vscode.commands.executeCommand('notebook.format');
      await waitFor('the notebook formatted', () => second.document.getText().startsWith('const model'), 10_000);
      assert.equal(first.document.getText(), 'function train(epochs: number) {\n    return epochs * 2\n}');
      assert.equal(second.document.getText(), 'const model = tf.sequential()\nclass Net {\n    forward() { }\n}');
      const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', second.document.uri);
      assert.deepEqual(symbols.map((s) => `${vscode.SymbolKind[s.kind]} ${s.name} ${s.children.map((c) => c.name).join()}`).sort(), ['Class Net forward', 'Constant model ']);
      const folds = await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', second.document.uri);
      assert.ok(folds.some((f) => f.start === 1 && f.end === 2), JSON.stringify(folds));
      const [selection] = await vscode.commands.executeCommand<vscode.SelectionRange[]>('vscode.executeSelectionRangeProvider', first.document.uri, [position(first, 'epochs * 2', 2)]);
      assert.equal(first.document.getText(selection!.range), 'epochs');
      assert.equal(first.document.getText(selection!.parent!.range), 'epochs * 2');
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });
  });

  suite('imports', () => {
    test('a name a later cell imports is an error where an earlier cell uses it, pointing at the import, with a fix that moves it', async () => {
      const importLine = "import * as tfjs from '@tensorflow/tfjs';";
      const notebook = await open('import-order.mlnb', ['const t = tfjs.tensor([1, 2]);', `${importLine}\nconst u = tfjs.tensor([3]);`]);
      const [first, second] = notebook.getCells() as [vscode.NotebookCell, vscode.NotebookCell];
      const mlnbProblems = () => vscode.languages.getDiagnostics(first.document.uri).filter((d) => d.source === 'mlnb');
      const problem = await waitFor('the imported-later error in cell 1', () => mlnbProblems()[0], 30_000);
      assert.equal(problem.code, 'imported-later');
      assert.match(problem.message, /'tfjs' is imported by a later cell/);
      assert.deepEqual([problem.range.start.character, problem.range.end.character], [10, 14]);
      assert.equal(problem.relatedInformation?.[0]?.location.uri.toString(), second.document.uri.toString());
      assert.deepEqual(tsDiagnostics(second), []);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', first.document.uri, problem.range, vscode.CodeActionKind.QuickFix.value);
      const move = actions.find((a) => a.title === `Move '${importLine}' to this cell`);
      assert.ok(move?.edit, actions.map((a) => a.title).join('\n'));
      assert.ok(await vscode.workspace.applyEdit(move.edit));
      assert.equal(first.document.getText(), `${importLine}\nconst t = tfjs.tensor([1, 2]);`);
      assert.equal(second.document.getText(), 'const u = tfjs.tensor([3]);');
      await waitFor('the error to go', () => mlnbProblems().length === 0, 15_000);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });


    test('after `npm install` in the notebook folder, "Cannot find module" goes away without an edit', async () => {
      const file = writeToWorkspace('install.mlnb', notebookJson(["import { thing } from 'installed-later';\nconst s: string = thing;"]));
      const notebook = await vscode.workspace.openNotebookDocument(vscode.Uri.file(file));
      await vscode.window.showNotebookDocument(notebook);
      const cell = notebook.cellAt(0);
      const codes = () => tsDiagnostics(cell).map((d) => d.code).join();
      await waitFor('"Cannot find module"', () => codes() === '2307', 30_000);
      const pkg = path.join(path.dirname(file), 'node_modules', 'installed-later');
      fs.mkdirSync(pkg, { recursive: true });
      fs.writeFileSync(path.join(pkg, 'package.json'), '{ "name": "installed-later", "types": "index.d.ts" }');
      fs.writeFileSync(path.join(pkg, 'index.d.ts'), 'export declare const thing: number;');
      // Found and typed: a number is no string.
      await waitFor(`the module's type error instead (now ${codes()})`, () => codes() === '2322', 15_000);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });
  });

  suite('javascript notebooks', () => {
    test('JavaScript cells get the notebook-wide service (completion, hover), and syntax errors but no type errors', async () => {
      const json = JSON.parse(notebookJson(['const model = tf.sequential();', 'const n = model.layers.length;\nn.toUpperCase();\nmodel.', 'const broken = (1;']));
      json.metadata = { kernelspec: { name: 'javascript', display_name: 'JavaScript', language: 'javascript' }, language_info: { name: 'javascript' } };
      const notebook = await vscode.workspace.openNotebookDocument(vscode.Uri.file(writeToWorkspace('javascript.mlnb', `${JSON.stringify(json, null, 1)}\n`)));
      await vscode.window.showNotebookDocument(notebook);
      const [, second, third] = notebook.getCells() as [vscode.NotebookCell, vscode.NotebookCell, vscode.NotebookCell];
      assert.deepEqual(notebook.getCells().map((c) => c.document.languageId), ['mlnb-javascript', 'mlnb-javascript', 'mlnb-javascript']);
      const members = await completions(second, second.document.positionAt(second.document.getText().length), '.');
      assert.ok(members.includes('fit') && members.includes('layers'), members.slice(0, 20).join());
      const hover = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', second.document.uri, position(second, 'n =')));
      assert.match(hover, /const n: number/);
      const syntax = await waitFor('the syntax error in cell 3', () => tsDiagnostics(third)[0], 30_000);
      assert.match(syntax.message, /'\)' expected/);
      // `model.` at the end of cell 2 is a syntax error there; `n.toUpperCase()` on a number is not reported in JavaScript.
      assert.deepEqual(tsDiagnostics(second).map((d) => d.code), [1003]);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });
  });
}
