/**
 * Node's process warnings, sorted by where they come from. A warning raised inside mlnb's own packages (tfjs-node
 * calls util.isArray: DEP0044 on Node 22+) is the kernel's noise, and a deprecation raised inside some library
 * the notebook imports is for that library's author (Python hides those too, PEP 565): both go to the kernel log.
 * Everything else — a cell's own process.emitWarning, deprecations its code triggers directly — is shown in the cell.
 */
import path from 'node:path';

export interface WarningSinks {
  /** Text for the running cell's stderr. */
  show(text: string): void;
  /** A line for the kernel log. */
  log(text: string): void;
}

/** Replaces Node's default printer (absent under --no-warnings, and then nothing is printed at all). */
export function installWarningFilter(sinks: WarningSinks, kernelRoot = path.resolve(__dirname, '..')): void {
  const defaults = process.listeners('warning').filter((listener) => listener.name === 'onWarning');
  if (defaults.length === 0) return;
  for (const listener of defaults) process.removeListener('warning', listener);
  const own = [path.join(kernelRoot, 'node_modules') + path.sep, path.join(kernelRoot, 'dist') + path.sep];
  process.on('warning', (warning: Error & { code?: string }) => {
    const text = `${warning.code ? `[${warning.code}] ` : ''}${warning.name}: ${warning.message}`;
    const origin = originOf(warning.stack ?? '');
    const fromKernel = origin !== undefined && own.some((dir) => origin.includes(dir));
    const libraryDeprecation = warning.name === 'DeprecationWarning' && origin !== undefined && /[\\/]node_modules[\\/]/.test(origin);
    if (fromKernel || libraryDeprecation) sinks.log(`${text} (from ${origin}; not shown in the cell)`);
    else sinks.show(`${text}\n`);
  });
}

/** The first stack frame outside Node's own code: where the warning was raised. */
function originOf(stack: string): string | undefined {
  for (const line of stack.split('\n').slice(1)) {
    const frame = line.trim();
    if (!frame.startsWith('at ') || /\bnode:|\(<anonymous>\)$/.test(frame)) continue;
    return frame.slice(3);
  }
  return undefined;
}
