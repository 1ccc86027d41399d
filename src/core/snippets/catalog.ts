/**
 * What mlnb knows about each model snippet in snippets/mlnb.code-snippets: where it sits in the "Insert
 * Model…" picker and the Snippets view, which interview questions it illustrates, and what its kernel test
 * proves. Pure data (no 'vscode'). The snippet bodies live only in the snippet file; a unit test keeps the
 * two in step (same prefixes, same descriptions).
 */

export const SNIPPET_CATEGORIES = ['Basics', 'Vision', 'Sequences', 'Attention', 'Generative', 'Unsupervised', 'Training', 'Data', 'Deployment'] as const;
export type SnippetCategory = (typeof SNIPPET_CATEGORIES)[number];

/** What test/kernel/snippets.test.ts checks after running a snippet's default text in the real kernel. */
export const ASSERTION_KINDS = {
  'loss-decreases': 'the last epoch/step loss is clearly lower than the first',
  accuracy: 'the final (validation) accuracy passes a threshold well above chance',
  'beats-baseline': 'the error ends well below that of a trivial predictor (e.g. always the mean)',
  'parameters-recovered': 'the learned parameters are close to the ones that generated the data',
  'output-shape': 'the model (or layer) output has the expected shape',
  architecture: 'the model contains the layers the snippet is about (conv/pool/dropout, add, batch norm, L2 …)',
  'base-frozen': 'the frozen weights did not change while the new head trained',
  'stopped-early': 'training stopped before the maximum number of epochs',
  'lr-scheduled': "the optimizer's learning rate followed the schedule, epoch by epoch",
  'discriminator-learns': "the discriminator's loss falls below chance level, and every loss stays finite",
  'custom-layer-registered': 'the custom layer class is registered and survives a save/load round trip',
  'inertia-decreases': 'k-means inertia never increases from one iteration to the next',
  'clusters-recovered': 'the clusters found match the generating clusters',
  'reload-equal': 'a saved and reloaded model predicts exactly what the original predicts',
} as const;
export type AssertionKind = keyof typeof ASSERTION_KINDS;

export interface SnippetInfo {
  /** What the user types (`mlnb-cnn`); also the key that ties catalog, snippet file and tests together. */
  prefix: string;
  title: string;
  category: SnippetCategory;
  /** One sentence; identical to the snippet file's `description`. */
  description: string;
  /** Ids of questions in questions/*.json that this snippet illustrates. */
  questions: string[];
  /** What its kernel test asserts. */
  assertions: AssertionKind[];
  /**
   * False when it cannot train on the wasm backend, which lacks the gradient kernels of convolutions and of
   * Embedding. Its kernel test runs it on cpu when the default backend is wasm; the conv snippets keep their
   * run tiny without the native backend (the pure-JS conv gradient is very slow).
   */
  wasm: boolean;
}

