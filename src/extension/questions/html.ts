/**
 * The question page's HTML shell. Pure (no 'vscode' import) so unit tests and the Chromium test page use
 * exactly what the panel uses: a strict CSP with a fresh nonce per render, one stylesheet, one script.
 */

export interface PageShell {
  /** webview.cspSource */
  cspSource: string;
  /** webview.asWebviewUri(dist/question.js) as a string */
  scriptUri: string;
  /** webview.asWebviewUri(media/question.css) as a string */
  styleUri: string;
  nonce: string;
  title: string;
  /** html lang attribute */
  lang?: string;
}

/** A random nonce: 32 chars of [A-Za-z0-9] from a CSPRNG. */
export function makeNonce(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = new Uint8Array(32);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [`default-src 'none'`, `style-src ${cspSource}`, `script-src 'nonce-${nonce}'`, `img-src ${cspSource}`].join('; ');
}

export function pageHtml(shell: PageShell): string {
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(shell.nonce)) throw new Error('nonce must be at least 16 base64/alphanumeric characters');
  return `<!DOCTYPE html>
<html lang="${escapeAttr(shell.lang ?? 'en')}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(contentSecurityPolicy(shell.cspSource, shell.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeAttr(shell.title)}</title>
<link rel="stylesheet" href="${escapeAttr(shell.styleUri)}">
</head>
<body>
<main id="root"><p class="waiting">Loading…</p></main>
<script nonce="${shell.nonce}" src="${escapeAttr(shell.scriptUri)}"></script>
</body>
</html>`;
}
