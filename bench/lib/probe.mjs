// `node bench/lib/probe.mjs <backend>`: prints one JSON line saying whether TF.js runs on that backend here.
import { loadPlainTf, describeError } from './tfPlain.mjs';

const backend = process.argv[2];
try {
  const tf = await loadPlainTf(backend);
  const value = tf.ones([2]).sum().dataSync()[0];
  const versions = { ...tf.version };
  const binding = tf.backend()?.binding;
  if (binding?.TF_Version) versions.tensorflow = binding.TF_Version;
  console.log(JSON.stringify({ backend, ok: value === 2, versions }));
} catch (error) {
  console.log(JSON.stringify({ backend, ok: false, reason: describeError(error) }));
}
process.exit(0);
