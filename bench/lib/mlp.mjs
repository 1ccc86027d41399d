// The one MLP both sides of the training benchmark run, as notebook-cell source text. The kernel runs these
// strings as cells; the plain-Node peer runs the very same strings in one async function. `tf` is in scope
// on both sides (a kernel global / a function parameter).

export const SAMPLES = 8192;
export const BATCH = 128;

/** Synthetic data + model 784-128-10 (relu, softmax), adam, categoricalCrossentropy. */
export const SETUP_CELL = `
const benchSamples = ${SAMPLES};
const benchX = tf.randomNormal([benchSamples, 784]);
const benchY = tf.oneHot(tf.randomUniform([benchSamples], 0, 10, 'int32'), 10).toFloat();
const benchModel = tf.sequential();
benchModel.add(tf.layers.dense({ inputShape: [784], units: 128, activation: 'relu' }));
benchModel.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
benchModel.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
`;

/** The statement that is timed (and, with epochs: 1, the warm-up). `extra` adds fit options (diagnostics only). */
export const fitStatement = (epochs, extra = '') =>
  `await benchModel.fit(benchX, benchY, { epochs: ${epochs}, batchSize: ${BATCH}, shuffle: true, verbose: 0${extra} });`;

