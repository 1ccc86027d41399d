/**
 * Converts between mlnb's nbformat model (src/core/notebook.ts) and VS Code's NotebookData, keeping every
 * field VS Code has no place for (cell ids, metadata, unknown fields, output metadata) so a round trip
 * through the editor changes nothing.
 */
import * as vscode from 'vscode';
import { createCell, notebookLanguage, type Notebook, type NotebookCell } from '../core/notebook';
import type { NbOutput } from '../core/outputs';
import { NOTEBOOK_JAVASCRIPT, NOTEBOOK_TYPESCRIPT } from './cellLanguage';

const ERROR_MIME = 'application/vnd.code.notebook.error';
const STDOUT_MIME = 'application/vnd.code.notebook.stdout';
const STDERR_MIME = 'application/vnd.code.notebook.stderr';

/** Output metadata kept on each VS Code output so it can be written back as the same nbformat output. */
interface OutputMetadata {
  outputType: NbOutput['output_type'];
  metadata?: Record<string, unknown>;
  executionCount?: number | null;
  displayId?: string;
  traceback?: string[];
  /** nbformat fields of the output that mlnb does not know (kept as they were). */
  fields?: Record<string, unknown>;
  /** Base64 image strings exactly as read, where re-encoding the bytes would not give them back (e.g. a trailing newline). */
  imageText?: Record<string, string>;
}

/** Cell metadata key holding a cell's source as read when the editor would change its line endings (it normalizes them). */
const ORIGINAL_SOURCE = 'mlnbOriginalSource';
const sameLines = (a: string, b: string) => a.replace(/\r\n?/g, '\n') === b.replace(/\r\n?/g, '\n');

/** The output's fields beyond the ones mlnb models, if any. */
function extraFields(output: NbOutput): Pick<OutputMetadata, 'fields'> {
  const known = new Set(['output_type', 'name', 'text', 'ename', 'evalue', 'traceback', 'data', 'metadata', 'execution_count', 'transient']);
  const fields = Object.fromEntries(Object.entries(output).filter(([key]) => !known.has(key)));
  return Object.keys(fields).length ? { fields } : {};
}

export function toNotebookData(nb: Notebook): vscode.NotebookData {
  const language = notebookLanguage(nb) === 'javascript' ? NOTEBOOK_JAVASCRIPT : NOTEBOOK_TYPESCRIPT;
  const cells = nb.cells.map((cell) => {
    const { cell_type, source, outputs, execution_count, ...rest } = cell as NotebookCell & { outputs?: NbOutput[]; execution_count?: number | null };
    const kind = cell_type === 'markdown' ? vscode.NotebookCellKind.Markup : vscode.NotebookCellKind.Code;
    const languageId = cell_type === 'markdown' ? 'markdown' : cell_type === 'raw' ? 'raw' : language;
    const data = new vscode.NotebookCellData(kind, source, languageId);
    data.metadata = { ...rest, ...(cell_type === 'raw' ? { rawCell: true } : {}), ...(source.includes('\r') ? { [ORIGINAL_SOURCE]: source } : {}) };
    if (cell_type === 'code') {
      data.outputs = (outputs ?? []).map(toCellOutput);
      if (typeof execution_count === 'number') data.executionSummary = { executionOrder: execution_count };
    }
    return data;
  });
  const data = new vscode.NotebookData(cells);
  const { cells: _cells, ...notebookFields } = nb;
  data.metadata = notebookFields;
  return data;
}

export function fromNotebookData(data: vscode.NotebookData): Notebook {
  const fields = (data.metadata ?? {}) as Partial<Notebook>;
  const cells: NotebookCell[] = data.cells.map((cellData) => {
    const { rawCell, [ORIGINAL_SOURCE]: original, ...rest } = (cellData.metadata ?? {}) as Record<string, unknown>;
    const kind = cellData.kind === vscode.NotebookCellKind.Markup ? 'markdown' : rawCell ? 'raw' : 'code';
    const source = typeof original === 'string' && sameLines(original, cellData.value) ? original : cellData.value;
    const cell = { ...createCell(kind, source), ...rest, source } as NotebookCell;
    if (typeof rest.id !== 'string') cell.id = createCell(kind).id;
    if (cell.cell_type === 'code') {
      cell.outputs = (cellData.outputs ?? []).map(fromCellOutput);
      cell.execution_count = cellData.executionSummary?.executionOrder ?? null;
    }
    return cell;
  });
  return {
    ...fields,
    nbformat: 4,
    nbformat_minor: typeof fields.nbformat_minor === 'number' ? fields.nbformat_minor : 5,
    metadata: (fields.metadata as Notebook['metadata']) ?? {},
    cells,
  };
}

