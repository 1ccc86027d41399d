/**
 * `fit(x, y, { sampleWeight })`. tfjs-layers 4.22 refuses it in standardizeUserData ("sample weight is not
 * supported yet"), yet its train function already weighs each sample's loss with the weights fit hands it
 * (computeWeightedLoss, the route classWeight takes). For the length of one fit, mlnb hands it the user's weights
 * there — times the class weights when both are given, as Keras does — so the eager and the compiled step weigh
 * the same per-sample weights, batched and shuffled with x and y by TF.js's own fit loop.
 */
type TfModule = typeof import('@tensorflow/tfjs');
type LayersModel = import('@tensorflow/tfjs').LayersModel;
type Tensor = import('@tensorflow/tfjs').Tensor;

type StandardizeUserData = (x: unknown, y: unknown, sampleWeight: unknown, classWeight: unknown, checkBatchAxis?: boolean, batchSize?: number) => Promise<[Tensor[], Tensor[], Tensor[] | null]>;

/** Runs `fit` (on `inner`, the model TF.js's fit loop runs on) with `sampleWeight` applied; throws a clear error for weights it cannot apply. */
export async function withSampleWeights<T>(tf: TfModule, inner: LayersModel, sampleWeight: unknown, fit: () => Promise<T>): Promise<T> {
  if (!(sampleWeight instanceof tf.Tensor)) {
    throw new Error(`sampleWeight must be a tf.Tensor with one weight per sample (shape [numSamples]), got ${describe(sampleWeight)}`);
  }
  if (sampleWeight.isDisposed) throw new Error('sampleWeight is a disposed tensor');
  if (!(sampleWeight.rank === 1 || (sampleWeight.rank === 2 && sampleWeight.shape[1] === 1))) {
    throw new Error(`sampleWeight must have shape [numSamples] (one weight per sample), got [${sampleWeight.shape.join(', ')}]`);
  }
  if (inner.outputs.length !== 1) throw new Error(`sampleWeight is supported for models with one output; this one has ${inner.outputs.length}`);
  const outputRank = inner.outputs[0].shape.length;
  if (outputRank !== 2) {
    throw new Error(`sampleWeight weighs whole samples: it needs a model whose output is one vector per sample (rank 2), this one's has rank ${outputRank}`);
  }
  const target = inner as unknown as { standardizeUserData: StandardizeUserData };
  const own = Object.prototype.hasOwnProperty.call(target, 'standardizeUserData');
  const original = target.standardizeUserData;
  target.standardizeUserData = async function (this: unknown, x, y, weight, classWeight, checkBatchAxis, batchSize) {
    // Validation data is standardized without weights: leave it to TF.js.
    if (weight == null) return original.call(this, x, y, weight, classWeight, checkBatchAxis, batchSize);
    const [xs, ys, classWeights] = await original.call(this, x, y, null, classWeight, checkBatchAxis, batchSize);
    const samples = xs[0].shape[0];
    if (sampleWeight.shape[0] !== samples) {
      tf.dispose(classWeights ?? []);
      throw new Error(`sampleWeight has ${sampleWeight.shape[0]} weights but x has ${samples} samples: give one weight per sample`);
    }
    // TF.js disposes the weights it is given after fit: hand it a copy, never the user's tensor.
    const perSample = tf.tidy(() => {
      const own = sampleWeight.reshape([samples]).toFloat();
      return classWeights?.[0] ? own.mul(classWeights[0]) : own.clone();
    });
    tf.dispose(classWeights ?? []);
    return [xs, ys, [perSample]];
  };
  try {
    return await fit();
  } finally {
    if (own) target.standardizeUserData = original;
    else delete (target as unknown as Record<string, unknown>).standardizeUserData;
  }
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return typeof value === 'object' ? `a ${(value as object).constructor?.name ?? 'object'}` : `${typeof value} ${JSON.stringify(value)}`;
}
