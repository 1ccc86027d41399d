/** Creating the question page's webview panels: locked-down options and the HTML shell. */
import * as vscode from 'vscode';
import { parseFromWebview, type FromWebview, type ToWebview } from '../../webview/question/protocol';
import { makeNonce, pageHtml } from './html';

export function createQuestionPanel(
  extensionUri: vscode.Uri,
  viewType: string,
  title: string,
  options: { retainContextWhenHidden: boolean; column?: vscode.ViewColumn; preserveFocus?: boolean },
): vscode.WebviewPanel {
  const panel = vscode.window.createWebviewPanel(
    viewType,
    title,
    { viewColumn: options.column ?? vscode.ViewColumn.Active, preserveFocus: options.preserveFocus ?? false },
    {
      enableScripts: true,
      enableCommandUris: false,
      enableFindWidget: true,
      retainContextWhenHidden: options.retainContextWhenHidden,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist')],
    },
  );
  panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'mlnb.svg');
  return panel;
}

/** (Re)render the shell with a fresh nonce. The page then posts `ready` and is sent its content. */
export function renderShell(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, lang: string): void {
  const webview = panel.webview;
  webview.html = pageHtml({
    cspSource: webview.cspSource,
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'question.js')).toString(),
    styleUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'question.css')).toString(),
    nonce: makeNonce(),
    title: panel.title,
    lang,
  });
}

export function post(panel: vscode.WebviewPanel, message: ToWebview): Thenable<boolean> {
  return panel.webview.postMessage(message);
}

/**
 * Hands a message from a question panel to `handle` once it is one of the protocol's: a malformed one is
 * logged (naming the panel) and dropped, and an error while handling it is shown.
 */
export async function receive(raw: unknown, panelName: string, log: (line: string) => void, handle: (message: FromWebview) => Promise<void> | void): Promise<void> {
  const message = parseFromWebview(raw);
  if (!message) {
    log(`${panelName}: ignored a malformed message ${JSON.stringify(raw)?.slice(0, 200)}`);
    return;
  }
  try {
    await handle(message);
  } catch (error) {
    void vscode.window.showErrorMessage(`mlnb: ${(error as Error).message}`);
  }
}
