// esbuild loads css as text (see scripts/build-renderer.mjs); the renderer injects it into a stylesheet.
declare module 'uplot/dist/uPlot.min.css' {
  const css: string;
  export default css;
}
