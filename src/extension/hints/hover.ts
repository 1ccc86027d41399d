/** Hovers over TF.js syntax in mlnb cells: the concept, what to try, and a link to its interview question. */
import * as vscode from 'vscode';
import path from 'node:path';
import type { Concept } from '../../core/concepts/catalog';
import { loadConceptsFromDir } from '../../host/contentFiles';
import type { QuestionTitles } from '../questions/titles';
import { Config } from '../config';
import { HINT_SELECTOR, loadOnce, openQuestionLink, say, syntax } from './shared';

export function conceptMarkdown(concept: Concept, titles: QuestionTitles): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.isTrusted = { enabledCommands: ['mlnb.openQuestion'] };
  md.appendMarkdown(`**${escape(say(concept.title, ' · '))}**\n\n`);
  md.appendMarkdown(`${escape(say(concept.explain, '\n\n'))}\n\n`);
  md.appendMarkdown(`**${say({ en: 'What to try', zh: '试试' }, ' · ')}:** ${escape(say(concept.tryThis, ' / '))}\n\n`);
  if (concept.questions.length === 0) return md;
  // Links read as the questions' titles (a list: bilingual titles are long); the id stays in the command.
  md.appendMarkdown(`**${say({ en: 'Interview questions', zh: '面试题' }, ' · ')}**\n\n`);
  md.appendMarkdown(concept.questions.map((id) => `- ${openQuestionLink(id, escape(titles.title(id)))}`).join('\n'));
  return md;
}

/** Markdown-escape text but keep `code` spans. */
function escape(text: string): string {
  return text.replace(/([\\*_[\]<>#])/g, '\\$1');
}

export function registerHover(titles: QuestionTitles, extensionPath: string): vscode.Disposable {
  const concepts = loadOnce('concept hovers are off', () => loadConceptsFromDir(path.join(extensionPath, 'content', 'concepts')));
  return vscode.languages.registerHoverProvider(HINT_SELECTOR, {
    provideHover(document, position) {
      if (!Config.hintsEnabled()) return undefined;
      const catalog = concepts();
      if (!catalog) return undefined;
      const match = syntax().matchConcept(document.getText(), document.offsetAt(position), catalog);
      const concept = match && catalog.byId(match.conceptId);
      if (!match || !concept) return undefined;
      return new vscode.Hover(conceptMarkdown(concept, titles), new vscode.Range(document.positionAt(match.start), document.positionAt(match.end)));
    },
  });
}
