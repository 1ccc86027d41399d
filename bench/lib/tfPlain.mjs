// Loads TF.js on one backend in a plain Node process (no mlnb kernel), the way a user's own script would.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(path.join(ROOT, 'package.json'));

/** Returns tf on `backend`, or throws an Error saying why that backend is not available. */
export async function loadPlainTf(backend) {
  let tf;
  if (backend === 'tensorflow') {
    tf = require('@tensorflow/tfjs-node');
  } else {
    tf = require('@tensorflow/tfjs');
    if (backend === 'wasm') require('@tensorflow/tfjs-backend-wasm');
  }
  const accepted = await tf.setBackend(backend);
  await tf.ready();
  if (!accepted || tf.getBackend() !== backend) {
    throw new Error(`TF.js did not accept the '${backend}' backend (it is on '${tf.getBackend()}')`);
  }
  return tf;
}

/** The `node -e` program of the cold-start peer: load TF.js on `backend`, print the first op's result. */
export function coldPeerProgram(backend) {
  const op = `process.stdout.write('RESULT ' + tf.ones([2]).sum().dataSync()[0] + '\\n')`;
  if (backend === 'tensorflow') return `const tf = require('@tensorflow/tfjs-node'); ${op};`;
  const wasm = backend === 'wasm' ? `require('@tensorflow/tfjs-backend-wasm'); ` : '';
  return `const tf = require('@tensorflow/tfjs'); ${wasm}tf.setBackend('${backend}').then(() => { if (tf.getBackend() !== '${backend}') process.exit(3); ${op}; });`;
}

export function describeError(error) {
  if (error?.code === 'MODULE_NOT_FOUND') {
    const missing = /Cannot find module '([^']+)'/.exec(error.message)?.[1] ?? 'a module';
    return `${missing} is not installed (MODULE_NOT_FOUND)`;
  }
  return String(error?.message ?? error).split('\n')[0];
}
