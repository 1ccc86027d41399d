/**
 * mlnb's notebook output renderer (VS Code `notebookRenderer` entry point, built to dist/renderer.js).
 * Renders the kernel's training, tensor, model-summary and chart outputs. A kernel update of an output
 * calls renderOutputItem again with the same id and element: the existing view updates in place.
 */
import type { ActivationFunction, OutputItem, RendererApi } from 'vscode-notebook-renderer';
import { MIME } from '../../core/outputs';
import { ChartRenderer } from './chart';
import { h } from '../dom';
import { ModelSummaryRenderer } from './model';
import { ensureStyles } from './styles';
import { TensorRenderer } from './tensor';
import { onThemeChange, readTheme } from './theme';
import { TrainingRenderer } from './training';
import type { View } from './view';

const FACTORIES: Record<string, (element: HTMLElement, value: unknown) => View> = {
  [MIME.training]: (el, v) => new TrainingRenderer(el, v),
  [MIME.tensor]: (el, v) => new TensorRenderer(el, v),
  [MIME.modelSummary]: (el, v) => new ModelSummaryRenderer(el, v),
  [MIME.chart]: (el, v) => new ChartRenderer(el, v),
};

interface Entry {
  id: string;
  mime: string;
  element: HTMLElement;
  view: View;
}

export function createRenderer(): RendererApi & { readonly size: number } {
  const byId = new Map<string, Entry>();
  const byElement = new WeakMap<HTMLElement, Entry>();
  let stopWatchingTheme: (() => void) | undefined;

  const dispose = (entry: Entry) => {
    if (byId.get(entry.id) === entry) byId.delete(entry.id);
    if (byElement.get(entry.element) === entry) byElement.delete(entry.element);
    try {
      entry.view.dispose();
    } catch (error) {
      console.error('[mlnb renderer] dispose failed', error);
    }
  };

  const showError = (element: HTMLElement, item: OutputItem, error: unknown) => {
    element.replaceChildren(
      h('div', { class: 'mlnb-r mlnb-error', text: `mlnb could not render this ${item.mime} output: ${error instanceof Error ? error.message : String(error)}` }),
    );
  };

  return {
    renderOutputItem(item: OutputItem, element: HTMLElement) {
      ensureStyles(element);
      if (!stopWatchingTheme) {
        const doc = element.ownerDocument;
        let signature = JSON.stringify(readTheme(doc.body ?? doc.documentElement));
        stopWatchingTheme = onThemeChange(doc, () => {
          // <html>'s style also changes for unrelated notebook variables: only repaint on a real theme change.
          const next = JSON.stringify(readTheme(doc.body ?? doc.documentElement));
          if (next === signature) return;
          signature = next;
          for (const entry of byId.values()) entry.view.retheme();
        });
      }

      const factory = FACTORIES[item.mime];
      let entry = byId.get(item.id);
      if (entry && (entry.element !== element || entry.mime !== item.mime)) {
        dispose(entry);
        entry = undefined;
      }
      const previous = byElement.get(element);
      if (previous && previous !== entry) dispose(previous);

      let value: unknown;
      try {
        value = item.json();
      } catch (error) {
        if (entry) dispose(entry);
        showError(element, item, error);
        return;
      }
      if (!factory) {
        showError(element, item, new Error('unknown mime type'));
        return;
      }
      try {
        if (entry && element.contains(entry.view.root)) {
          entry.view.update(value);
          return;
        }
        if (entry) dispose(entry);
        element.replaceChildren();
        const created: Entry = { id: item.id, mime: item.mime, element, view: factory(element, value) };
        byId.set(item.id, created);
        byElement.set(element, created);
      } catch (error) {
        console.error('[mlnb renderer]', error);
        const failed = byId.get(item.id);
        if (failed) dispose(failed);
        showError(element, item, error);
      }
    },

    disposeOutputItem(id?: string) {
      if (id === undefined) {
        for (const entry of [...byId.values()]) dispose(entry);
        return;
      }
      const entry = byId.get(id);
      if (entry) dispose(entry);
    },

    get size() {
      return byId.size;
    },
  };
}

export const activate: ActivationFunction = () => createRenderer();
