/**
 * Interview-question titles by id, for the places that link to a question outside the Questions view (concept
 * hovers, the Snippets view): ids are for code, people read titles. The bank is read on first use, not at
 * activation.
 */
import path from 'node:path';
import { pickText, type Bilingual } from '../../core/i18n';
import { loadBankFromDir } from '../../host/questionBankFiles';
import { Config } from '../config';

export class QuestionTitles {
  private titles: Map<string, Bilingual> | undefined;

  constructor(private readonly extensionPath: string) {}

  /** The question in the `mlnb.language` language (both: Chinese / English); the id if the bank lacks it. */
  title(id: string, separator = ' / '): string {
    if (!this.titles) {
      try {
        this.titles = new Map(loadBankFromDir(path.join(this.extensionPath, 'questions')).all.map((q) => [q.id, q.question]));
      } catch {
        this.titles = new Map(); // the Questions view reports a broken bank; a link still works by id
      }
    }
    const question = this.titles.get(id);
    return question ? pickText(question, Config.language(), separator) : id;
  }
}
