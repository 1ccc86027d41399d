/** The model summary: one row per layer (name, type, output shape, params) and the parameter totals. */
import { h } from '../dom';
import { bytes, thousands } from './format';
import { arr, isObject, num, str, type View } from './view';

interface Summary {
  name: string;
  layers: { name: string; type: string; outputShape: string; params: number }[];
  total: number;
  trainable: number;
  nonTrainable: number;
}

function normalize(raw: unknown): Summary {
  const o = isObject(raw) ? raw : {};
  const layers = arr(o.layers).map((l) => {
    const layer = isObject(l) ? l : {};
    return { name: str(layer.name), type: str(layer.type), outputShape: str(layer.outputShape), params: num(layer.params) };
  });
  const trainable = num(o.trainableParams);
  const nonTrainable = num(o.nonTrainableParams);
  return { name: str(o.name, 'model'), layers, total: num(o.totalParams, trainable + nonTrainable), trainable, nonTrainable };
}

export class ModelSummaryRenderer implements View {
  readonly root: HTMLDivElement;

  constructor(parent: HTMLElement, value: unknown) {
    this.root = h('div', 'mlnb-r mlnb-card mlnb-model');
    parent.appendChild(this.root);
    this.update(value);
  }

  update(value: unknown): void {
    const m = normalize(value);
    const maxParams = Math.max(1, ...m.layers.map((l) => l.params));
    const rows = m.layers.map((l) => {
      const share = h('span', 'mlnb-share-bar');
      share.style.width = `${l.params > 0 ? Math.max(2, (l.params / maxParams) * 100) : 0}%`;
      const pct = m.total > 0 ? (l.params / m.total) * 100 : 0;
      return h(
        'tr',
        {},
        h('td', { class: 'mlnb-layer-name', text: l.name }),
        h('td', { class: 'mlnb-layer-type', text: l.type }),
        h('td', { class: 'mlnb-mono', text: l.outputShape }),
        h('td', { class: 'mlnb-num', text: thousands(l.params) }),
        h('td', { class: 'mlnb-share', title: `${pct < 0.1 && pct > 0 ? '<0.1' : pct.toFixed(1)}% of parameters` }, share),
      );
    });
    const head = h(
      'tr',
      {},
      h('th', { text: 'Layer' }),
      h('th', { text: 'Type' }),
      h('th', { text: 'Output shape' }),
      h('th', { class: 'mlnb-num', text: 'Params' }),
      h('th', { class: 'mlnb-share', 'aria-label': 'share of parameters' }),
    );
    const total = (label: string, n: number, cls = '') =>
      h(
        'div',
        `mlnb-total ${cls}`,
        h('span', { class: 'mlnb-total-label', text: label }),
        h('span', { class: 'mlnb-total-value', text: thousands(n) }),
        h('span', { class: 'mlnb-total-bytes', text: bytes(n * 4), title: 'size as float32 weights' }),
      );
    this.root.replaceChildren(
      h(
        'div',
        'mlnb-head',
        h('span', { class: 'mlnb-kind', text: 'Model' }),
        h('span', { class: 'mlnb-strong', text: m.name }),
        h('span', 'mlnb-spacer'),
        h('span', { class: 'mlnb-muted', text: `${m.layers.length} ${m.layers.length === 1 ? 'layer' : 'layers'}` }),
      ),
      h('div', 'mlnb-table-wrap', h('table', 'mlnb-table', h('thead', {}, head), h('tbody', {}, ...rows))),
      h(
        'div',
        'mlnb-totals',
        total('Total params', m.total, 'is-main'),
        total('Trainable', m.trainable),
        total('Non-trainable', m.nonTrainable),
      ),
    );
  }

  retheme(): void {}

  dispose(): void {
    this.root.remove();
  }
}