/** The NotebookData of an open document (for export and the CLI-compatible writer). */
export function documentToNotebookData(document: vscode.NotebookDocument): vscode.NotebookData {
  const data = new vscode.NotebookData(
    document.getCells().map((cell) => {
      const cellData = new vscode.NotebookCellData(cell.kind, cell.document.getText(), cell.document.languageId);
      cellData.metadata = cell.metadata;
      cellData.outputs = [...cell.outputs];
      cellData.executionSummary = cell.executionSummary;
      return cellData;
    }),
  );
  data.metadata = document.metadata;
  return data;
}

export function toCellOutput(output: NbOutput): vscode.NotebookCellOutput {
  switch (output.output_type) {
    case 'stream':
      return new vscode.NotebookCellOutput(
        [output.name === 'stderr' ? vscode.NotebookCellOutputItem.stderr(output.text) : vscode.NotebookCellOutputItem.stdout(output.text)],
        { outputType: 'stream', ...extraFields(output) } satisfies OutputMetadata,
      );
    case 'error':
      return new vscode.NotebookCellOutput(
        [vscode.NotebookCellOutputItem.error({ name: output.ename, message: output.evalue, stack: output.traceback.join('\n') })],
        { outputType: 'error', traceback: output.traceback, ...extraFields(output) } satisfies OutputMetadata,
      );
    default: {
      // Richest first: VS Code shows the first item it has a renderer for.
      const mimes = Object.keys(output.data).sort((a, b) => mimeRank(a) - mimeRank(b));
      const items = mimes.map((mime) => toOutputItem(mime, output.data[mime]));
      const imageText = Object.fromEntries(
        mimes.filter((mime) => isBase64Image(mime) && typeof output.data[mime] === 'string' && Buffer.from(output.data[mime] as string, 'base64').toString('base64') !== output.data[mime]).map((mime) => [mime, output.data[mime] as string]),
      );
      const metadata: OutputMetadata = {
        outputType: output.output_type,
        ...extraFields(output),
        ...(Object.keys(imageText).length ? { imageText } : {}),
        metadata: output.metadata,
        ...(output.output_type === 'execute_result' ? { executionCount: output.execution_count } : {}),
        ...(output.output_type === 'display_data' && output.transient?.display_id ? { displayId: output.transient.display_id } : {}),
      };
      return new vscode.NotebookCellOutput(items, metadata);
    }
  }
}

function mimeRank(mime: string): number {
  if (mime.startsWith('application/vnd.mlnb.')) return 0;
  if (mime.startsWith('image/')) return 1;
  if (mime === 'text/html' || mime === 'text/markdown') return 2;
  if (mime === 'text/plain') return 9;
  return 5;
}

function toOutputItem(mime: string, value: unknown): vscode.NotebookCellOutputItem {
  if (mime.endsWith('json') && typeof value !== 'string') return vscode.NotebookCellOutputItem.json(value, mime);
  if (mime.startsWith('image/') && mime !== 'image/svg+xml') return new vscode.NotebookCellOutputItem(Buffer.from(String(value), 'base64'), mime);
  return vscode.NotebookCellOutputItem.text(String(value), mime);
}

export function fromCellOutput(output: vscode.NotebookCellOutput): NbOutput {
  const meta = (output.metadata ?? {}) as Partial<OutputMetadata>;
  const text = (item: vscode.NotebookCellOutputItem) => Buffer.from(item.data).toString('utf8');
  const first = output.items[0];
  if (meta.outputType === 'stream' || first?.mime === STDOUT_MIME || first?.mime === STDERR_MIME) {
    return { ...meta.fields, output_type: 'stream', name: first?.mime === STDERR_MIME ? 'stderr' : 'stdout', text: output.items.map(text).join('') };
  }
  if (meta.outputType === 'error' || first?.mime === ERROR_MIME) {
    const error = first ? (JSON.parse(text(first)) as { name?: string; message?: string; stack?: string }) : {};
    return { ...meta.fields, output_type: 'error', ename: error.name ?? 'Error', evalue: error.message ?? '', traceback: meta.traceback ?? (error.stack ?? '').split('\n') };
  }
  const data: Record<string, unknown> = {};
  for (const item of output.items) {
    if (item.mime.endsWith('json')) data[item.mime] = JSON.parse(text(item));
    else if (isBase64Image(item.mime)) {
      const original = meta.imageText?.[item.mime];
      data[item.mime] = original !== undefined && Buffer.from(original, 'base64').equals(Buffer.from(item.data)) ? original : Buffer.from(item.data).toString('base64');
    }
    else data[item.mime] = text(item);
  }
  if (meta.outputType === 'execute_result') {
    return { ...meta.fields, output_type: 'execute_result', data, metadata: meta.metadata ?? {}, execution_count: meta.executionCount ?? null };
  }
  return { ...meta.fields, output_type: 'display_data', data, metadata: meta.metadata ?? {} };
}

function isBase64Image(mime: string): boolean {
  return mime.startsWith('image/') && mime !== 'image/svg+xml';
}
