/**
 * Types of the globals the kernel gives every cell (src/kernel/main.ts `installGlobals` and the TF.js
 * loader), as a declaration file for the notebook's language service. A kernel test checks that the
 * `display` members listed here are the ones the kernel has.
 */
export const KERNEL_GLOBALS_FILE = 'mlnb-kernel-globals.d.ts';

export const KERNEL_GLOBALS_DTS = `/// <reference types="node" />
declare global {
  /** TensorFlow.js, loaded by the kernel with the backend shown in the status bar. \`import * as tf from '@tensorflow/tfjs'\` gives the same instance. */
  const tf: typeof import('@tensorflow/tfjs');

  namespace display {
    interface Options {
      /** Output id: showing again with the same id replaces that output instead of adding one. */
      id?: string;
    }
    interface ChartSeries { name: string; x?: number[]; y: number[] }
    interface ChartSpec { kind: 'line' | 'scatter' | 'bar'; title?: string; xLabel?: string; yLabel?: string; series: ChartSeries[] }
    /** Markdown, rendered under the cell. */
    function markdown(text: string, options?: Options): void;
    /** HTML, sanitised by VS Code and rendered under the cell. */
    function html(html: string, options?: Options): void;
    /** A JSON tree. */
    function json(value: unknown, options?: Options): void;
    /** A PNG image from its bytes, or from a tensor of shape [h, w] or [h, w, 1|3|4]. */
    function image(image: Uint8Array | import('@tensorflow/tfjs').Tensor, options?: Options): void;
    /** A line, scatter or bar chart, or the curves of a \`tf.History\` returned by \`model.fit\`. */
    function chart(spec: ChartSpec | { history: Record<string, number[]> }, options?: Options): void;
  }
  /** Shows a value under the cell: tensors as tensor cards, models as summaries, anything else as text. */
  function display(value: unknown, options?: display.Options): void;
}
export {};
`;
