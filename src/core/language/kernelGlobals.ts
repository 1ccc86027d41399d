/**
 * Types of the globals the kernel gives every cell (src/kernel/main.ts `installGlobals` and the TF.js
 * loader), as a declaration file for the notebook's language service. A kernel test checks that the
 * `display` members listed here are the ones the kernel has.
 */
export const KERNEL_GLOBALS_FILE = 'mlnb-kernel-globals.d.ts';

/** Names every cell has before any of its code runs (the kernel installs them): `tf`, `display` and `require`. */
export const KERNEL_GLOBAL_NAMES: ReadonlySet<string> = new Set(['tf', 'display', 'require']);

export const KERNEL_GLOBALS_DTS = `/// <reference types="node" />
import * as tfjs from '@tensorflow/tfjs';
declare global {
  // An alias of the module, not a const: then \`tf\` names TF.js's types too (\`const t: tf.Tensor2D\`), as after an import.
  /** TensorFlow.js, loaded by the kernel with the backend shown in the status bar. \`import * as tf from '@tensorflow/tfjs'\` gives the same instance. */
  export import tf = tfjs;

  namespace display {
    interface Options {
      /** Output id: showing again with the same id replaces that output instead of adding one. */
      id?: string;
    }
    interface ChartSeries { name: string; x?: readonly number[]; y: readonly number[] }
    interface ChartSpec { kind: 'line' | 'scatter' | 'bar'; title?: string; xLabel?: string; yLabel?: string; series: readonly ChartSeries[] }
    /** Values per metric over epochs: the \`tf.History\` that \`model.fit\` returns (scalar tensors are read), or a plain object like it. */
    interface History { history: { readonly [metric: string]: readonly (number | tfjs.Tensor)[] } }
    /** Markdown, rendered under the cell. */
    function markdown(text: string, options?: Options): void;
    /** HTML, sanitised by VS Code and rendered under the cell. */
    function html(html: string, options?: Options): void;
    /** A JSON tree. */
    function json(value: unknown, options?: Options): void;
    /** A PNG image from its bytes, or from a tensor of shape [h, w] or [h, w, 1|3|4]. */
    function image(image: Uint8Array | tfjs.Tensor, options?: Options): void;
    /** A line, scatter or bar chart, or the curves of a \`tf.History\` returned by \`model.fit\` (one line per metric). */
    function chart(spec: ChartSpec | History, options?: Options): void;
  }
  /** Shows a value under the cell: tensors as tensor cards, models as summaries, anything else as text. */
  function display(value: unknown, options?: display.Options): void;
}
export {};
`;