export const SNIPPET_CATALOG: readonly SnippetInfo[] = [
  // Basics
  {
    prefix: 'mlnb-linear-regression',
    title: 'Linear regression',
    category: 'Basics',
    description: 'Linear regression: one dense unit learns y = w·x + b from noisy synthetic data with SGD and mean squared error.',
    questions: ['linear-regression', 'gradient-descent', 'loss-functions'],
    assertions: ['loss-decreases', 'parameters-recovered'],
    wasm: true,
  },
  {
    prefix: 'mlnb-logistic-regression',
    title: 'Logistic regression',
    category: 'Basics',
    description: 'Logistic regression: a sigmoid unit separates two classes of 2-D points with binary cross-entropy.',
    questions: ['logistic-regression', 'loss-functions', 'softmax-cross-entropy'],
    assertions: ['loss-decreases', 'accuracy'],
    wasm: true,
  },
  {
    prefix: 'mlnb-mlp',
    title: 'MLP classifier',
    category: 'Basics',
    description: 'MLP classifier: two hidden layers and a softmax output learn three concentric rings that no line can separate.',
    questions: ['activation-functions', 'backpropagation', 'softmax-cross-entropy', 'universal-approximation'],
    assertions: ['loss-decreases', 'accuracy', 'output-shape'],
    wasm: true,
  },
  // Vision
  {
    prefix: 'mlnb-cnn',
    title: 'CNN image classifier (CIFAR-10 style)',
    category: 'Vision',
    description: 'CNN image classifier: the Keras CIFAR-10 CNN in TF.js ((conv, conv, max-pool, dropout) ×2, dense, softmax) on synthetic 32×32×3 images.',
    questions: ['cnn', 'convolution-operation', 'pooling', 'conv-output-shape', 'cnn-image-classifier-code', 'dropout'],
    assertions: ['loss-decreases', 'output-shape', 'architecture'],
    wasm: false,
  },
  {
    prefix: 'mlnb-resnet-block',
    title: 'Residual block (ResNet)',
    category: 'Vision',
    description: 'Residual blocks with the functional API: conv, batch norm, relu and a skip connection joined by tf.layers.add.',
    questions: ['resnet', 'deep-cnn', 'vanishing-exploding-gradients', 'batch-normalization', 'one-by-one-convolution'],
    assertions: ['loss-decreases', 'output-shape', 'architecture'],
    wasm: false,
  },
  // Sequences
  {
    prefix: 'mlnb-rnn',
    title: 'Simple RNN forecaster',
    category: 'Sequences',
    description: 'Simple RNN: predict the next value of a noisy sine wave from a window of previous values.',
    questions: ['rnn', 'vanishing-exploding-gradients'],
    assertions: ['loss-decreases', 'beats-baseline'],
    wasm: true,
  },
  {
    prefix: 'mlnb-lstm',
    title: 'LSTM (adding problem)',
    category: 'Sequences',
    description: 'LSTM on the adding problem: remember the two marked values of a sequence and output their sum.',
    questions: ['lstm-gates', 'rnn', 'vanishing-exploding-gradients'],
    assertions: ['loss-decreases', 'beats-baseline'],
    wasm: true,
  },
  {
    prefix: 'mlnb-gru',
    title: 'GRU sequence classifier',
    category: 'Sequences',
    description: 'GRU sequence classifier: tell sine, square and sawtooth waves apart from noisy samples.',
    questions: ['gru', 'rnn', 'lstm-gates'],
    assertions: ['loss-decreases', 'accuracy'],
    wasm: true,
  },
  {
    prefix: 'mlnb-bilstm',
    title: 'Bidirectional LSTM tagger',
    category: 'Sequences',
    description: 'Bidirectional LSTM: tag every time step of a sequence (is it a local peak?), which needs the future as well as the past.',
    questions: ['bidirectional-rnn', 'lstm-gates'],
    assertions: ['loss-decreases', 'accuracy', 'output-shape'],
    wasm: true,
  },
  {
    prefix: 'mlnb-text-classification',
    title: 'Text classification with embeddings',
    category: 'Sequences',
    description: 'Text classification: tokenize and pad sentences, learn word vectors in an Embedding layer, and classify sentiment.',
    questions: ['word-embeddings', 'tokenization', 'what-is-nlp'],
    assertions: ['loss-decreases', 'accuracy'],
    wasm: false,
  },
  // Attention
  {
    prefix: 'mlnb-transformer',
    title: 'Transformer encoder block',
    category: 'Attention',
    description: 'Transformer encoder block as a custom layer: multi-head self-attention (Q/K/V, scaled dot-product, softmax), residual + layer norm, feed-forward.',
    questions: ['transformer', 'self-attention', 'scaled-dot-product-attention', 'multi-head-attention', 'attention-mechanism', 'layer-and-group-normalization'],
    assertions: ['loss-decreases', 'output-shape', 'custom-layer-registered'],
    wasm: true,
  },
  // Generative
  {
    prefix: 'mlnb-dcgan',
    title: 'DCGAN',
    category: 'Generative',
    description: 'DCGAN: a transposed-conv generator and a conv discriminator trained adversarially with a custom step (tf.variableGrads, applyGradients).',
    questions: ['gan', 'gan-training-code', 'gan-training-problems', 'generative-vs-discriminative'],
    assertions: ['discriminator-learns', 'output-shape'],
    wasm: false,
  },
  {
    prefix: 'mlnb-vae',
    title: 'Variational autoencoder',
    category: 'Generative',
    description: 'Variational autoencoder: a registered custom Sampling layer (reparameterisation trick) and a custom loop minimising reconstruction + KL loss.',
    questions: ['vae', 'autoencoder', 'entropy-and-kl-divergence', 'generative-models'],
    assertions: ['loss-decreases', 'output-shape', 'custom-layer-registered'],
    wasm: true,
  },
  // Unsupervised
  {
    prefix: 'mlnb-autoencoder',
    title: 'Autoencoder',
    category: 'Unsupervised',
    description: 'Autoencoder: compress 20-D data through a 3-unit bottleneck and reconstruct it (functional API, shared encoder).',
    questions: ['autoencoder', 'unsupervised-learning', 'pca', 'self-supervised-learning'],
    assertions: ['loss-decreases', 'beats-baseline', 'output-shape'],
    wasm: true,
  },
  {
    prefix: 'mlnb-kmeans',
    title: 'k-means clustering',
    category: 'Unsupervised',
    description: 'k-means with tensor ops: k-means++ initialisation, assign and update steps until convergence, best of several restarts.',
    questions: ['k-means', 'unsupervised-learning'],
    assertions: ['inertia-decreases', 'clusters-recovered'],
    wasm: true,
  },
  // Training
  {
    prefix: 'mlnb-transfer-learning',
    title: 'Transfer learning',
    category: 'Training',
    description: 'Transfer learning: train a base network, freeze it (trainable = false) and train only a new head on a related task.',
    questions: ['transfer-learning', 'fine-tuning-strategies', 'image-classification-with-pretrained'],
    assertions: ['loss-decreases', 'base-frozen', 'accuracy'],
    wasm: true,
  },
  {
    prefix: 'mlnb-regularized-mlp',
    title: 'Regularised MLP',
    category: 'Training',
    description: 'Regularised MLP: L2 weight decay (kernelRegularizer), batch normalisation and dropout against overfitting small noisy data.',
    questions: ['regularization', 'dropout', 'batch-normalization', 'l1-vs-l2-regularization', 'overfitting'],
    assertions: ['loss-decreases', 'architecture'],
    wasm: true,
  },
  {
    prefix: 'mlnb-early-stopping',
    title: 'Early stopping',
    category: 'Training',
    description: 'Early stopping: tf.callbacks.earlyStopping ends training once val_loss stops improving for `patience` epochs.',
    questions: ['early-stopping', 'overfitting', 'train-validation-test-split'],
    assertions: ['stopped-early', 'loss-decreases'],
    wasm: true,
  },
  {
    prefix: 'mlnb-lr-schedule',
    title: 'Learning-rate schedule',
    category: 'Training',
    description: 'Learning-rate schedule: a custom tf.Callback sets optimizer.learningRate at the start of every epoch (exponential decay).',
    questions: ['learning-rate-schedules', 'learning-rate', 'adam'],
    assertions: ['lr-scheduled', 'loss-decreases'],
    wasm: true,
  },
  {
    prefix: 'mlnb-custom-training-loop',
    title: 'Custom training loop',
    category: 'Training',
    description: 'Custom training loop: tf.variables, tf.variableGrads and optimizer.applyGradients fit a cubic, step by step.',
    questions: ['backpropagation', 'gradient-descent', 'adam'],
    assertions: ['loss-decreases', 'parameters-recovered'],
    wasm: true,
  },
  // Data
  {
    prefix: 'mlnb-tf-data',
    title: 'tf.data pipeline',
    category: 'Data',
    description: 'tf.data pipeline: generator → map → shuffle → batch → model.fitDataset, with an in-memory validation dataset.',
    questions: ['batch-size', 'train-validation-test-split'],
    assertions: ['loss-decreases', 'accuracy'],
    wasm: true,
  },
  // Deployment
  {
    prefix: 'mlnb-save-load',
    title: 'Save and load a model',
    category: 'Deployment',
    description: 'Save and load a model: file:// with the native backend, an in-memory round trip elsewhere; the reloaded model predicts the same.',
    questions: ['model-deployment', 'on-device-inference'],
    assertions: ['reload-equal'],
    wasm: true,
  },
];

export function findSnippet(prefix: string): SnippetInfo | undefined {
  return SNIPPET_CATALOG.find((s) => s.prefix === prefix);
}

/** Categories in display order, each with its snippets in catalog order; empty categories are left out. */
export function snippetsByCategory(catalog: readonly SnippetInfo[] = SNIPPET_CATALOG): { category: SnippetCategory; snippets: SnippetInfo[] }[] {
  return SNIPPET_CATEGORIES.map((category) => ({ category, snippets: catalog.filter((s) => s.category === category) })).filter((g) => g.snippets.length > 0);
}
