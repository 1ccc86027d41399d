/** Hovers over TF.js syntax in mlnb cells: the concept, what to try, and a link to its interview question. */
import * as vscode from 'vscode';
import { conceptById, type Concept } from '../../core/concepts/catalog';
import { HINT_SELECTOR, hintsEnabled, openQuestionLink, say, syntax } from './shared';

export function conceptMarkdown(concept: Concept): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.isTrusted = { enabledCommands: ['mlnb.openQuestion'] };
  md.appendMarkdown(`**${escape(say(concept.title, ' · '))}**\n\n`);
  md.appendMarkdown(`${escape(say(concept.explain, '\n\n'))}\n\n`);
  md.appendMarkdown(`**${say({ en: 'What to try', zh: '试试' }, ' · ')}:** ${escape(say(concept.tryThis, ' / '))}\n\n`);
  const label = say({ en: 'Open interview question', zh: '打开面试题' }, ' · ');
  md.appendMarkdown(concept.questions.map((id) => openQuestionLink(id, `${label}: ${id}`)).join(' · '));
  return md;
}

/** Markdown-escape text but keep `code` spans. */
function escape(text: string): string {
  return text.replace(/([\\*_[\]<>#])/g, '\\$1');
}

export function registerHover(): vscode.Disposable {
  return vscode.languages.registerHoverProvider(HINT_SELECTOR, {
    provideHover(document, position) {
      if (!hintsEnabled()) return undefined;
      const match = syntax().matchConcept(document.getText(), document.offsetAt(position));
      const concept = match && conceptById(match.conceptId);
      if (!match || !concept) return undefined;
      return new vscode.Hover(conceptMarkdown(concept), new vscode.Range(document.positionAt(match.start), document.positionAt(match.end)));
    },
  });
}
