/**
 * Practice exercises for questions/architectures.json.
 */
import { ts, ts as md, type PracticeExercise } from '../types';

/** Small vector helpers for the recurrent-cell exercises. */
const RECURRENT_HELPERS = ts`
  //en: x·M for a row vector x and a matrix M given as rows.
  //zh: 行向量 x 乘矩阵 M（M 按行给出）。
  const vecMat = (x: number[], M: number[][]) => M[0].map((_, j) => x.reduce((s, v, i) => s + v * M[i][j], 0));
  const addVec = (a: number[], b: number[]) => a.map((v, i) => v + b[i]);
  const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
`;

export const ARCHITECTURES: PracticeExercise[] = [
  {
    questionId: 'cnn',
    slug: 'cnn',
    version: 1,
    title: { en: 'Build a small CNN', zh: '搭一个小型 CNN' },
    task: {
      en: md`
        Build this classifier for 28×28 grey-scale images with \`tf.sequential\`:

        \`Conv2D(8 filters, 3×3, relu)\` → \`MaxPooling2D(2)\` → \`Conv2D(16, 3×3, relu)\` → \`MaxPooling2D(2)\` →
        \`Flatten\` → \`Dense(10, softmax)\`

        The check compares every layer's output shape and parameter count with what they should be — work them
        out before you run it.`,
      zh: md`
        用 \`tf.sequential\` 为 28×28 灰度图搭建如下分类器：

        \`Conv2D(8 个滤波器, 3×3, relu)\` → \`MaxPooling2D(2)\` → \`Conv2D(16, 3×3, relu)\` → \`MaxPooling2D(2)\` →
        \`Flatten\` → \`Dense(10, softmax)\`

        检查会逐层比较输出形状和参数量——运行之前先自己算一算。`,
    },
    setup: ts`
      const inputShape = [28, 28, 1];
    `,
    starter: ts`
      //en: TODO: Conv2D(8, 3×3, relu) → MaxPooling2D(2) → Conv2D(16, 3×3, relu) → MaxPooling2D(2) → Flatten → Dense(10, softmax).
      //zh: TODO：Conv2D(8, 3×3, relu) → MaxPooling2D(2) → Conv2D(16, 3×3, relu) → MaxPooling2D(2) → Flatten → Dense(10, softmax)。
      const model = tf.sequential({
        layers: [
          tf.layers.flatten({ inputShape }),
          tf.layers.dense({ units: 10, activation: 'softmax' }),
        ],
      });
    `,
    solution: ts`
      const model = tf.sequential({
        layers: [
          tf.layers.conv2d({ inputShape, filters: 8, kernelSize: 3, activation: 'relu' }),
          tf.layers.maxPooling2d({ poolSize: 2 }),
          tf.layers.conv2d({ filters: 16, kernelSize: 3, activation: 'relu' }),
          tf.layers.maxPooling2d({ poolSize: 2 }),
          tf.layers.flatten(),
          tf.layers.dense({ units: 10, activation: 'softmax' }),
        ],
      });
    `,
    check: ts`
      {
        const expected: [string, number[], number, string, string][] = [
          ['Conv2D', [26, 26, 8], 80, '3·3·1·8 + 8 = 80', '3·3·1·8 + 8 = 80'],
          ['MaxPooling2D', [13, 13, 8], 0, 'pooling has no parameters', '池化没有参数'],
          ['Conv2D', [11, 11, 16], 1168, '3·3·8·16 + 16 = 1168', '3·3·8·16 + 16 = 1168'],
          ['MaxPooling2D', [5, 5, 16], 0, '⌊11/2⌋ = 5', '⌊11/2⌋ = 5'],
          ['Flatten', [400], 0, '5·5·16 = 400', '5·5·16 = 400'],
          ['Dense', [10], 4010, '400·10 + 10 = 4010', '400·10 + 10 = 4010'],
        ];
        const layers = model.layers;
        check(layers.length === expected.length, 'Expected ' + expected.length + ' layers (' + expected.map((e) => e[0]).join(' → ') + '), got ' + layers.length + ': ' + layers.map((l) => l.getClassName()).join(' → ') + '.', '应有 ' + expected.length + ' 层（' + expected.map((e) => e[0]).join(' → ') + '），实际有 ' + layers.length + ' 层：' + layers.map((l) => l.getClassName()).join(' → ') + '。');
        expected.forEach(([name, shape, params, whyEn, whyZh], i) => {
          const layer = layers[i];
          const got = (layer.outputShape as number[]).slice(1);
          check(layer.getClassName() === name, 'Layer ' + (i + 1) + ' should be ' + name + ', got ' + layer.getClassName() + '.', '第 ' + (i + 1) + ' 层应为 ' + name + '，实际为 ' + layer.getClassName() + '。');
          check(allClose(got, shape, 0), 'Layer ' + (i + 1) + ' (' + name + ') should output ' + fmt(shape) + ', got ' + fmt(got) + '.', '第 ' + (i + 1) + ' 层（' + name + '）输出应为 ' + fmt(shape) + '，实际为 ' + fmt(got) + '。');
          check(layer.countParams() === params, 'Layer ' + (i + 1) + ' (' + name + ') should have ' + params + ' parameters (' + whyEn + '), got ' + layer.countParams() + '.', '第 ' + (i + 1) + ' 层（' + name + '）应有 ' + params + ' 个参数（' + whyZh + '），实际为 ' + layer.countParams() + '。');
        });
        const probs = model.predict(tf.zeros([2, 28, 28, 1])) as tf.Tensor;
        check(allClose(probs.sum(1), [1, 1], 1e-5), 'The output should be a probability distribution over 10 classes (softmax).', '输出应是 10 个类别上的概率分布（softmax）。');
        model.summary();
        pass('5,258 parameters in total. A dense layer from the 784 pixels to just 10 outputs would already need 7,850: convolutions share one small kernel across all positions, and pooling shrinks the maps.',
          '共 5,258 个参数。而从 784 个像素直接连到 10 个输出的全连接层就需要 7,850 个：卷积在所有位置共享一个小卷积核，池化又缩小了特征图。');
      }
    `,
  },
  {
    questionId: 'convolution-operation',
    slug: 'convolution',
    version: 1,
    title: { en: 'A convolution by hand', zh: '手算卷积' },
    task: {
      en: md`
        Write \`conv2dValid(input, kernel)\` for an input \`[H][W][C]\` and a kernel \`[kh][kw][C][outChannels]\`
        (stride 1, no padding): output \`[i][j][o]\` = Σ over \`a, b, c\` of \`input[i+a][j+b][c] · kernel[a][b][c][o]\`.

        The starter forgets part of the sum. The check compares with \`tf.conv2d\`.`,
      zh: md`
        为输入 \`[H][W][C]\` 和卷积核 \`[kh][kw][C][outChannels]\` 写出 \`conv2dValid(input, kernel)\`（步幅 1，无填充）：输出
        \`[i][j][o]\` = 对 \`a, b, c\` 求和 \`input[i+a][j+b][c] · kernel[a][b][c][o]\`。

        初始代码漏掉了求和的一部分。检查会与 \`tf.conv2d\` 比较。`,
    },
    setup: ts`
      const rand = seededRandom(23);
      const r1 = () => Math.round(10 * (rand() * 2 - 1)) / 10;
      //en: A 5×5 input with 2 channels and a 3×3 kernel from 2 to 3 channels.
      //zh: 5×5、2 通道的输入，以及从 2 通道到 3 通道的 3×3 卷积核。
      const input = Array.from({ length: 5 }, () => Array.from({ length: 5 }, () => [r1(), r1()]));
      const kernel = Array.from({ length: 3 }, () => Array.from({ length: 3 }, () => Array.from({ length: 2 }, () => [r1(), r1(), r1()])));
    `,
    starter: ts`
      function conv2dValid(input: number[][][], kernel: number[][][][]): number[][][] {
        const [H, W] = [input.length, input[0].length];
        const [kh, kw, outChannels] = [kernel.length, kernel[0].length, kernel[0][0][0].length];
        const out: number[][][] = [];
        for (let i = 0; i + kh <= H; i++) {
          const row: number[][] = [];
          for (let j = 0; j + kw <= W; j++) {
            const cell: number[] = [];
            for (let o = 0; o < outChannels; o++) {
              let sum = 0;
              for (let a = 0; a < kh; a++) {
                for (let b = 0; b < kw; b++) {
                  //en: TODO: sum over every input channel c, not just channel 0.
                  //zh: TODO：对每个输入通道 c 求和，而不只是通道 0。
                  sum += input[i + a][j + b][0] * kernel[a][b][0][o];
                }
              }
              cell.push(sum);
            }
            row.push(cell);
          }
          out.push(row);
        }
        return out;
      }
    `,
    solution: ts`
      function conv2dValid(input: number[][][], kernel: number[][][][]): number[][][] {
        const [H, W, C] = [input.length, input[0].length, input[0][0].length];
        const [kh, kw, outChannels] = [kernel.length, kernel[0].length, kernel[0][0][0].length];
        const out: number[][][] = [];
        for (let i = 0; i + kh <= H; i++) {
          const row: number[][] = [];
          for (let j = 0; j + kw <= W; j++) {
            const cell: number[] = [];
            for (let o = 0; o < outChannels; o++) {
              let sum = 0;
              for (let a = 0; a < kh; a++) {
                for (let b = 0; b < kw; b++) {
                  for (let c = 0; c < C; c++) sum += input[i + a][j + b][c] * kernel[a][b][c][o];
                }
              }
              cell.push(sum);
            }
            row.push(cell);
          }
          out.push(row);
        }
        return out;
      }
    `,
    check: ts`
      {
        const want = tf.conv2d(tf.tensor3d(input), tf.tensor4d(kernel), 1, 'valid');
        const got = conv2dValid(input, kernel);
        check(allClose([got.length, got[0]?.length ?? 0, got[0]?.[0]?.length ?? 0], want.shape, 0), 'The output should have shape ' + fmt(want.shape) + ' (5 − 3 + 1 = 3 per side, one value per output channel), got ' + fmt([got.length, got[0]?.length ?? 0, got[0]?.[0]?.length ?? 0]) + '.', '输出形状应为 ' + fmt(want.shape) + '（每边 5 − 3 + 1 = 3，每个输出通道一个值），实际为 ' + fmt([got.length, got[0]?.length ?? 0, got[0]?.[0]?.length ?? 0]) + '。');
        check(allClose(got, want, 1e-4), 'Output differs from tf.conv2d: expected ' + fmt(want, 3) + ', got ' + fmt(got, 3) + '. Every output channel sums over all input channels.', '输出与 tf.conv2d 不一致：应为 ' + fmt(want, 3) + '，实际为 ' + fmt(got, 3) + '。每个输出通道都要对所有输入通道求和。');
        pass('Matches tf.conv2d. A kernel for C input channels has shape kh × kw × C per output channel, so this layer has 3·3·2·3 + 3 = 57 parameters. (Deep-learning "convolution" does not flip the kernel: it is cross-correlation.)',
          '与 tf.conv2d 一致。对 C 个输入通道，每个输出通道的卷积核形状为 kh × kw × C，因此这一层有 3·3·2·3 + 3 = 57 个参数。（深度学习中的"卷积"不翻转卷积核，实际上是互相关。）');
      }
    `,
  },
  {
    questionId: 'conv-output-shape',
    slug: 'cnn-shapes',
    version: 1,
    title: { en: 'Shapes and parameters through a CNN', zh: 'CNN 各层的形状与参数量' },
    task: {
      en: md`
        1. \`convOutputSize(n, kernel, stride, padding)\` = ⌊(n + 2·padding − kernel) / stride⌋ + 1. (A 2×2 max
           pool with stride 2 follows the same formula.)
        2. \`convParams(kernel, inChannels, outChannels)\` = kernel·kernel·inChannels·outChannels weights +
           outChannels biases.
        3. \`networkShapes()\`: the \`[height, width, channels]\` after each layer of the question's network:
           32×32×3 → Conv(3×3, 32) → MaxPool(2) → Conv(3×3, 64) → MaxPool(2) → Conv(3×3, 64), all \`valid\`.`,
      zh: md`
        1. \`convOutputSize(n, kernel, stride, padding)\` = ⌊(n + 2·padding − kernel) / stride⌋ + 1。（步幅 2 的 2×2
           最大池化也用同一公式。）
        2. \`convParams(kernel, inChannels, outChannels)\` = kernel·kernel·inChannels·outChannels 个权重 + outChannels 个偏置。
        3. \`networkShapes()\`：题目中网络每层之后的 \`[height, width, channels]\`：32×32×3 → Conv(3×3, 32) → MaxPool(2) →
           Conv(3×3, 64) → MaxPool(2) → Conv(3×3, 64)，均为 \`valid\`。`,
    },
    setup: ts`
      //en: The network from the question (the classic TensorFlow CIFAR-10 tutorial), for comparison.
      //zh: 题目中的网络（经典的 TensorFlow CIFAR-10 教程），用于对照。
      const reference = tf.sequential({
        layers: [
          tf.layers.conv2d({ inputShape: [32, 32, 3], filters: 32, kernelSize: 3, activation: 'relu' }),
          tf.layers.maxPooling2d({ poolSize: 2 }),
          tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
          tf.layers.maxPooling2d({ poolSize: 2 }),
          tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
        ],
      });
    `,
    starter: ts`
      function convOutputSize(n: number, kernel: number, stride = 1, padding = 0): number {
        //en: TODO: ⌊(n + 2·padding − kernel) / stride⌋ + 1
        //zh: TODO：⌊(n + 2·padding − kernel) / stride⌋ + 1
        return n - kernel;
      }
      function convParams(kernel: number, inChannels: number, outChannels: number): number {
        //en: TODO: every output channel has a kernel × kernel × inChannels kernel and one bias.
        //zh: TODO：每个输出通道有一个 kernel × kernel × inChannels 的卷积核和一个偏置。
        return kernel * kernel * outChannels;
      }
      function networkShapes(): number[][] {
        //en: TODO: [height, width, channels] after each of the 5 layers, using convOutputSize.
        //zh: TODO：用 convOutputSize 算出 5 层中每层之后的 [height, width, channels]。
        return [];
      }
    `,
    solution: ts`
      function convOutputSize(n: number, kernel: number, stride = 1, padding = 0): number {
        return Math.floor((n + 2 * padding - kernel) / stride) + 1;
      }
      function convParams(kernel: number, inChannels: number, outChannels: number): number {
        return kernel * kernel * inChannels * outChannels + outChannels;
      }
      function networkShapes(): number[][] {
        const c1 = convOutputSize(32, 3);
        const p1 = convOutputSize(c1, 2, 2);
        const c2 = convOutputSize(p1, 3);
        const p2 = convOutputSize(c2, 2, 2);
        const c3 = convOutputSize(p2, 3);
        return [[c1, c1, 32], [p1, p1, 32], [c2, c2, 64], [p2, p2, 64], [c3, c3, 64]];
      }
    `,
    check: ts`
      {
        const cases: [number[], number][] = [[[32, 3], 30], [[32, 3, 1, 1], 32], [[13, 2, 2], 6], [[224, 7, 2, 3], 112], [[5, 3, 2], 2]];
        for (const [args, want] of cases) {
          const got = convOutputSize(args[0], args[1], args[2], args[3]);
          check(got === want, 'convOutputSize(' + args.join(', ') + ') should be ' + want + ', got ' + got + '. Hint: ⌊(n + 2p − k)/s⌋ + 1 — a 3×3 kernel fits 30 times across 32 pixels.', 'convOutputSize(' + args.join(', ') + ') 应为 ' + want + '，实际为 ' + got + '。提示：⌊(n + 2p − k)/s⌋ + 1——3×3 卷积核在 32 个像素上能放 30 个位置。');
        }
        const convs = reference.layers.filter((l) => l.getClassName() === 'Conv2D');
        const inChannels = [3, 32, 64];
        convs.forEach((layer, i) => {
          const cout = (layer.outputShape as number[])[3];
          const got = convParams(3, inChannels[i], cout);
          check(got === layer.countParams(), 'convParams(3, ' + inChannels[i] + ', ' + cout + ') should be ' + layer.countParams() + ', got ' + got + '.', 'convParams(3, ' + inChannels[i] + ', ' + cout + ') 应为 ' + layer.countParams() + '，实际为 ' + got + '。');
        });
        const shapes = networkShapes();
        const want = reference.layers.map((l) => (l.outputShape as number[]).slice(1));
        check(shapes.length === 5, 'networkShapes() should return 5 shapes, one per layer, got ' + shapes.length + '.', 'networkShapes() 应返回 5 个形状，每层一个，实际为 ' + shapes.length + ' 个。');
        want.forEach((w, i) => check(allClose(shapes[i], w, 0), 'Layer ' + (i + 1) + ' (' + reference.layers[i].getClassName() + ') outputs ' + fmt(w) + ', you have ' + fmt(shapes[i]) + '.', '第 ' + (i + 1) + ' 层（' + reference.layers[i].getClassName() + '）输出为 ' + fmt(w) + '，你的是 ' + fmt(shapes[i]) + '。'));
        const last = shapes[4];
        pass('30×30×32 → 15×15×32 → 13×13×64 → 6×6×64 (⌊13/2⌋) → 4×4×64, flattened ' + last[0] * last[1] * last[2] + '; ' + reference.countParams() + ' parameters = 896 + 18,496 + 36,928. A following Dense layer needs exactly that flattened size as its input.',
          '30×30×32 → 15×15×32 → 13×13×64 → 6×6×64（⌊13/2⌋）→ 4×4×64，展平后 ' + last[0] * last[1] * last[2] + '；共 ' + reference.countParams() + ' 个参数 = 896 + 18,496 + 36,928。后面接的 Dense 层输入维度必须正好等于展平后的大小。');
      }
    `,
  },
  {
    questionId: 'pooling',
    slug: 'pooling',
    version: 1,
    title: { en: 'Max, average and global pooling', zh: '最大、平均与全局池化' },
    task: {
      en: md`
        For a single-channel feature map given as rows:

        1. \`windows(x)\`: every 2×2 window (stride 2) as its 4 values; \`maxPool2x2\` and \`avgPool2x2\` then take the
           maximum / the mean of each window.
        2. \`globalAveragePool(x)\` for a \`[height, width, channels]\` tensor: one mean per channel.

        The check compares with \`tf.maxPool\`, \`tf.avgPool\` and \`tf.layers.globalAveragePooling2d\`.`,
      zh: md`
        对按行给出的单通道特征图：

        1. \`windows(x)\`：列出每个 2×2 窗口（步幅 2）的 4 个值；\`maxPool2x2\` 和 \`avgPool2x2\` 再分别取每个窗口的最大值 / 平均值。
        2. \`globalAveragePool(x)\`：对 \`[height, width, channels]\` 张量，每个通道取一个均值。

        检查会与 \`tf.maxPool\`、\`tf.avgPool\` 和 \`tf.layers.globalAveragePooling2d\` 比较。`,
    },
    setup: ts`
      const featureMap = [
        [1, 3, 2, 0],
        [4, 2, 1, 5],
        [0, 1, 3, 2],
        [2, 6, 0, 1],
      ];
      const maps = tf.tensor3d([[[1, 0], [2, 1]], [[3, 4], [4, 1]]]);
    `,
    starter: ts`
      function windows(x: number[][]): number[][][] {
        //en: TODO: every 2×2 window (stride 2) as its 4 values, row by row — this keeps only each window's top-left value.
        //zh: TODO：按行列出每个 2×2 窗口（步幅 2）的 4 个值——这里只取了每个窗口左上角的值。
        return x.filter((_, i) => i % 2 === 0).map((row) => row.filter((_, j) => j % 2 === 0).map((v) => [v]));
      }
      function maxPool2x2(x: number[][]): number[][] {
        return windows(x).map((row) => row.map((w) => Math.max(...w)));
      }
      function avgPool2x2(x: number[][]): number[][] {
        return windows(x).map((row) => row.map((w) => w.reduce((a, b) => a + b, 0) / w.length));
      }
      function globalAveragePool(x: tf.Tensor3D): tf.Tensor1D {
        //en: TODO: the mean over height and width, one value per channel.
        //zh: TODO：在高和宽上求平均，每个通道一个值。
        return x.mean(2) as tf.Tensor1D;
      }
    `,
    solution: ts`
      function windows(x: number[][]): number[][][] {
        const out: number[][][] = [];
        for (let i = 0; i + 1 < x.length; i += 2) {
          const row: number[][] = [];
          for (let j = 0; j + 1 < x[0].length; j += 2) row.push([x[i][j], x[i][j + 1], x[i + 1][j], x[i + 1][j + 1]]);
          out.push(row);
        }
        return out;
      }
      function maxPool2x2(x: number[][]): number[][] {
        return windows(x).map((row) => row.map((w) => Math.max(...w)));
      }
      function avgPool2x2(x: number[][]): number[][] {
        return windows(x).map((row) => row.map((w) => w.reduce((a, b) => a + b, 0) / w.length));
      }
      function globalAveragePool(x: tf.Tensor3D): tf.Tensor1D {
        return x.mean([0, 1]) as tf.Tensor1D;
      }
    `,
    check: ts`
      {
        const t = tf.tensor4d([featureMap.map((row) => row.map((v) => [v]))]);
        const wantMax = tf.maxPool(t, 2, 2, 'valid');
        const wantAvg = tf.avgPool(t, 2, 2, 'valid');
        check(allClose(maxPool2x2(featureMap), wantMax, 1e-6), 'maxPool2x2 should give ' + fmt(wantMax) + ' (the largest of each 2×2 window), got ' + fmt(maxPool2x2(featureMap)) + '.', 'maxPool2x2 应得到 ' + fmt(wantMax) + '（每个 2×2 窗口的最大值），实际为 ' + fmt(maxPool2x2(featureMap)) + '。');
        check(allClose(avgPool2x2(featureMap), wantAvg, 1e-6), 'avgPool2x2 should give ' + fmt(wantAvg) + ' (the mean of each 2×2 window), got ' + fmt(avgPool2x2(featureMap)) + '.', 'avgPool2x2 应得到 ' + fmt(wantAvg) + '（每个 2×2 窗口的均值），实际为 ' + fmt(avgPool2x2(featureMap)) + '。');
        const gap = tf.layers.globalAveragePooling2d({}).apply(maps.expandDims(0)) as tf.Tensor;
        check(allClose(globalAveragePool(maps), gap, 1e-6), 'globalAveragePool should give ' + fmt(gap) + ' (one mean per channel over height and width), got ' + fmt(globalAveragePool(maps)) + '.', 'globalAveragePool 应得到 ' + fmt(gap) + '（每个通道在高和宽上的均值），实际为 ' + fmt(globalAveragePool(maps)) + '。');
        const shifted = featureMap.map((row) => [row[1], row[0], row[3], row[2]]);
        check(allClose(maxPool2x2(shifted), maxPool2x2(featureMap), 0), 'Swapping values inside each window should not change max pooling.', '在窗口内交换数值不应改变最大池化结果。');
        pass('Pooling keeps the strongest (max) or typical (average) response per window: ¼ of the values, no parameters, and invariance to small shifts inside a window. Global average pooling replaces Flatten + a big Dense layer in modern CNNs (ResNet).',
          '池化保留每个窗口最强（最大）或典型（平均）的响应：只剩 ¼ 的数值，没有参数，并对窗口内的小位移保持不变。全局平均池化在现代 CNN（ResNet）中取代了 Flatten + 大的全连接层。');
      }
    `,
  },
  {
    questionId: 'resnet',
    slug: 'residual-connections',
    version: 1,
    title: { en: 'A residual block', zh: '残差块' },
    task: {
      en: md`
        Write \`residualBlock(x, zeroInit)\` with the functional API: a branch \`F(x)\` = Dense(relu) → Dense, and the
        block output \`x + F(x)\` (\`tf.layers.add().apply([x, f])\`).

        The check stacks 20 of your blocks. With the branch's last layer zero-initialised, a residual block is
        exactly the **identity** — so the deep stack starts as the identity too, and gradients reach the first layer
        undiminished.`,
      zh: md`
        用函数式 API 写出 \`residualBlock(x, zeroInit)\`：分支 \`F(x)\` = Dense(relu) → Dense，块的输出为 \`x + F(x)\`
        （\`tf.layers.add().apply([x, f])\`）。

        检查会把 20 个你的块堆叠起来。分支最后一层零初始化时，残差块恰好是**恒等映射**——所以这个深层网络一开始也是恒等映射，
        梯度能毫不衰减地传到第一层。`,
    },
    setup: ts`
      const units = 16;
      const xs = tf.randomNormal([8, units], 0, 1, 'float32', 1);
      //en: A model of \`depth\` blocks.
      //zh: 由 depth 个块组成的模型。
      function buildStack(block: (x: tf.SymbolicTensor) => tf.SymbolicTensor, depth: number): tf.LayersModel {
        const input = tf.input({ shape: [units] });
        let h = input;
        for (let i = 0; i < depth; i++) h = block(h);
        return tf.model({ inputs: input, outputs: h });
      }
    `,
    starter: ts`
      function residualBlock(x: tf.SymbolicTensor, zeroInit = true): tf.SymbolicTensor {
        const h = tf.layers.dense({ units, activation: 'relu' }).apply(x) as tf.SymbolicTensor;
        const f = tf.layers.dense({ units, kernelInitializer: zeroInit ? 'zeros' : 'glorotNormal' }).apply(h) as tf.SymbolicTensor;
        //en: TODO: add the block's input back (the skip connection): tf.layers.add().apply([x, f]).
        //zh: TODO：把块的输入加回来（跳跃连接）：tf.layers.add().apply([x, f])。
        return f;
      }
    `,
    solution: ts`
      function residualBlock(x: tf.SymbolicTensor, zeroInit = true): tf.SymbolicTensor {
        const h = tf.layers.dense({ units, activation: 'relu' }).apply(x) as tf.SymbolicTensor;
        const f = tf.layers.dense({ units, kernelInitializer: zeroInit ? 'zeros' : 'glorotNormal' }).apply(h) as tf.SymbolicTensor;
        return tf.layers.add().apply([x, f]) as tf.SymbolicTensor;
      }
    `,
    check: ts`
      {
        const stack = buildStack((x) => residualBlock(x, true), 20);
        const out = stack.predict(xs) as tf.Tensor;
        check(allClose(out, xs, 1e-5),
          'With the last dense layer of each branch initialised to zero, 20 residual blocks should return their input unchanged; the output differs (first values ' + fmt(out) + ' vs ' + fmt(xs) + '). Return x + F(x), not F(x).',
          '每个分支的最后一层零初始化时，20 个残差块应原样返回输入；输出却不同（前几个值 ' + fmt(out) + '，输入为 ' + fmt(xs) + '）。请返回 x + F(x)，而不是 F(x)。');
        const one = buildStack((x) => residualBlock(x, false), 1);
        const dense = one.layers.filter((l) => l.getClassName() === 'Dense');
        const branch = dense[1].apply(dense[0].apply(xs)) as tf.Tensor;
        check(allClose((one.predict(xs) as tf.Tensor).sub(xs), branch, 1e-4), 'With a non-zero branch the block should output x + F(x).', '分支非零时块的输出应为 x + F(x)。');
        const g = tf.grad((x: tf.Tensor) => (stack.apply(x) as tf.Tensor).sum())(xs);
        pass('20 blocks start as the identity, and the gradient of the output with respect to the input is exactly 1 everywhere (' + fmt(g) + '). The skip path gives gradients a direct route, so very deep networks (ResNet-152) train; the branch only has to learn a correction F(x) = H(x) − x.',
          '20 个块一开始就是恒等映射，输出对输入的梯度处处恰为 1（' + fmt(g) + '）。跳跃连接给梯度提供了一条直通路径，因此非常深的网络（ResNet-152）也能训练；分支只需学习修正量 F(x) = H(x) − x。');
      }
    `,
  },
  {
    questionId: 'cnn-image-classifier-code',
    slug: 'cnn',
    version: 1,
    trainsConvolution: true,
    title: { en: 'Train a tiny CNN classifier', zh: '训练一个小型 CNN 分类器' },
    task: {
      en: md`
        8×8 images with one line each: class 0 = a **horizontal** line, class 1 = a **vertical** line, at a random
        position, plus noise. The starter trains a linear classifier on the raw pixels — it cannot work: summed over
        all positions, a horizontal and a vertical line cover exactly the same pixels.

        Replace the model with a small CNN: \`Conv2D(8 filters, 3×3, relu)\` → \`GlobalMaxPooling2D\` →
        \`Dense(2, softmax)\`. Keep the compile and fit lines. The check evaluates on a separate **test** set.`,
      zh: md`
        8×8 的图像，每张有一条线：类别 0 = **水平**线，类别 1 = **竖直**线，位置随机，并带噪声。初始代码在原始像素上训练一个线性
        分类器——它不可能成功：把所有位置加起来，水平线和竖直线覆盖的像素完全一样。

        把模型换成一个小 CNN：\`Conv2D(8 个滤波器, 3×3, relu)\` → \`GlobalMaxPooling2D\` → \`Dense(2, softmax)\`。保留
        compile 和 fit 两行。检查会在单独的**测试集**上评估。`,
    },
    setup: ts`
      function makeImages(n: number, seed: number) {
        const rand = seededRandom(seed);
        const images: number[][][][] = [];
        const labels: number[] = [];
        for (let k = 0; k < n; k++) {
          const label = k % 2;
          const pos = Math.floor(rand() * 8);
          images.push(Array.from({ length: 8 }, (_, i) => Array.from({ length: 8 }, (_, j) => [((label === 0 ? i : j) === pos ? 1 : 0) + 0.15 * randn(rand)])));
          labels.push(label);
        }
        return { x: tf.tensor4d(images), y: tf.oneHot(tf.tensor1d(labels, 'int32'), 2) };
      }
      const train = makeImages(120, 1);
      const test = makeImages(80, 2);
    `,
    starter: ts`
      //en: TODO: Conv2D(8 filters, 3×3, relu) → GlobalMaxPooling2D → Dense(2, softmax). A linear model on raw pixels cannot tell the classes apart.
      //zh: TODO：Conv2D(8 个滤波器, 3×3, relu) → GlobalMaxPooling2D → Dense(2, softmax)。原始像素上的线性模型无法区分这两类。
      const model = tf.sequential({
        layers: [
          tf.layers.flatten({ inputShape: [8, 8, 1] }),
          tf.layers.dense({ units: 2, activation: 'softmax' }),
        ],
      });
      model.compile({ optimizer: tf.train.adam(0.03), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
      const history = await model.fit(train.x, train.y, { epochs: 20, batchSize: 40, verbose: 0 });
    `,
    solution: ts`
      const model = tf.sequential({
        layers: [
          tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 8, kernelSize: 3, activation: 'relu', kernelInitializer: tf.initializers.heNormal({ seed: 1 }) }),
          tf.layers.globalMaxPooling2d({}),
          tf.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
        ],
      });
      model.compile({ optimizer: tf.train.adam(0.03), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
      const history = await model.fit(train.x, train.y, { epochs: 20, batchSize: 40, verbose: 0 });
    `,
    check: ts`
      {
        const [, accTensor] = model.evaluate(test.x, test.y) as tf.Scalar[];
        const acc = accTensor.dataSync()[0];
        const hasConv = model.layers.some((l) => l.getClassName() === 'Conv2D');
        check(hasConv, 'Test accuracy ' + fmt(acc, 3) + ' without a Conv2D layer. Position-independent patterns need a detector that slides over the image (a convolution) and a pooling that takes its best response anywhere.', '没有 Conv2D 层时测试准确率为 ' + fmt(acc, 3) + '。与位置无关的模式需要一个在图像上滑动的检测器（卷积），以及在任意位置取其最强响应的池化。');
        check(acc >= 0.9, 'Test accuracy is ' + fmt(acc, 3) + '; expected at least 0.9. Check the layers: Conv2D(8, 3×3, relu) → GlobalMaxPooling2D → Dense(2, softmax).', '测试准确率为 ' + fmt(acc, 3) + '；应至少为 0.9。请检查各层：Conv2D(8, 3×3, relu) → GlobalMaxPooling2D → Dense(2, softmax)。');
        pass('Test accuracy ' + fmt(acc, 3) + ' with ' + model.countParams() + ' parameters. The 3×3 kernels learn "horizontal stroke" and "vertical stroke" detectors; global max pooling asks "is it anywhere?". The training loop is the standard one: compile (optimizer, loss, metrics) → fit on training data → evaluate on held-out data.',
          '测试准确率 ' + fmt(acc, 3) + '，共 ' + model.countParams() + ' 个参数。3×3 卷积核学成"横笔画"和"竖笔画"检测器，全局最大池化问的是"它在任何位置出现了吗？"。训练流程是标准的：compile（优化器、损失、指标）→ 在训练数据上 fit → 在留出数据上 evaluate。');
      }
    `,
  },
  {
    questionId: 'rnn',
    slug: 'rnn',
    version: 1,
    title: { en: 'An RNN forward pass', zh: 'RNN 的前向计算' },
    task: {
      en: md`
        Write \`rnnForward(sequence)\` for a simple RNN with the given weights \`W\` (input → hidden), \`U\` (hidden →
        hidden) and \`b\`: starting from \`h = 0\`, for each input \`x_t\`:
        \`h_t = tanh(x_t·W + h_{t−1}·U + b)\`. Return every \`h_t\`.

        The check loads the same weights into \`tf.layers.simpleRNN\` and compares.`,
      zh: md`
        用给定的权重 \`W\`（输入 → 隐藏）、\`U\`（隐藏 → 隐藏）和 \`b\` 写出简单 RNN 的 \`rnnForward(sequence)\`：从 \`h = 0\` 开始，
        对每个输入 \`x_t\`：\`h_t = tanh(x_t·W + h_{t−1}·U + b)\`。返回所有 \`h_t\`。

        检查会把同样的权重装入 \`tf.layers.simpleRNN\` 进行比较。`,
    },
    setup: RECURRENT_HELPERS + '\n' + ts`
      const W = [[0.5, -0.3, 0.1], [0.2, 0.4, -0.6]];
      const U = [[0.3, -0.1, 0.2], [0.0, 0.5, -0.4], [-0.3, 0.2, 0.1]];
      const b = [0.1, 0, -0.1];
      const sequence = [[1, 0], [0.5, -1], [-0.3, 0.8], [0.9, 0.2]];
    `,
    starter: ts`
      function rnnForward(sequence: number[][]): number[][] {
        let h = [0, 0, 0];
        const states: number[][] = [];
        for (const x of sequence) {
          //en: TODO: the new state also depends on the previous one: tanh(x·W + h·U + b).
          //zh: TODO：新状态还依赖上一个状态：tanh(x·W + h·U + b)。
          h = addVec(vecMat(x, W), b).map(Math.tanh);
          states.push(h);
        }
        return states;
      }
    `,
    solution: ts`
      function rnnForward(sequence: number[][]): number[][] {
        let h = [0, 0, 0];
        const states: number[][] = [];
        for (const x of sequence) {
          h = addVec(addVec(vecMat(x, W), vecMat(h, U)), b).map(Math.tanh);
          states.push(h);
        }
        return states;
      }
    `,
    check: ts`
      {
        const layer = tf.layers.simpleRNN({ units: 3, returnSequences: true });
        layer.apply(tf.zeros([1, 4, 2]));
        layer.setWeights([tf.tensor2d(W), tf.tensor2d(U), tf.tensor1d(b)]);
        const want = (layer.apply(tf.tensor3d([sequence])) as tf.Tensor).squeeze([0]).arraySync() as number[][];
        const got = rnnForward(sequence);
        check(got.length === 4, 'rnnForward should return one state per time step (4), got ' + got.length + '.', 'rnnForward 应为每个时间步返回一个状态（4 个），实际为 ' + got.length + ' 个。');
        want.forEach((w, t) => check(allClose(got[t], w, 1e-4), 'h_' + t + ' should be ' + fmt(w) + ' (tf.layers.simpleRNN), got ' + fmt(got[t]) + '.' + (t > 0 && allClose(got[0], want[0], 1e-4) ? ' The first step matches, so the recurrent term h_{t−1}·U is missing.' : ''), 'h_' + t + ' 应为 ' + fmt(w) + '（tf.layers.simpleRNN），实际为 ' + fmt(got[t]) + '。' + (t > 0 && allClose(got[0], want[0], 1e-4) ? '第一步是对的，说明缺少循环项 h_{t−1}·U。' : '')));
        const changed = rnnForward([[-1, 1], ...sequence.slice(1)]);
        pass('Matches tf.layers.simpleRNN. Changing only x_0 still changes h_3 (' + fmt(got[3], 3) + ' → ' + fmt(changed[3], 3) + '): the state carries the past. The same U is applied at every step, so gradients through long sequences get multiplied by it again and again — they vanish or explode, which LSTMs and GRUs address.',
          '与 tf.layers.simpleRNN 一致。只改变 x_0 也会改变 h_3（' + fmt(got[3], 3) + ' → ' + fmt(changed[3], 3) + '）：状态携带了过去的信息。每一步都使用同一个 U，所以穿过长序列的梯度会被它反复相乘——从而消失或爆炸，这正是 LSTM 和 GRU 要解决的问题。');
      }
    `,
  },
  {
    questionId: 'lstm-gates',
    slug: 'lstm',
    version: 1,
    title: { en: 'One LSTM step', zh: 'LSTM 的一步' },
    task: {
      en: md`
        \`lstmStep(x, hPrev, cPrev)\` computes the pre-activations of the four gates in the Keras / TF.js order
        **input, forget, cell candidate, output** (\`z = x·W + hPrev·U + b\`, four slices of \`units\`). The gates and
        the output are there; the **cell-state update** is wrong:

        \`c_t = f ⊙ c_{t−1} + i ⊙ g\`, then \`h_t = o ⊙ tanh(c_t)\`.

        The check runs your step over a sequence and compares with \`tf.layers.lstm\` holding the same weights.`,
      zh: md`
        \`lstmStep(x, hPrev, cPrev)\` 按 Keras / TF.js 的顺序**输入门、遗忘门、候选记忆、输出门**计算四个门的预激活值
        （\`z = x·W + hPrev·U + b\`，每段长 \`units\`）。各个门和输出都写好了，但**记忆单元的更新**是错的：

        \`c_t = f ⊙ c_{t−1} + i ⊙ g\`，然后 \`h_t = o ⊙ tanh(c_t)\`。

        检查会在一个序列上运行你的一步计算，并与装有相同权重的 \`tf.layers.lstm\` 比较。`,
    },
    setup: RECURRENT_HELPERS + '\n' + ts`
      const units = 2;
      const rand = seededRandom(41);
      const r1 = () => Math.round(10 * (rand() * 2 - 1)) / 10;
      const W = Array.from({ length: 2 }, () => Array.from({ length: 4 * units }, r1));
      const U = Array.from({ length: units }, () => Array.from({ length: 4 * units }, r1));
      const b = Array.from({ length: 4 * units }, r1);
      const sequence = [[1, 0.5], [-0.5, 1], [0.3, -0.8], [0.9, 0.1]];
    `,
    starter: ts`
      function lstmStep(x: number[], hPrev: number[], cPrev: number[]): { h: number[]; c: number[] } {
        const z = addVec(addVec(vecMat(x, W), vecMat(hPrev, U)), b);
        const i = z.slice(0, units).map(sigmoid); // input gate
        const f = z.slice(units, 2 * units).map(sigmoid); // forget gate
        const g = z.slice(2 * units, 3 * units).map(Math.tanh); // cell candidate
        const o = z.slice(3 * units).map(sigmoid); // output gate
        //en: TODO: the forget gate decides how much of the old cell state to keep: c = f ⊙ cPrev + i ⊙ g.
        //zh: TODO：遗忘门决定保留多少旧的记忆：c = f ⊙ cPrev + i ⊙ g。
        const c = i.map((v, k) => v * g[k]);
        const h = o.map((v, k) => v * Math.tanh(c[k]));
        return { h, c };
      }
    `,
    solution: ts`
      function lstmStep(x: number[], hPrev: number[], cPrev: number[]): { h: number[]; c: number[] } {
        const z = addVec(addVec(vecMat(x, W), vecMat(hPrev, U)), b);
        const i = z.slice(0, units).map(sigmoid); // input gate
        const f = z.slice(units, 2 * units).map(sigmoid); // forget gate
        const g = z.slice(2 * units, 3 * units).map(Math.tanh); // cell candidate
        const o = z.slice(3 * units).map(sigmoid); // output gate
        const c = f.map((v, k) => v * cPrev[k] + i[k] * g[k]);
        const h = o.map((v, k) => v * Math.tanh(c[k]));
        return { h, c };
      }
    `,
    check: ts`
      {
        const layer = tf.layers.lstm({ units, recurrentActivation: 'sigmoid', returnSequences: true, returnState: true });
        layer.apply(tf.zeros([1, sequence.length, 2]));
        layer.setWeights([tf.tensor2d(W), tf.tensor2d(U), tf.tensor1d(b)]);
        const [seq, , lastC] = layer.apply(tf.tensor3d([sequence])) as tf.Tensor[];
        const want = seq.squeeze([0]).arraySync() as number[][];
        let h = [0, 0];
        let c = [0, 0];
        for (let t = 0; t < sequence.length; t++) {
          ({ h, c } = lstmStep(sequence[t], h, c));
          check(allClose(h, want[t], 1e-4),
            'h at step ' + t + ' should be ' + fmt(want[t]) + ' (tf.layers.lstm), got ' + fmt(h) + '.' + (t > 0 ? ' Step 0 starts from c = 0, so only later steps show whether the old cell state is carried over: c = f ⊙ cPrev + i ⊙ g.' : ''),
            '第 ' + t + ' 步的 h 应为 ' + fmt(want[t]) + '（tf.layers.lstm），实际为 ' + fmt(h) + '。' + (t > 0 ? '第 0 步从 c = 0 开始，所以只有后面的步骤才能看出旧记忆是否被保留：c = f ⊙ cPrev + i ⊙ g。' : ''));
        }
        check(allClose(c, lastC, 1e-4), 'The final cell state should be ' + fmt(lastC) + ', got ' + fmt(c) + '.', '最终记忆状态应为 ' + fmt(lastC) + '，实际为 ' + fmt(c) + '。');
        pass('Matches tf.layers.lstm (with recurrentActivation sigmoid — TF.js defaults to hardSigmoid). The additive update c_t = f ⊙ c_{t−1} + i ⊙ g is the point: with f ≈ 1 the gradient flows along c almost unchanged over many steps.',
          '与 tf.layers.lstm 一致（recurrentActivation 设为 sigmoid——TF.js 默认是 hardSigmoid）。关键在于加法更新 c_t = f ⊙ c_{t−1} + i ⊙ g：f ≈ 1 时梯度可以沿着 c 几乎不变地穿过许多步。');
      }
    `,
  },
  {
    questionId: 'gru',
    slug: 'gru',
    version: 1,
    title: { en: 'One GRU step', zh: 'GRU 的一步' },
    task: {
      en: md`
        Complete \`gruStep(x, hPrev)\` in the Keras / TF.js form (gates in the order **update z, reset r, candidate**):

        - \`z = σ(x·W_z + hPrev·U_z + b_z)\`, \`r = σ(x·W_r + hPrev·U_r + b_r)\`
        - \`h̃ = tanh(x·W_h + (r ⊙ hPrev)·U_h + b_h)\` — the reset gate scales the old state **before** \`U_h\`
        - \`h = z ⊙ hPrev + (1 − z) ⊙ h̃\` — in Keras / TF.js, *z* is the share of the **old** state kept

        The check compares with \`tf.layers.gru\` holding the same weights.`,
      zh: md`
        按 Keras / TF.js 的形式补全 \`gruStep(x, hPrev)\`（门的顺序为**更新门 z、重置门 r、候选状态**）：

        - \`z = σ(x·W_z + hPrev·U_z + b_z)\`，\`r = σ(x·W_r + hPrev·U_r + b_r)\`
        - \`h̃ = tanh(x·W_h + (r ⊙ hPrev)·U_h + b_h)\`——重置门在乘 \`U_h\` **之前**缩放旧状态
        - \`h = z ⊙ hPrev + (1 − z) ⊙ h̃\`——在 Keras / TF.js 中，*z* 是保留的**旧**状态的比例

        检查会与装有相同权重的 \`tf.layers.gru\` 比较。`,
    },
    setup: RECURRENT_HELPERS + '\n' + ts`
      const units = 2;
      const rand = seededRandom(43);
      const r1 = () => Math.round(10 * (rand() * 2 - 1)) / 10;
      const W = Array.from({ length: 2 }, () => Array.from({ length: 3 * units }, r1));
      const U = Array.from({ length: units }, () => Array.from({ length: 3 * units }, r1));
      const b = Array.from({ length: 3 * units }, r1);
      const sequence = [[1, 0.5], [-0.5, 1], [0.3, -0.8], [0.9, 0.1]];
      //en: Columns [from, to) of a matrix.
      //zh: 取矩阵的第 [from, to) 列。
      const cols = (M: number[][], from: number, to: number) => M.map((row) => row.slice(from, to));
    `,
    starter: ts`
      function gruStep(x: number[], hPrev: number[]): number[] {
        const xw = addVec(vecMat(x, W), b);
        const z = addVec(xw.slice(0, units), vecMat(hPrev, cols(U, 0, units))).map(sigmoid);
        const r = addVec(xw.slice(units, 2 * units), vecMat(hPrev, cols(U, units, 2 * units))).map(sigmoid);
        //en: TODO: the reset gate r must scale hPrev before it is multiplied by U_h.
        //zh: TODO：重置门 r 要在 hPrev 乘以 U_h 之前缩放它。
        const candidate = addVec(xw.slice(2 * units), vecMat(hPrev, cols(U, 2 * units, 3 * units))).map(Math.tanh);
        //en: TODO: interpolate with the update gate: z ⊙ hPrev + (1 − z) ⊙ candidate.
        //zh: TODO：用更新门插值：z ⊙ hPrev + (1 − z) ⊙ candidate。
        return candidate;
      }
    `,
    solution: ts`
      function gruStep(x: number[], hPrev: number[]): number[] {
        const xw = addVec(vecMat(x, W), b);
        const z = addVec(xw.slice(0, units), vecMat(hPrev, cols(U, 0, units))).map(sigmoid);
        const r = addVec(xw.slice(units, 2 * units), vecMat(hPrev, cols(U, units, 2 * units))).map(sigmoid);
        const resetH = hPrev.map((v, k) => r[k] * v);
        const candidate = addVec(xw.slice(2 * units), vecMat(resetH, cols(U, 2 * units, 3 * units))).map(Math.tanh);
        return candidate.map((v, k) => z[k] * hPrev[k] + (1 - z[k]) * v);
      }
    `,
    check: ts`
      {
        const layer = tf.layers.gru({ units, recurrentActivation: 'sigmoid', returnSequences: true });
        layer.apply(tf.zeros([1, sequence.length, 2]));
        layer.setWeights([tf.tensor2d(W), tf.tensor2d(U), tf.tensor1d(b)]);
        const want = (layer.apply(tf.tensor3d([sequence])) as tf.Tensor).squeeze([0]).arraySync() as number[][];
        let h = [0, 0];
        for (let t = 0; t < sequence.length; t++) {
          h = gruStep(sequence[t], h);
          check(allClose(h, want[t], 1e-4),
            'h at step ' + t + ' should be ' + fmt(want[t]) + ' (tf.layers.gru), got ' + fmt(h) + '. Check: (r ⊙ hPrev)·U_h inside the candidate, and h = z ⊙ hPrev + (1 − z) ⊙ candidate.',
            '第 ' + t + ' 步的 h 应为 ' + fmt(want[t]) + '（tf.layers.gru），实际为 ' + fmt(h) + '。请检查：候选状态中是 (r ⊙ hPrev)·U_h，且 h = z ⊙ hPrev + (1 − z) ⊙ candidate。');
        }
        pass('Matches tf.layers.gru. A GRU merges the LSTM\'s forget and input gates into one update gate z (keep z, write 1 − z) and has no separate cell state: 3 weight blocks instead of 4, so about 25 % fewer parameters for similar accuracy on many tasks.',
          '与 tf.layers.gru 一致。GRU 把 LSTM 的遗忘门和输入门合并成一个更新门 z（保留 z、写入 1 − z），也没有单独的记忆单元：3 组权重而不是 4 组，参数约少 25%，在许多任务上效果相近。');
      }
    `,
  },
  {
    questionId: 'bidirectional-rnn',
    slug: 'bidirectional-rnn',
    version: 1,
    title: { en: 'A tagger that needs the future', zh: '需要看到后文的序列标注' },
    task: {
      en: md`
        Each example is a sequence of 8 numbers. At **every step** the model must answer: *is the number that comes
        next positive?* (The last step has nothing after it: its answer is 0.) This is sequence labelling — one
        answer per position, with the whole sequence available, as in tagging the words of a finished sentence.

        The starter's RNN reads the sequence left to right and stays near chance. Change the model so that it
        solves the task. Keep:
        - a recurrent layer (the point is what an RNN can and cannot see);
        - the interface: \`model\` takes \`[batch, 8, 1]\` and returns \`[batch, 8, 1]\` probabilities;
        - the compile and fit lines.

        The check measures accuracy on the held-out \`test\` set (at least 0.9) and shows which inputs an output depends on.`,
      zh: md`
        每个样本是 8 个数组成的序列。模型要在**每一步**回答：*下一个数是正数吗？*（最后一步后面没有数：答案为 0。）这是序列标注——
        每个位置一个答案，且整条序列都已给出，就像给一句已经写完的话逐词打标签。

        初始代码里的 RNN 从左往右读序列，准确率停在随机水平附近。修改模型，让它解决这个任务。保留：
        - 一个循环层（要看的正是 RNN 能看到什么、看不到什么）；
        - 接口：\`model\` 输入 \`[batch, 8, 1]\`，输出 \`[batch, 8, 1]\` 的概率；
        - compile 和 fit 两行。

        检查会在留出的 \`test\` 集上测准确率（至少 0.9），并展示某个输出依赖哪些输入。`,
    },
    setup: ts`
      const T = 8;
      //en: Sequences of T numbers in [−1, 1]; the label of step t is 1 when the number after it is positive.
      //zh: 由 [−1, 1] 中 T 个数组成的序列；第 t 步的标签为 1 当且仅当它后面的那个数为正。
      function makeSequences(n: number, seed: number) {
        const rand = seededRandom(seed);
        const xs: number[][][] = [];
        const ys: number[][][] = [];
        for (let k = 0; k < n; k++) {
          const x = Array.from({ length: T }, () => Math.round((rand() * 2 - 1) * 100) / 100);
          xs.push(x.map((v) => [v]));
          ys.push(x.map((_, t) => [t + 1 < T && x[t + 1] > 0 ? 1 : 0]));
        }
        return { x: tf.tensor3d(xs), y: tf.tensor3d(ys) };
      }
      const train = makeSequences(192, 1);
      const test = makeSequences(128, 2);
    `,
    starter: ts`
      //en: TODO: at step t this RNN has read only the numbers up to t, and the answer lies after t. Make every step see the whole sequence.
      //zh: TODO：在第 t 步，这个 RNN 只读到了第 t 个数为止，而答案在 t 之后。让每一步都能看到整条序列。
      const model = tf.sequential({
        layers: [
          tf.layers.simpleRNN({ units: 8, returnSequences: true, inputShape: [T, 1] }),
          tf.layers.dense({ units: 1, activation: 'sigmoid' }),
        ],
      });
      model.compile({ optimizer: tf.train.adam(0.03), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
      const history = await model.fit(train.x, train.y, { epochs: 20, batchSize: 32, verbose: 0 });
    `,
    solution: ts`
      const model = tf.sequential({
        layers: [
          tf.layers.bidirectional({
            layer: tf.layers.simpleRNN({ units: 8, returnSequences: true, kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }), recurrentInitializer: tf.initializers.orthogonal({ seed: 2 }) }),
            inputShape: [T, 1],
          }),
          tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }),
        ],
      });
      model.compile({ optimizer: tf.train.adam(0.03), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
      const history = await model.fit(train.x, train.y, { epochs: 20, batchSize: 32, verbose: 0 });
    `,
    check: ts`
      {
        const recurrent = ['SimpleRNN', 'LSTM', 'GRU', 'Bidirectional'];
        check(model.layers.some((l) => recurrent.includes(l.getClassName())), 'The model has no recurrent layer: keep an RNN (SimpleRNN, LSTM or GRU) — the question is what it can see.', '模型里没有循环层：请保留一个 RNN（SimpleRNN、LSTM 或 GRU）——要回答的正是它能看到什么。');
        const out = model.predict(test.x) as tf.Tensor;
        check(out.shape.join(',') === [128, T, 1].join(','), 'model should map [batch, 8, 1] to [batch, 8, 1], got ' + JSON.stringify(out.shape) + ' for 128 sequences.', 'model 应把 [batch, 8, 1] 映射为 [batch, 8, 1]，对 128 条序列得到的是 ' + JSON.stringify(out.shape) + '。');
        const acc = out.greater(0.5).cast('float32').equal(test.y).cast('float32').mean().dataSync()[0];
        //en: Does the output at step 2 move when only x_3, a later input, changes?
        //zh: 只改变后面的输入 x_3 时，第 2 步的输出会变吗？
        const x = (test.x.arraySync() as number[][][])[0];
        const flipped = x.map((v, t) => (t === 3 ? [-v[0]] : v));
        const before = (model.predict(tf.tensor3d([x])) as tf.Tensor).arraySync() as number[][][];
        const after = (model.predict(tf.tensor3d([flipped])) as tf.Tensor).arraySync() as number[][][];
        const [p, q] = [before[0][2][0], after[0][2][0]];
        const seesAhead = Math.abs(p - q) > 1e-6;
        check(acc >= 0.9,
          'Test accuracy is ' + fmt(acc, 3) + '; expected at least 0.9.' + (seesAhead ? '' : ' The output at step 2 does not change when x_3 changes: each step sees only the past, and the answer is in the next number.'),
          '测试准确率为 ' + fmt(acc, 3) + '；应至少为 0.9。' + (seesAhead ? '' : '改变 x_3 时第 2 步的输出不变：每一步只看得到过去，而答案在下一个数里。'));
        pass('Test accuracy ' + fmt(acc, 3) + '. Changing only x_3 moves the output at step 2 (' + fmt(p, 3) + ' → ' + fmt(q, 3) + '): one RNN reads left to right, another right to left, and each step joins both states, so it uses what comes before and after. That is also when you cannot use one: streaming or real-time prediction and generating text left to right, where the later inputs do not exist yet.',
          '测试准确率 ' + fmt(acc, 3) + '。只改变 x_3 会让第 2 步的输出变化（' + fmt(p, 3) + ' → ' + fmt(q, 3) + '）：一个 RNN 从左往右读，另一个从右往左读，每一步把两个状态拼起来，于是能同时利用前文和后文。这也说明了什么时候不能用它：流式或实时预测、从左到右生成文本——那时后面的输入还不存在。');
      }
    `,
  },
];
