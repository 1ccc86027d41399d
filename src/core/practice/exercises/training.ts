/**
 * Practice exercises for questions/training-optimisation.json.
 */
import { ts, ts as md, type PracticeExercise } from '../types';

export const TRAINING: PracticeExercise[] = [
  {
    questionId: 'gradient-descent',
    slug: 'gradient-descent',
    version: 1,
    title: { en: 'Gradient descent on a quadratic bowl', zh: '在二次碗上做梯度下降' },
    task: {
      en: md`
        \`f(x, y) = (x − 1)² + 10·(y + 2)²\` is a bowl, ten times steeper along *y*, with its minimum at (1, −2).

        1. \`gradient(p)\`: the partial derivatives \`[∂f/∂x, ∂f/∂y]\`.
        2. \`gradientDescent(start, learningRate, steps)\`: repeat \`p ← p − learningRate · gradient(p)\` and return
           every point visited.`,
      zh: md`
        \`f(x, y) = (x − 1)² + 10·(y + 2)²\` 是一个碗，沿 *y* 方向陡十倍，最小值在 (1, −2)。

        1. \`gradient(p)\`：偏导数 \`[∂f/∂x, ∂f/∂y]\`。
        2. \`gradientDescent(start, learningRate, steps)\`：重复 \`p ← p − learningRate · gradient(p)\`，返回经过的每个点。`,
    },
    setup: ts`
      const f = (p: number[]) => (p[0] - 1) ** 2 + 10 * (p[1] + 2) ** 2;
      const start = [-3, 2];
    `,
    starter: ts`
      function gradient(p: number[]): number[] {
        //en: TODO: [∂f/∂x, ∂f/∂y] of f(x, y) = (x − 1)² + 10·(y + 2)².
        //zh: TODO：f(x, y) = (x − 1)² + 10·(y + 2)² 的 [∂f/∂x, ∂f/∂y]。
        return [0, 0];
      }
      function gradientDescent(start: number[], learningRate: number, steps: number): number[][] {
        const path = [start];
        let p = start;
        for (let i = 0; i < steps; i++) {
          //en: TODO: step against the gradient: p ← p − learningRate · gradient(p).
          //zh: TODO：沿梯度反方向走一步：p ← p − learningRate · gradient(p)。
          path.push(p);
        }
        return path;
      }
    `,
    solution: ts`
      function gradient(p: number[]): number[] {
        return [2 * (p[0] - 1), 20 * (p[1] + 2)];
      }
      function gradientDescent(start: number[], learningRate: number, steps: number): number[][] {
        const path = [start];
        let p = start;
        for (let i = 0; i < steps; i++) {
          const g = gradient(p);
          p = p.map((v, j) => v - learningRate * g[j]);
          path.push(p);
        }
        return path;
      }
    `,
    check: ts`
      {
        for (const p of [[0, 0], [-3, 2], [2.5, -1]]) {
          const want = tf.grad((t: tf.Tensor) => t.sub(tf.tensor1d([1, -2])).square().mul(tf.tensor1d([1, 10])).sum())(tf.tensor1d(p));
          check(allClose(gradient(p), want, 1e-4), 'gradient(' + fmt(p) + ') should be ' + fmt(want) + ', got ' + fmt(gradient(p)) + '.', 'gradient(' + fmt(p) + ') 应为 ' + fmt(want) + '，实际为 ' + fmt(gradient(p)) + '。');
        }
        const path = gradientDescent(start, 0.05, 100);
        check(path.length === 101, 'gradientDescent(start, lr, 100) should return 101 points (the start and one per step), got ' + path.length + '.', 'gradientDescent(start, lr, 100) 应返回 101 个点（起点加每步一个），实际为 ' + path.length + '。');
        const end = path[100];
        check(Math.hypot(end[0] - 1, end[1] + 2) < 1e-3, 'After 100 steps with learning rate 0.05 the point should be at (1, −2), got ' + fmt(end) + '. Did you update p every step?', '学习率 0.05 走 100 步后应到达 (1, −2)，实际为 ' + fmt(end) + '。每一步都更新了 p 吗？');
        const values = path.map(f);
        check(values.every((v, i) => i === 0 || v <= values[i - 1]), 'With learning rate 0.05 f should fall at every step.', '学习率 0.05 时 f 应每一步都下降。');
        const tooBig = gradientDescent(start, 0.11, 30).map(f);
        display.chart({ kind: 'scatter', title: 'gradient descent path, lr = 0.05', xLabel: 'x', yLabel: 'y', series: [{ name: 'path', x: path.map((p) => p[0]), y: path.map((p) => p[1]) }] });
        pass('Converged to ' + fmt(end, 4) + '. With lr = 0.11 f grows to ' + fmt(tooBig[30], 3) + ' after 30 steps: along y the curvature is 20, and gradient descent needs lr < 2/20 = 0.1 there. The steepest direction caps the learning rate; the flattest sets the speed.',
          '收敛到 ' + fmt(end, 4) + '。lr = 0.11 时 30 步后 f 增大到 ' + fmt(tooBig[30], 3) + '：y 方向曲率为 20，梯度下降需要 lr < 2/20 = 0.1。最陡的方向限制学习率上限，最平的方向决定收敛速度。');
      }
    `,
  },
  {
    questionId: 'batch-size',
    slug: 'batch-size',
    version: 1,
    title: { en: 'Mini-batch gradient noise', zh: '小批量梯度的噪声' },
    task: {
      en: md`
        A linear regression on N = 1000 examples; \`gradientOn(idx, w)\` is the gradient of the MSE over the
        examples \`idx\`, and \`fullGradient\` the one over all of them.

        1. \`sampleBatch(batchSize, rand)\`: \`batchSize\` **distinct random** indices from \`0 … N−1\`.
        2. \`gradientVariance(batchSize, trials, rand)\`: the mean over \`trials\` mini-batches of
           \`(gradientOn(batch, w0) − fullGradient)²\`.

        The check compares batch sizes 4 and 64.`,
      zh: md`
        在 N = 1000 个样本上做线性回归；\`gradientOn(idx, w)\` 是样本 \`idx\` 上 MSE 的梯度，\`fullGradient\` 是全部样本上的梯度。

        1. \`sampleBatch(batchSize, rand)\`：从 \`0 … N−1\` 中取 \`batchSize\` 个**互不相同的随机**下标。
        2. \`gradientVariance(batchSize, trials, rand)\`：\`trials\` 个小批量上 \`(gradientOn(batch, w0) − fullGradient)²\` 的平均值。

        检查会比较批大小 4 和 64。`,
    },
    setup: ts`
      const rand0 = seededRandom(13);
      const N = 1000;
      const xs = Array.from({ length: N }, () => randn(rand0));
      const ys = xs.map((x) => 2 * x + randn(rand0));
      const w0 = 0.5;
      //en: d/dw of the mean squared error of y ≈ w·x over the examples idx.
      //zh: 样本 idx 上，y ≈ w·x 的均方误差对 w 的导数。
      function gradientOn(idx: number[], w: number): number {
        return idx.reduce((s, i) => s + 2 * (w * xs[i] - ys[i]) * xs[i], 0) / idx.length;
      }
      const allIndices = Array.from({ length: N }, (_, i) => i);
      const fullGradient = gradientOn(allIndices, w0);
    `,
    starter: ts`
      function sampleBatch(batchSize: number, rand: () => number): number[] {
        //en: TODO: batchSize distinct random indices (e.g. the first batchSize steps of a Fisher–Yates shuffle).
        //zh: TODO：batchSize 个互不相同的随机下标（例如 Fisher–Yates 洗牌的前 batchSize 步）。
        return allIndices.slice(0, batchSize);
      }
      function gradientVariance(batchSize: number, trials: number, rand: () => number): number {
        //en: TODO: the mean over trials of (gradientOn(sampleBatch(batchSize, rand), w0) − fullGradient)².
        //zh: TODO：trials 次 (gradientOn(sampleBatch(batchSize, rand), w0) − fullGradient)² 的平均值。
        return 0;
      }
    `,
    solution: ts`
      function sampleBatch(batchSize: number, rand: () => number): number[] {
        const idx = [...allIndices];
        for (let i = 0; i < batchSize; i++) {
          const j = i + Math.floor(rand() * (N - i));
          [idx[i], idx[j]] = [idx[j], idx[i]];
        }
        return idx.slice(0, batchSize);
      }
      function gradientVariance(batchSize: number, trials: number, rand: () => number): number {
        let sum = 0;
        for (let t = 0; t < trials; t++) sum += (gradientOn(sampleBatch(batchSize, rand), w0) - fullGradient) ** 2;
        return sum / trials;
      }
    `,
    check: ts`
      {
        const r = seededRandom(1);
        const a = sampleBatch(32, r);
        const b = sampleBatch(32, r);
        check(a.length === 32 && new Set(a).size === 32 && a.every((i) => Number.isInteger(i) && i >= 0 && i < N),
          'sampleBatch(32, rand) should return 32 distinct indices in 0…' + (N - 1) + '.',
          'sampleBatch(32, rand) 应返回 0…' + (N - 1) + ' 中 32 个互不相同的下标。');
        check(a.some((v, i) => v !== b[i]), 'Two calls of sampleBatch returned the same batch: draw the indices at random with rand.', '两次调用 sampleBatch 得到了相同的批次：请用 rand 随机抽取下标。');
        const v4 = gradientVariance(4, 500, seededRandom(2));
        const v64 = gradientVariance(64, 500, seededRandom(3));
        check(v4 > 0 && v64 > 0, 'gradientVariance returned ' + fmt(v4) + ' and ' + fmt(v64) + ': it should be the mean squared deviation of mini-batch gradients from the full gradient.', 'gradientVariance 返回了 ' + fmt(v4) + ' 和 ' + fmt(v64) + '：它应是小批量梯度相对全量梯度的均方偏差。');
        const ratio = v4 / v64;
        check(ratio > 11 && ratio < 24, 'Variance with batch 4 / batch 64 should be about 64/4 = 16, got ' + fmt(ratio, 3) + '.', '批大小 4 与 64 的方差之比应约为 64/4 = 16，实际为 ' + fmt(ratio, 3) + '。');
        pass('Gradient variance: batch 4 → ' + fmt(v4, 3) + ', batch 64 → ' + fmt(v64, 3) + ' (ratio ' + fmt(ratio, 3) + ' ≈ 16). Variance ∝ 1/B, so 16× the batch buys only 4× less noise in the gradient — the reason behind the linear (or square-root) learning-rate scaling rules.',
          '梯度方差：批大小 4 → ' + fmt(v4, 3) + '，批大小 64 → ' + fmt(v64, 3) + '（比值 ' + fmt(ratio, 3) + ' ≈ 16）。方差 ∝ 1/B，批大小扩大 16 倍，梯度噪声的标准差只降到 1/4——这正是学习率线性（或平方根）缩放规则的由来。');
      }
    `,
  },
  {
    questionId: 'momentum',
    slug: 'momentum',
    version: 1,
    title: { en: 'Momentum in a narrow valley', zh: '狭长山谷中的动量' },
    task: {
      en: md`
        \`f(w) = ½(w₁² + 50·w₂²)\` is a long narrow valley. \`runMomentum\` applies your \`momentumStep\` 60 times.

        Write \`momentumStep(w, velocity, g, lr, beta)\` in the form \`tf.train.momentum\` uses:
        \`velocity ← beta·velocity + g\`, then \`w ← w − lr·velocity\`. The check compares the whole trajectory
        with \`tf.train.momentum\` and with plain gradient descent.`,
      zh: md`
        \`f(w) = ½(w₁² + 50·w₂²)\` 是一个狭长的山谷。\`runMomentum\` 会调用你写的 \`momentumStep\` 60 次。

        按 \`tf.train.momentum\` 的形式写出 \`momentumStep(w, velocity, g, lr, beta)\`：先 \`velocity ← beta·velocity + g\`，
        再 \`w ← w − lr·velocity\`。检查会把整条轨迹与 \`tf.train.momentum\` 以及普通梯度下降比较。`,
    },
    setup: ts`
      const curvature = [1, 50];
      const lossOf = (w: number[]) => 0.5 * w.reduce((s, v, j) => s + curvature[j] * v * v, 0);
      const gradOf = (w: number[]) => w.map((v, j) => curvature[j] * v);
      const start = [10, 1];
      const lr = 0.02;
      const beta = 0.9;
      function runMomentum(steps: number): number[][] {
        let w = start;
        let velocity = [0, 0];
        const path = [w];
        for (let i = 0; i < steps; i++) {
          ({ w, velocity } = momentumStep(w, velocity, gradOf(w), lr, beta));
          path.push(w);
        }
        return path;
      }
    `,
    starter: ts`
      function momentumStep(w: number[], velocity: number[], g: number[], lr: number, beta: number): { w: number[]; velocity: number[] } {
        //en: TODO: velocity ← beta·velocity + g; w ← w − lr·velocity. (This is still plain gradient descent.)
        //zh: TODO：velocity ← beta·velocity + g；w ← w − lr·velocity。（现在仍是普通梯度下降。）
        return { w: w.map((v, j) => v - lr * g[j]), velocity };
      }
    `,
    solution: ts`
      function momentumStep(w: number[], velocity: number[], g: number[], lr: number, beta: number): { w: number[]; velocity: number[] } {
        const v = velocity.map((u, j) => beta * u + g[j]);
        return { w: w.map((x, j) => x - lr * v[j]), velocity: v };
      }
    `,
    check: ts`
      {
        const path = runMomentum(60);
        const variable = tf.variable(tf.tensor1d(start));
        const optimizer = tf.train.momentum(lr, beta);
        const reference = [start];
        for (let i = 0; i < 60; i++) {
          optimizer.minimize(() => variable.square().mul(tf.tensor1d(curvature)).sum().mul(0.5) as tf.Scalar);
          reference.push(Array.from(variable.dataSync()));
        }
        const firstBad = reference.findIndex((r, i) => !allClose(path[i], r, 1e-3));
        const at = Math.max(firstBad, 0);
        check(firstBad < 0,
          'Step ' + at + ' should be at ' + fmt(reference[at]) + ' (tf.train.momentum), got ' + fmt(path[at] ?? []) + '. Hint: velocity = beta·velocity + g, then w −= lr·velocity; return the new velocity.',
          '第 ' + at + ' 步应位于 ' + fmt(reference[at]) + '（tf.train.momentum），实际为 ' + fmt(path[at] ?? []) + '。提示：velocity = beta·velocity + g，然后 w −= lr·velocity；并返回新的 velocity。');
        let gd = start;
        for (let i = 0; i < 60; i++) gd = gd.map((v, j) => v - lr * gradOf(gd)[j]);
        const lm = lossOf(path[60]);
        const lg = lossOf(gd);
        display.chart({ kind: 'scatter', title: 'momentum path', xLabel: 'w1', yLabel: 'w2', series: [{ name: 'momentum', x: path.map((p) => p[0]), y: path.map((p) => p[1]) }] });
        pass('Matches tf.train.momentum. After 60 steps: loss ' + fmt(lm, 3) + ' with momentum vs ' + fmt(lg, 3) + ' for plain gradient descent at the same lr. The velocity accumulates the consistent gradient along the flat valley floor while the oscillations across it cancel.',
          '与 tf.train.momentum 一致。60 步后：动量法损失 ' + fmt(lm, 3) + '，同样学习率的普通梯度下降为 ' + fmt(lg, 3) + '。速度沿平缓的谷底方向不断累积一致的梯度，而横跨山谷的振荡相互抵消。');
      }
    `,
  },
  {
    questionId: 'adam',
    slug: 'optimizers',
    version: 1,
    title: { en: 'Adam with bias correction', zh: '带偏差修正的 Adam' },
    task: {
      en: md`
        A quadratic whose two coordinates have gradients 1000× apart. \`adamStep\` updates the moment estimates \`m\`
        and \`v\` but then uses them as they are.

        Add the **bias correction**: \`m̂ = m / (1 − beta1ᵗ)\`, \`v̂ = v / (1 − beta2ᵗ)\`, and update with
        \`w ← w − lr · m̂ / (√v̂ + eps)\`. The check runs 20 steps against \`tf.train.adam\`.`,
      zh: md`
        一个二次函数，两个坐标的梯度相差 1000 倍。\`adamStep\` 更新了一阶矩 \`m\` 和二阶矩 \`v\`，却直接拿它们来用。

        加上**偏差修正**：\`m̂ = m / (1 − beta1ᵗ)\`，\`v̂ = v / (1 − beta2ᵗ)\`，并用 \`w ← w − lr · m̂ / (√v̂ + eps)\` 更新。
        检查会与 \`tf.train.adam\` 对比 20 步。`,
    },
    setup: ts`
      const scale = [1000, 1];
      const target = [0.5, -0.3];
      const gradAt = (w: number[]) => w.map((v, j) => 2 * scale[j] * (v - target[j]));
      interface AdamState {
        m: number[];
        v: number[];
        t: number;
      }
      const newState = (): AdamState => ({ m: [0, 0], v: [0, 0], t: 0 });
    `,
    starter: ts`
      function adamStep(w: number[], g: number[], state: AdamState, lr = 0.1, beta1 = 0.9, beta2 = 0.999, eps = 1e-8): number[] {
        state.t += 1;
        state.m = state.m.map((m, j) => beta1 * m + (1 - beta1) * g[j]);
        state.v = state.v.map((v, j) => beta2 * v + (1 - beta2) * g[j] ** 2);
        //en: TODO: bias-correct: m̂ = m / (1 − beta1^t), v̂ = v / (1 − beta2^t); then w − lr·m̂/(√v̂ + eps).
        //zh: TODO：偏差修正：m̂ = m / (1 − beta1^t)，v̂ = v / (1 − beta2^t)；然后 w − lr·m̂/(√v̂ + eps)。
        return w.map((x, j) => x - (lr * state.m[j]) / (Math.sqrt(state.v[j]) + eps));
      }
    `,
    solution: ts`
      function adamStep(w: number[], g: number[], state: AdamState, lr = 0.1, beta1 = 0.9, beta2 = 0.999, eps = 1e-8): number[] {
        state.t += 1;
        state.m = state.m.map((m, j) => beta1 * m + (1 - beta1) * g[j]);
        state.v = state.v.map((v, j) => beta2 * v + (1 - beta2) * g[j] ** 2);
        const mHat = state.m.map((m) => m / (1 - beta1 ** state.t));
        const vHat = state.v.map((v) => v / (1 - beta2 ** state.t));
        return w.map((x, j) => x - (lr * mHat[j]) / (Math.sqrt(vHat[j]) + eps));
      }
    `,
    check: ts`
      {
        const first = adamStep([0, 0], gradAt([0, 0]), newState());
        check(allClose(first.map(Math.abs), [0.1, 0.1], 1e-3),
          'The first Adam step should move every coordinate by ≈ lr = 0.1 whatever the gradient scale, got ' + fmt(first) + '. Without bias correction m and v start near 0: the first step is √(1 − beta2)/(1 − beta1) ≈ 3.16× too large.',
          'Adam 第一步应让每个坐标移动约 lr = 0.1，与梯度大小无关，实际为 ' + fmt(first) + '。没有偏差修正时 m 和 v 从 0 附近起步：第一步会大 √(1 − beta2)/(1 − beta1) ≈ 3.16 倍。');
        const variable = tf.variable(tf.tensor1d([0, 0]));
        const optimizer = tf.train.adam(0.1, 0.9, 0.999, 1e-8);
        let w = [0, 0];
        const state = newState();
        for (let i = 1; i <= 20; i++) {
          optimizer.minimize(() => variable.sub(tf.tensor1d(target)).square().mul(tf.tensor1d(scale)).sum() as tf.Scalar);
          w = adamStep(w, gradAt(w), state);
          const want = Array.from(variable.dataSync());
          check(allClose(w, want, 1e-3), 'Step ' + i + ' should be at ' + fmt(want) + ' (tf.train.adam), got ' + fmt(w) + '.', '第 ' + i + ' 步应位于 ' + fmt(want) + '（tf.train.adam），实际为 ' + fmt(w) + '。');
        }
        pass('20 steps match tf.train.adam. Dividing by √v̂ gives every coordinate a step of about lr even though their gradients differ 1000×; bias correction makes that true from the first step.',
          '20 步与 tf.train.adam 一致。除以 √v̂ 让每个坐标的步长都约为 lr，尽管它们的梯度相差 1000 倍；偏差修正保证从第一步起就是如此。');
      }
    `,
  },
  {
    questionId: 'adamw-weight-decay',
    slug: 'weight-decay',
    version: 1,
    title: { en: 'Decoupled weight decay (AdamW)', zh: '解耦权重衰减（AdamW）' },
    task: {
      en: md`
        \`adamDirection(g, state)\` returns Adam's normalised step \`m̂ / (√v̂ + eps)\` for gradient \`g\`.

        \`adamwStep\` currently adds the decay to the gradient (\`g + wd·w\`): that is Adam **with L2**, and Adam's
        normalisation rescales the decay per weight. Make it **AdamW**: take the Adam direction of the plain
        gradient and decay the weights directly, \`w ← w − lr·(direction + wd·w)\`.`,
      zh: md`
        \`adamDirection(g, state)\` 返回梯度 \`g\` 对应的 Adam 归一化步长 \`m̂ / (√v̂ + eps)\`。

        现在的 \`adamwStep\` 把衰减加进了梯度（\`g + wd·w\`）：这是**带 L2 的 Adam**，Adam 的归一化会按权重重新缩放衰减量。
        请改成 **AdamW**：对原始梯度取 Adam 方向，并直接衰减权重：\`w ← w − lr·(direction + wd·w)\`。`,
    },
    setup: ts`
      interface AdamState {
        m: number[];
        v: number[];
        t: number;
      }
      const newState = (n: number): AdamState => ({ m: new Array<number>(n).fill(0), v: new Array<number>(n).fill(0), t: 0 });
      //en: Adam's normalised step m̂ / (√v̂ + eps) for gradient g (updates state).
      //zh: 梯度 g 对应的 Adam 归一化步长 m̂ / (√v̂ + eps)（会更新 state）。
      function adamDirection(g: number[], state: AdamState, beta1 = 0.9, beta2 = 0.999, eps = 1e-8): number[] {
        state.t += 1;
        state.m = state.m.map((m, j) => beta1 * m + (1 - beta1) * g[j]);
        state.v = state.v.map((v, j) => beta2 * v + (1 - beta2) * g[j] ** 2);
        return state.m.map((m, j) => m / (1 - beta1 ** state.t) / (Math.sqrt(state.v[j] / (1 - beta2 ** state.t)) + eps));
      }
    `,
    starter: ts`
      function adamwStep(w: number[], g: number[], state: AdamState, lr: number, wd: number): number[] {
        //en: TODO: this is Adam + L2 (the decay goes through Adam's normalisation). Decouple it:
        //en:   direction = adamDirection(g, state); w ← w − lr·(direction + wd·w)
        //zh: TODO：这是 Adam + L2（衰减经过了 Adam 的归一化）。请解耦：
        //zh:   direction = adamDirection(g, state)；w ← w − lr·(direction + wd·w)
        const direction = adamDirection(g.map((v, j) => v + wd * w[j]), state);
        return w.map((x, j) => x - lr * direction[j]);
      }
    `,
    solution: ts`
      function adamwStep(w: number[], g: number[], state: AdamState, lr: number, wd: number): number[] {
        const direction = adamDirection(g, state);
        return w.map((x, j) => x - lr * (direction[j] + wd * x));
      }
    `,
    check: ts`
      {
        //en: With a zero loss gradient only the decay acts.
        //zh: 损失梯度为零时只有衰减在起作用。
        let w = [10, 0.01];
        const state = newState(2);
        for (let i = 0; i < 10; i++) w = adamwStep(w, [0, 0], state, 0.01, 0.1);
        const want = [10, 0.01].map((v) => v * (1 - 0.01 * 0.1) ** 10);
        check(allClose(w, want, 1e-6),
          'With a zero gradient, 10 AdamW steps (lr 0.01, wd 0.1) should shrink every weight by (1 − lr·wd)¹⁰: ' + fmt(want, 6) + '. Got ' + fmt(w, 6) + ' — the decay went through Adam\'s normalisation, which moves big and tiny weights by the same ≈ lr.',
          '梯度为零时，10 步 AdamW（lr 0.01，wd 0.1）应让每个权重乘以 (1 − lr·wd)¹⁰：' + fmt(want, 6) + '。实际为 ' + fmt(w, 6) + '——衰减经过了 Adam 的归一化，大权重和极小的权重都被移动了约 lr。');
        const g = [[0.5, -2], [0.3, -1], [-0.1, 0.4]];
        let a = [1, -1];
        let b = [1, -1];
        const sa = newState(2);
        const sb = newState(2);
        for (const gi of g) {
          a = adamwStep(a, gi, sa, 0.1, 0.01);
          const d = adamDirection(gi, sb);
          b = b.map((x, j) => x - 0.1 * (d[j] + 0.01 * x));
        }
        check(allClose(a, b, 1e-9), 'With a real gradient adamwStep should give ' + fmt(b, 6) + ', got ' + fmt(a, 6) + '.', '有真实梯度时 adamwStep 应得到 ' + fmt(b, 6) + '，实际为 ' + fmt(a, 6) + '。');
        pass('AdamW shrinks each weight by the same factor (1 − lr·wd) per step, independent of its gradient history — that is the "decoupled" in decoupled weight decay. In Adam + L2 the decay is divided by √v̂, so weights with large gradients are barely regularised.',
          'AdamW 每步都把每个权重乘以相同的 (1 − lr·wd)，与其梯度历史无关——这就是"解耦"的含义。在 Adam + L2 中衰减被除以 √v̂，梯度大的权重几乎没有被正则化。');
      }
    `,
  },
  {
    questionId: 'learning-rate',
    slug: 'learning-rate',
    version: 1,
    title: { en: 'Fix a diverging learning rate', zh: '修正发散的学习率' },
    task: {
      en: md`
        Full-batch gradient descent on a linear regression (\`trainWithLr(lr)\` returns the loss after each of 60
        steps). With \`learningRate = 1\` the loss explodes.

        1. Set \`maxStableLearningRate\` to \`2 / curvature\`: on a quadratic, gradient descent diverges once the
           learning rate exceeds 2 / (largest Hessian eigenvalue). \`curvature\` is given.
        2. Choose a \`learningRate\` that brings the loss below 10⁻⁴ of its starting value within 60 steps.`,
      zh: md`
        对线性回归做全批量梯度下降（\`trainWithLr(lr)\` 返回 60 步中每一步后的损失）。\`learningRate = 1\` 时损失爆炸。

        1. 把 \`maxStableLearningRate\` 设为 \`2 / curvature\`：在二次函数上，学习率一旦超过 2 /（Hessian 最大特征值），梯度
           下降就会发散。\`curvature\` 已给出。
        2. 选一个 \`learningRate\`，使 60 步内损失降到初始值的 10⁻⁴ 以下。`,
    },
    setup: ts`
      const rand = seededRandom(6);
      const n = 50;
      const X = Array.from({ length: n }, () => [2 * randn(rand), randn(rand)]);
      const trueW = [1.5, -2];
      const y = X.map((r) => r[0] * trueW[0] + r[1] * trueW[1]);
      const lossAt = (w: number[]) => X.reduce((s, r, i) => s + (r[0] * w[0] + r[1] * w[1] - y[i]) ** 2, 0) / n;
      const gradAt = (w: number[]) => [0, 1].map((j) => X.reduce((s, r, i) => s + (2 * (r[0] * w[0] + r[1] * w[1] - y[i]) * r[j]) / n, 0));
      //en: The largest eigenvalue of the Hessian 2·XᵀX/n (power iteration).
      //zh: Hessian 2·XᵀX/n 的最大特征值（幂迭代）。
      const H = [0, 1].map((a) => [0, 1].map((b) => X.reduce((s, r) => s + (2 * r[a] * r[b]) / n, 0)));
      let eig = [1, 1];
      for (let i = 0; i < 100; i++) {
        const next = [H[0][0] * eig[0] + H[0][1] * eig[1], H[1][0] * eig[0] + H[1][1] * eig[1]];
        eig = next.map((v) => v / Math.hypot(...next));
      }
      const curvature = eig[0] * (H[0][0] * eig[0] + H[0][1] * eig[1]) + eig[1] * (H[1][0] * eig[0] + H[1][1] * eig[1]);
      function trainWithLr(lr: number, steps = 60): number[] {
        let w = [0, 0];
        const losses = [lossAt(w)];
        for (let i = 0; i < steps; i++) {
          const g = gradAt(w);
          w = w.map((v, j) => v - lr * g[j]);
          losses.push(lossAt(w));
        }
        return losses;
      }
      console.log('curvature (largest Hessian eigenvalue) = ' + curvature.toFixed(3));
    `,
    starter: ts`
      //en: TODO: the largest stable learning rate for gradient descent on this quadratic loss.
      //zh: TODO：在这个二次损失上梯度下降能稳定的最大学习率。
      const maxStableLearningRate = 0;
      //en: TODO: this learning rate makes the loss explode. Pick one that converges.
      //zh: TODO：这个学习率会让损失爆炸，请选一个能收敛的。
      const learningRate = 1;
    `,
    solution: ts`
      const maxStableLearningRate = 2 / curvature;
      const learningRate = 0.15;
    `,
    check: ts`
      {
        check(near(maxStableLearningRate, 2 / curvature, 1e-6),
          'maxStableLearningRate should be 2 / curvature = ' + fmt(2 / curvature) + ', got ' + fmt(maxStableLearningRate) + '. Along the steepest direction one step multiplies the error by (1 − lr·curvature), which must stay within (−1, 1).',
          'maxStableLearningRate 应为 2 / curvature = ' + fmt(2 / curvature) + '，实际为 ' + fmt(maxStableLearningRate) + '。沿最陡方向，每一步把误差乘以 (1 − lr·curvature)，它的绝对值必须小于 1。');
        const losses = trainWithLr(learningRate);
        const first = losses[0];
        const last = losses[losses.length - 1];
        check(Number.isFinite(last) && last <= first,
          'With learningRate = ' + fmt(learningRate) + ' the loss went from ' + fmt(first, 3) + ' to ' + fmt(last, 3) + ': it diverges. It must be below 2 / curvature = ' + fmt(2 / curvature, 3) + '.',
          'learningRate = ' + fmt(learningRate) + ' 时损失从 ' + fmt(first, 3) + ' 变为 ' + fmt(last, 3) + '：发散了。学习率必须小于 2 / curvature = ' + fmt(2 / curvature, 3) + '。');
        check(last < 1e-4 * first,
          'With learningRate = ' + fmt(learningRate) + ' the loss only fell from ' + fmt(first, 3) + ' to ' + fmt(last, 3) + ' in 60 steps: too slow. Try a larger value below ' + fmt(2 / curvature, 3) + '.',
          'learningRate = ' + fmt(learningRate) + ' 时 60 步内损失只从 ' + fmt(first, 3) + ' 降到 ' + fmt(last, 3) + '：太慢了。请在 ' + fmt(2 / curvature, 3) + ' 以下试更大的值。');
        const series = [0.01, learningRate, 1.1 * maxStableLearningRate].map((lr) => ({ name: 'lr ' + fmt(lr, 3), y: trainWithLr(lr).map((l) => Math.log10(l)) }));
        display.chart({ kind: 'line', title: 'log10 loss', xLabel: 'step', series });
        pass('learningRate = ' + fmt(learningRate) + ' converges (loss ' + fmt(first, 3) + ' → ' + fmt(last, 3) + '). Above ' + fmt(maxStableLearningRate, 3) + ' the loss grows geometrically; far below it, it crawls. In deep nets the curvature is unknown and changes, hence LR range tests and warmup.',
          'learningRate = ' + fmt(learningRate) + ' 收敛了（损失 ' + fmt(first, 3) + ' → ' + fmt(last, 3) + '）。超过 ' + fmt(maxStableLearningRate, 3) + ' 时损失按几何级数增长；远小于它时下降极慢。深度网络中曲率未知且会变化，所以需要学习率区间测试和 warmup。');
      }
    `,
  },
  {
    questionId: 'learning-rate-schedules',
    slug: 'lr-schedule',
    version: 1,
    title: { en: 'Warmup + cosine decay', zh: 'Warmup + 余弦衰减' },
    task: {
      en: md`
        Write \`lrAt(step)\` for the schedule most Transformers use: a **linear warmup** from 0 to \`peak\` over the
        first \`warmupSteps\` steps, then a **cosine decay** from \`peak\` to 0 at \`totalSteps\`:
        \`peak · ½(1 + cos(π · progress))\`, where progress goes from 0 to 1 after the warmup.`,
      zh: md`
        写出大多数 Transformer 使用的学习率调度 \`lrAt(step)\`：前 \`warmupSteps\` 步从 0 **线性升温**到 \`peak\`，之后按
        **余弦衰减**在 \`totalSteps\` 时降到 0：\`peak · ½(1 + cos(π · progress))\`，其中 progress 在 warmup 之后从 0 增到 1。`,
    },
    setup: ts`
      const peak = 1e-3;
      const warmupSteps = 100;
      const totalSteps = 1000;
    `,
    starter: ts`
      function lrAt(step: number): number {
        //en: TODO: step < warmupSteps: peak · step / warmupSteps; afterwards peak · ½(1 + cos(π · (step − warmupSteps) / (totalSteps − warmupSteps))).
        //zh: TODO：step < warmupSteps 时为 peak · step / warmupSteps；之后为 peak · ½(1 + cos(π · (step − warmupSteps) / (totalSteps − warmupSteps)))。
        return peak;
      }
    `,
    solution: ts`
      function lrAt(step: number): number {
        if (step < warmupSteps) return (peak * step) / warmupSteps;
        const progress = (step - warmupSteps) / (totalSteps - warmupSteps);
        return peak * 0.5 * (1 + Math.cos(Math.PI * progress));
      }
    `,
    check: ts`
      {
        const expected: [number, number][] = [[0, 0], [50, 0.5e-3], [100, 1e-3], [325, 0.5e-3 * (1 + Math.cos(Math.PI / 4))], [550, 0.5e-3], [1000, 0]];
        for (const [step, want] of expected) {
          const got = lrAt(step);
          check(Math.abs(got - want) < 1e-9,
            'lrAt(' + step + ') should be ' + fmt(want) + ', got ' + fmt(got) + (step <= warmupSteps ? '. During warmup the rate grows linearly from 0.' : '. After warmup it follows half a cosine from peak down to 0.'),
            'lrAt(' + step + ') 应为 ' + fmt(want) + '，实际为 ' + fmt(got) + (step <= warmupSteps ? '。warmup 期间学习率从 0 线性增长。' : '。warmup 之后按半个余弦从 peak 降到 0。'));
        }
        const curve = Array.from({ length: 101 }, (_, i) => lrAt(i * 10));
        check(curve.every((v, i) => i === 0 || (i <= 10 ? v >= curve[i - 1] : v <= curve[i - 1] + 1e-12)), 'The schedule should rise during warmup and only fall afterwards.', '调度应在 warmup 期间上升，之后只下降。');
        display.chart({ kind: 'line', title: 'learning rate', xLabel: 'step', series: [{ name: 'lr', x: curve.map((_, i) => i * 10), y: curve }] });
        pass('Warmup keeps the first updates small while Adam\'s moment estimates and the layer statistics are still unreliable; the cosine tail anneals to small steps for a fine final convergence.',
          'Warmup 让最初的更新保持较小，因为此时 Adam 的矩估计和各层统计量还不可靠；余弦尾部逐渐减小步长，使最后收敛得更精细。');
      }
    `,
  },
  {
    questionId: 'weight-initialization',
    slug: 'weight-init',
    version: 1,
    title: { en: 'He and Xavier initialisation', zh: 'He 与 Xavier 初始化' },
    task: {
      en: md`
        \`activationScales(std)\` pushes a batch through 20 ReLU layers of width 256 whose weights are drawn from
        \`N(0, std²)\`, and returns the RMS of the activations after each layer.

        Write the standard deviations of the two classic schemes:
        - \`heStd(fanIn)\` = √(2 / fanIn) — for ReLU
        - \`xavierStd(fanIn, fanOut)\` = √(2 / (fanIn + fanOut)) — Glorot, for tanh / linear layers`,
      zh: md`
        \`activationScales(std)\` 让一批数据通过 20 层宽度为 256 的 ReLU 层，权重从 \`N(0, std²)\` 中采样，返回每层之后激活值的 RMS。

        写出两种经典方案的标准差：
        - \`heStd(fanIn)\` = √(2 / fanIn)——用于 ReLU
        - \`xavierStd(fanIn, fanOut)\` = √(2 / (fanIn + fanOut))——Glorot，用于 tanh / 线性层`,
    },
    setup: ts`
      //en: RMS of the activations after each of 20 ReLU layers (width 256) with N(0, std²) weights; fixed seeds.
      //zh: 20 层宽 256、权重 ~ N(0, std²) 的 ReLU 网络中每层激活值的 RMS；固定种子。
      function activationScales(std: number, layers = 20, width = 256): number[] {
        return tf.tidy(() => {
          let h = tf.randomNormal([64, width], 0, 1, 'float32', 1);
          const out: number[] = [];
          for (let l = 0; l < layers; l++) {
            h = tf.relu(h.matMul(tf.randomNormal([width, width], 0, std, 'float32', 100 + l)));
            out.push(Math.sqrt(h.square().mean().dataSync()[0]));
          }
          return out;
        });
      }
    `,
    starter: ts`
      function heStd(fanIn: number): number {
        //en: TODO: √(2 / fanIn)
        //zh: TODO：√(2 / fanIn)
        return 1;
      }
      function xavierStd(fanIn: number, fanOut: number): number {
        //en: TODO: √(2 / (fanIn + fanOut))
        //zh: TODO：√(2 / (fanIn + fanOut))
        return 1;
      }
    `,
    solution: ts`
      function heStd(fanIn: number): number {
        return Math.sqrt(2 / fanIn);
      }
      function xavierStd(fanIn: number, fanOut: number): number {
        return Math.sqrt(2 / (fanIn + fanOut));
      }
    `,
    check: ts`
      {
        check(near(heStd(256), Math.sqrt(2 / 256), 1e-9), 'heStd(256) should be √(2/256) = ' + fmt(Math.sqrt(2 / 256)) + ', got ' + fmt(heStd(256)) + '.', 'heStd(256) 应为 √(2/256) = ' + fmt(Math.sqrt(2 / 256)) + '，实际为 ' + fmt(heStd(256)) + '。');
        check(near(xavierStd(100, 300), Math.sqrt(2 / 400), 1e-9), 'xavierStd(100, 300) should be √(2/400) = ' + fmt(Math.sqrt(2 / 400)) + ', got ' + fmt(xavierStd(100, 300)) + '.', 'xavierStd(100, 300) 应为 √(2/400) = ' + fmt(Math.sqrt(2 / 400)) + '，实际为 ' + fmt(xavierStd(100, 300)) + '。');
        const he = activationScales(heStd(256));
        const xavier = activationScales(xavierStd(256, 256));
        const big = activationScales(1);
        const small = activationScales(0.01);
        check(he[19] / he[0] > 0.3 && he[19] / he[0] < 3, 'With He init the activation scale should stay about constant over 20 ReLU layers, got ' + fmt(he[0], 3) + ' → ' + fmt(he[19], 3) + '.', '用 He 初始化时，激活值尺度在 20 层 ReLU 中应大致不变，实际为 ' + fmt(he[0], 3) + ' → ' + fmt(he[19], 3) + '。');
        console.log('RMS after layer 1 / 20:  std 1 → ' + fmt(big[0], 3) + ' / ' + fmt(big[19], 3) + ';  std 0.01 → ' + fmt(small[0], 3) + ' / ' + fmt(small[19], 3));
        console.log('                          Xavier → ' + fmt(xavier[0], 3) + ' / ' + fmt(xavier[19], 3) + ';  He → ' + fmt(he[0], 3) + ' / ' + fmt(he[19], 3));
        display.chart({ kind: 'line', title: 'log10 activation RMS by layer', xLabel: 'layer', series: [
          { name: 'std 1', y: big.map(Math.log10) }, { name: 'std 0.01', y: small.map(Math.log10) },
          { name: 'Xavier', y: xavier.map(Math.log10) }, { name: 'He', y: he.map(Math.log10) },
        ] });
        //en: All-equal weights: every hidden unit computes the same thing and gets the same gradient.
        //zh: 所有权重相同：每个隐藏单元计算相同的东西，得到相同的梯度。
        const W1 = tf.fill([3, 4], 0.5);
        const grad = tf.grad((w: tf.Tensor) => tf.relu(tf.tensor2d([[1, 2, 3]]).matMul(w)).matMul(tf.fill([4, 1], 0.5)).sum())(W1);
        const cols = grad.transpose().arraySync() as number[][];
        pass('He keeps the scale (' + fmt(he[0], 3) + ' → ' + fmt(he[19], 3) + '); std 1 explodes to ' + fmt(big[19], 2) + ', std 0.01 vanishes to ' + fmt(small[19], 2) + ', and Xavier shrinks by ~√½ per ReLU layer because ReLU zeroes half the inputs. And with equal initial weights every hidden unit gets the identical gradient (' + fmt(cols[0]) + ' for each), so they never become different: random init breaks the symmetry.',
          'He 保持尺度不变（' + fmt(he[0], 3) + ' → ' + fmt(he[19], 3) + '）；std 1 爆炸到 ' + fmt(big[19], 2) + '，std 0.01 消失到 ' + fmt(small[19], 2) + '；Xavier 每经过一层 ReLU 缩小约 √½，因为 ReLU 把一半输入置零。另外，权重初始值全部相同时每个隐藏单元的梯度完全一样（都是 ' + fmt(cols[0]) + '），它们永远不会变得不同：随机初始化打破了对称性。');
      }
    `,
  },
  {
    questionId: 'vanishing-exploding-gradients',
    slug: 'vanishing-gradients',
    version: 1,
    title: { en: 'Measure and fix vanishing gradients', zh: '测量并修复梯度消失' },
    task: {
      en: md`
        \`buildDeepNet(activation, initializer)\` builds a 15-layer MLP (width 32) with seeded weights.

        1. Complete \`kernelGradientNorms(model)\`: the L2 norm of the loss gradient for each **kernel** (every
           other entry of \`model.trainableWeights\`), using \`tf.variableGrads\`.
        2. With sigmoid + Glorot the first layer's gradient is orders of magnitude smaller than the last's. Choose
           an \`activation\` and an \`initializer\` that keep the gradients alive through all 15 layers.`,
      zh: md`
        \`buildDeepNet(activation, initializer)\` 构建一个 15 层、宽 32 的 MLP，权重用固定种子初始化。

        1. 补全 \`kernelGradientNorms(model)\`：用 \`tf.variableGrads\` 计算损失对每个 **kernel**（\`model.trainableWeights\`
           中每隔一个）的梯度的 L2 范数。
        2. 用 sigmoid + Glorot 时，第一层的梯度比最后一层小好几个数量级。请选择能让梯度穿过全部 15 层的 \`activation\` 和
           \`initializer\`。`,
    },
    setup: ts`
      const xs = tf.randomNormal([64, 32], 0, 1, 'float32', 7);
      const ys = tf.randomNormal([64, 1], 0, 1, 'float32', 8);
      function makeInitializer(name: string, seed: number) {
        return name === 'heNormal' ? tf.initializers.heNormal({ seed }) : name === 'glorotNormal' ? tf.initializers.glorotNormal({ seed }) : tf.initializers.randomNormal({ mean: 0, stddev: 1, seed });
      }
      //en: 15 hidden layers of width 32 and a linear output.
      //zh: 15 个宽 32 的隐藏层和一个线性输出层。
      function buildDeepNet(activation: 'sigmoid' | 'tanh' | 'relu', initializer: 'glorotNormal' | 'heNormal' | 'randomNormal'): tf.Sequential {
        const model = tf.sequential();
        for (let l = 0; l < 15; l++) {
          model.add(tf.layers.dense({ units: 32, activation, kernelInitializer: makeInitializer(initializer, 10 + l), ...(l === 0 ? { inputShape: [32] } : {}) }));
        }
        model.add(tf.layers.dense({ units: 1, kernelInitializer: makeInitializer('glorotNormal', 99) }));
        return model;
      }
      const mseLoss = (model: tf.Sequential) => tf.losses.meanSquaredError(ys, model.predict(xs) as tf.Tensor) as tf.Scalar;
    `,
    starter: ts`
      function kernelGradientNorms(model: tf.Sequential): number[] {
        const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
        const { grads } = tf.variableGrads(() => mseLoss(model), variables);
        const kernels = variables.filter((_, i) => i % 2 === 0);
        //en: TODO: the L2 norm of grads[v.name] for every kernel v (tf.norm(...).dataSync()[0]).
        //zh: TODO：对每个 kernel v，计算 grads[v.name] 的 L2 范数（tf.norm(...).dataSync()[0]）。
        return kernels.map((v) => 0);
      }
      //en: TODO: sigmoid + Glorot makes the early layers' gradients vanish. Choose a better pair.
      //zh: TODO：sigmoid + Glorot 会让前面几层的梯度消失，请选一组更好的搭配。
      const activation: 'sigmoid' | 'tanh' | 'relu' = 'sigmoid';
      const initializer: 'glorotNormal' | 'heNormal' | 'randomNormal' = 'glorotNormal';
    `,
    solution: ts`
      function kernelGradientNorms(model: tf.Sequential): number[] {
        const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
        const { grads } = tf.variableGrads(() => mseLoss(model), variables);
        const kernels = variables.filter((_, i) => i % 2 === 0);
        return kernels.map((v) => tf.norm(grads[v.name]).dataSync()[0]);
      }
      const activation: 'sigmoid' | 'tanh' | 'relu' = 'relu';
      const initializer: 'glorotNormal' | 'heNormal' | 'randomNormal' = 'heNormal';
    `,
    check: ts`
      {
        const sigmoidNet = buildDeepNet('sigmoid', 'glorotNormal');
        const sig = kernelGradientNorms(sigmoidNet);
        check(sig.length === 16 && sig.every((v) => v > 0 && Number.isFinite(v)), 'kernelGradientNorms should return 16 positive norms (15 hidden kernels + the output kernel), got ' + fmt(sig, 3) + '.', 'kernelGradientNorms 应返回 16 个正的范数（15 个隐藏层 kernel + 输出层 kernel），实际为 ' + fmt(sig, 3) + '。');
        const model = buildDeepNet(activation, initializer);
        const mine = kernelGradientNorms(model);
        const ratio = mine[0] / mine[14];
        const sigRatio = sig[0] / sig[14];
        check(ratio > 0.01 && ratio < 100,
          'With ' + activation + ' + ' + initializer + ' the first layer\'s gradient is ' + fmt(ratio, 2) + '× the last hidden layer\'s. Aim for a ratio between 0.01 and 100. Hint: ReLU with He initialisation.',
          '用 ' + activation + ' + ' + initializer + ' 时，第一层梯度是最后一个隐藏层的 ' + fmt(ratio, 2) + ' 倍。目标是比值在 0.01 到 100 之间。提示：ReLU 搭配 He 初始化。');
        display.chart({ kind: 'line', title: 'log10 ‖∂L/∂kernel‖ by layer', xLabel: 'layer', series: [
          { name: 'sigmoid + glorot', y: sig.map(Math.log10) }, { name: activation + ' + ' + initializer, y: mine.map(Math.log10) },
        ] });
        sigmoidNet.dispose();
        model.dispose();
        pass('First / last hidden layer gradient: sigmoid + Glorot ' + fmt(sigRatio, 2) + ', ' + activation + ' + ' + initializer + ' ' + fmt(ratio, 3) + '. Each sigmoid layer multiplies the gradient by σ′ ≤ 0.25; ReLU passes 1 where active and He init keeps the scale. Residual connections and normalisation help further.',
          '第一层 / 最后隐藏层的梯度之比：sigmoid + Glorot 为 ' + fmt(sigRatio, 2) + '，' + activation + ' + ' + initializer + ' 为 ' + fmt(ratio, 3) + '。每层 sigmoid 都把梯度乘以 σ′ ≤ 0.25；ReLU 在激活处导数为 1，He 初始化保持尺度。残差连接和归一化能进一步缓解。');
      }
    `,
  },
  {
    questionId: 'gradient-clipping',
    slug: 'gradient-clipping',
    version: 1,
    title: { en: 'Clip gradients by global norm', zh: '按全局范数裁剪梯度' },
    task: {
      en: md`
        Write \`clipByGlobalNorm(grads, maxNorm)\`: the global norm is \`√(Σ over all tensors of Σ g²)\`; if it exceeds
        \`maxNorm\`, multiply **every** gradient by \`maxNorm / globalNorm\`, otherwise return them unchanged. Return the
        clipped gradients and the global norm.

        The starter clips each value separately (\`tf.clipByValue\`) — the check shows why that is different.`,
      zh: md`
        写出 \`clipByGlobalNorm(grads, maxNorm)\`：全局范数为 \`√(所有张量的 Σ g² 之和)\`；若超过 \`maxNorm\`，就把**每个**梯度都乘以
        \`maxNorm / globalNorm\`，否则原样返回。返回裁剪后的梯度和全局范数。

        初始代码对每个值单独裁剪（\`tf.clipByValue\`）——检查会说明两者的区别。`,
    },
    setup: ts`
      const grads = [tf.tensor1d([3, 4]), tf.tensor1d([12])];
    `,
    starter: ts`
      function clipByGlobalNorm(grads: tf.Tensor[], maxNorm: number): { clipped: tf.Tensor[]; globalNorm: number } {
        //en: TODO: globalNorm = √(Σ of all squared entries); scale every tensor by maxNorm / globalNorm when it is larger than maxNorm.
        //zh: TODO：globalNorm = √(所有元素平方和)；大于 maxNorm 时把每个张量乘以 maxNorm / globalNorm。
        return { clipped: grads.map((g) => tf.clipByValue(g, -maxNorm, maxNorm)), globalNorm: 0 };
      }
    `,
    solution: ts`
      function clipByGlobalNorm(grads: tf.Tensor[], maxNorm: number): { clipped: tf.Tensor[]; globalNorm: number } {
        const globalNorm = Math.sqrt(grads.reduce((s, g) => s + g.square().sum().dataSync()[0], 0));
        const factor = globalNorm > maxNorm ? maxNorm / globalNorm : 1;
        return { clipped: grads.map((g) => g.mul(factor)), globalNorm };
      }
    `,
    check: ts`
      {
        const a = clipByGlobalNorm(grads, 6.5);
        check(near(a.globalNorm, 13, 1e-5), 'The global norm of [3, 4] and [12] is √(9 + 16 + 144) = 13, got ' + fmt(a.globalNorm) + '.', '[3, 4] 和 [12] 的全局范数为 √(9 + 16 + 144) = 13，实际为 ' + fmt(a.globalNorm) + '。');
        check(a.clipped.length === 2 && allClose(a.clipped[0], [1.5, 2], 1e-5) && allClose(a.clipped[1], [6], 1e-5),
          'Clipped to 6.5 the gradients should be [1.5, 2] and [6] (all scaled by 6.5/13), got ' + a.clipped.map((g) => fmt(g)).join(' and ') + '.',
          '裁剪到 6.5 后梯度应为 [1.5, 2] 和 [6]（都乘以 6.5/13），实际为 ' + a.clipped.map((g) => fmt(g)).join(' 和 ') + '。');
        const b = clipByGlobalNorm(grads, 20);
        check(allClose(b.clipped[0], [3, 4], 1e-6) && allClose(b.clipped[1], [12], 1e-6), 'Below maxNorm the gradients must stay unchanged.', '未超过 maxNorm 时梯度必须保持不变。');
        const byValue = grads.map((g) => tf.clipByValue(g, -5, 5));
        const flat = (gs: tf.Tensor[]) => gs.flatMap((g) => toNumbers(g));
        const cos = (u: number[], v: number[]) => u.reduce((s, x, i) => s + x * v[i], 0) / Math.hypot(...u) / Math.hypot(...v);
        pass('Clipping by global norm keeps the update direction (cosine with the raw gradient ' + fmt(cos(flat(a.clipped), flat(grads)), 4) + ') and only shortens it; clipping each value to ±5 gives [3, 4], [5] — a different direction (cosine ' + fmt(cos(flat(byValue), flat(grads)), 4) + '). Typical use: RNNs and Transformers, maxNorm ≈ 1.',
          '按全局范数裁剪保持更新方向不变（与原梯度的余弦为 ' + fmt(cos(flat(a.clipped), flat(grads)), 4) + '），只缩短长度；而把每个值裁剪到 ±5 得到 [3, 4]、[5]——方向变了（余弦 ' + fmt(cos(flat(byValue), flat(grads)), 4) + '）。常用于 RNN 和 Transformer，maxNorm ≈ 1。');
      }
    `,
  },
  {
    questionId: 'batch-normalization',
    slug: 'batch-norm',
    version: 1,
    title: { en: 'Batch normalisation by hand', zh: '手写批归一化' },
    task: {
      en: md`
        Implement BatchNorm for a \`[batch, features]\` input and compare with \`tf.layers.batchNormalization\`:

        1. \`batchNormTrain(x, gamma, beta, eps)\`: per **feature**, the mean and the (biased) variance over the
           **batch** (axis 0); \`y = gamma · (x − mean) / √(variance + eps) + beta\`.
        2. \`updateMoving(moving, batchStat, momentum)\` = \`moving · momentum + batchStat · (1 − momentum)\`.
        3. \`batchNormInference(...)\`: the same formula with the **moving** statistics instead of the batch's.`,
      zh: md`
        为 \`[batch, features]\` 输入实现 BatchNorm，并与 \`tf.layers.batchNormalization\` 比较：

        1. \`batchNormTrain(x, gamma, beta, eps)\`：对每个**特征**，在 **batch**（第 0 轴）上求均值和（有偏）方差；
           \`y = gamma · (x − mean) / √(variance + eps) + beta\`。
        2. \`updateMoving(moving, batchStat, momentum)\` = \`moving · momentum + batchStat · (1 − momentum)\`。
        3. \`batchNormInference(...)\`：同样的公式，但使用**滑动**统计量而不是当前批次的统计量。`,
    },
    setup: ts`
      const x = tf.tensor2d([[1, 2, 3], [3, 4, 9], [5, 0, 0], [7, 2, 4], [2, 8, 1], [0, 1, 5]]);
      const gamma = tf.tensor1d([1.5, 0.5, 2]);
      const beta = tf.tensor1d([0.1, -0.2, 0.3]);
      const eps = 1e-3;
      const momentum = 0.99;
    `,
    starter: ts`
      function batchNormTrain(x: tf.Tensor2D, gamma: tf.Tensor1D, beta: tf.Tensor1D, eps: number): { y: tf.Tensor2D; mean: tf.Tensor1D; variance: tf.Tensor1D } {
        //en: TODO: BatchNorm normalises each FEATURE over the BATCH — this takes the moments over axis 1 (each sample's features).
        //zh: TODO：BatchNorm 对每个特征在 batch 上做归一化——这里却在第 1 轴（每个样本的各特征）上求矩。
        const { mean, variance } = tf.moments(x, 1, true);
        const y = x.sub(mean).div(tf.sqrt(variance.add(eps))).mul(gamma).add(beta) as tf.Tensor2D;
        return { y, mean: mean.reshape([-1]) as tf.Tensor1D, variance: variance.reshape([-1]) as tf.Tensor1D };
      }
      function updateMoving(moving: tf.Tensor1D, batchStat: tf.Tensor1D, momentum: number): tf.Tensor1D {
        //en: TODO: an exponential moving average: moving · momentum + batchStat · (1 − momentum).
        //zh: TODO：指数滑动平均：moving · momentum + batchStat · (1 − momentum)。
        return batchStat;
      }
      function batchNormInference(x: tf.Tensor2D, movingMean: tf.Tensor1D, movingVariance: tf.Tensor1D, gamma: tf.Tensor1D, beta: tf.Tensor1D, eps: number): tf.Tensor2D {
        //en: TODO: use the moving statistics at inference, not the batch's.
        //zh: TODO：推理时使用滑动统计量，而不是当前批次的。
        return batchNormTrain(x, gamma, beta, eps).y;
      }
    `,
    solution: ts`
      function batchNormTrain(x: tf.Tensor2D, gamma: tf.Tensor1D, beta: tf.Tensor1D, eps: number): { y: tf.Tensor2D; mean: tf.Tensor1D; variance: tf.Tensor1D } {
        const { mean, variance } = tf.moments(x, 0);
        const y = x.sub(mean).div(tf.sqrt(variance.add(eps))).mul(gamma).add(beta) as tf.Tensor2D;
        return { y, mean: mean as tf.Tensor1D, variance: variance as tf.Tensor1D };
      }
      function updateMoving(moving: tf.Tensor1D, batchStat: tf.Tensor1D, momentum: number): tf.Tensor1D {
        return moving.mul(momentum).add(batchStat.mul(1 - momentum));
      }
      function batchNormInference(x: tf.Tensor2D, movingMean: tf.Tensor1D, movingVariance: tf.Tensor1D, gamma: tf.Tensor1D, beta: tf.Tensor1D, eps: number): tf.Tensor2D {
        return x.sub(movingMean).div(tf.sqrt(movingVariance.add(eps))).mul(gamma).add(beta);
      }
    `,
    check: ts`
      {
        const layer = tf.layers.batchNormalization({ momentum, epsilon: eps });
        layer.build([null, 3]);
        layer.setWeights([gamma, beta, tf.zeros([3]), tf.ones([3])]);
        const want = layer.apply(x, { training: true }) as tf.Tensor;
        const mine = batchNormTrain(x, gamma, beta, eps);
        check(allClose(mine.mean.shape, [3], 0), 'mean should have one value per feature, shape [3], got ' + fmt(mine.mean.shape) + '. BatchNorm averages over the batch axis (0), not over a sample\'s features (that is LayerNorm).', 'mean 应为每个特征一个值，形状 [3]，实际为 ' + fmt(mine.mean.shape) + '。BatchNorm 在 batch 轴（0）上求平均，而不是在一个样本的各特征上（那是 LayerNorm）。');
        check(allClose(mine.y, want, 1e-4), 'y differs from tf.layers.batchNormalization in training mode: expected ' + fmt(want, 3) + ', got ' + fmt(mine.y, 3) + '. Use the biased variance (divide by n) and add eps inside the square root.', 'y 与训练模式下的 tf.layers.batchNormalization 不一致：应为 ' + fmt(want, 3) + '，实际为 ' + fmt(mine.y, 3) + '。使用有偏方差（除以 n），并在开方内加 eps。');
        const [, , layerMean, layerVar] = layer.getWeights();
        const movingMean = updateMoving(tf.zeros([3]), mine.mean, momentum);
        const movingVar = updateMoving(tf.ones([3]), mine.variance, momentum);
        check(allClose(movingMean, layerMean, 1e-5) && allClose(movingVar, layerVar, 1e-5),
          'After one training batch the layer\'s moving mean / variance are ' + fmt(layerMean) + ' / ' + fmt(layerVar) + ', yours ' + fmt(movingMean) + ' / ' + fmt(movingVar) + '. Hint: moving · momentum + batchStat · (1 − momentum).',
          '一个训练批次后该层的滑动均值 / 方差为 ' + fmt(layerMean) + ' / ' + fmt(layerVar) + '，你的为 ' + fmt(movingMean) + ' / ' + fmt(movingVar) + '。提示：moving · momentum + batchStat · (1 − momentum)。');
        const single = tf.tensor2d([[4, 4, 4]]);
        const wantInf = layer.apply(single, { training: false }) as tf.Tensor;
        const gotInf = batchNormInference(single, movingMean, movingVar, gamma, beta, eps);
        check(allClose(gotInf, wantInf, 1e-4), 'At inference a single example [4, 4, 4] should give ' + fmt(wantInf) + ' (moving statistics), got ' + fmt(gotInf) + '.', '推理时单个样本 [4, 4, 4] 应得到 ' + fmt(wantInf) + '（使用滑动统计量），实际为 ' + fmt(gotInf) + '。');
        pass('Matches tf.layers.batchNormalization in training and inference. In training each feature is normalised with the batch\'s statistics; at inference the moving averages are used, so the output no longer depends on the other examples in the batch — and a batch of one works.',
          '训练和推理都与 tf.layers.batchNormalization 一致。训练时每个特征用当前批次的统计量归一化；推理时改用滑动平均，所以输出不再依赖同一批中的其他样本——单个样本也能推理。');
      }
    `,
  },
  {
    questionId: 'layer-and-group-normalization',
    slug: 'layer-norm',
    version: 1,
    title: { en: 'LayerNorm and RMSNorm', zh: 'LayerNorm 与 RMSNorm' },
    task: {
      en: md`
        For a \`[batch, features]\` input:

        1. \`layerNorm(x, gamma, beta, eps)\`: normalise each **sample** over its own features (the last axis):
           \`gamma · (x − mean) / √(variance + eps) + beta\`.
        2. \`rmsNorm(x, gamma, eps)\`: \`gamma · x / √(mean(x²) + eps)\` over the last axis — no mean subtraction and
           no beta (LLaMA and most recent LLMs use it).`,
      zh: md`
        对 \`[batch, features]\` 输入：

        1. \`layerNorm(x, gamma, beta, eps)\`：对每个**样本**在它自己的特征（最后一轴）上归一化：
           \`gamma · (x − mean) / √(variance + eps) + beta\`。
        2. \`rmsNorm(x, gamma, eps)\`：在最后一轴上计算 \`gamma · x / √(mean(x²) + eps)\`——不减均值，也没有 beta
           （LLaMA 等大多数新近的大模型都用它）。`,
    },
    setup: ts`
      const x = tf.tensor2d([[1, 2, 3, 4], [10, 0, -10, 5], [0.1, 0.2, 0.1, 0.3]]);
      const gamma = tf.tensor1d([1, 2, 0.5, 1]);
      const beta = tf.tensor1d([0, 0.1, -0.1, 0.2]);
      const eps = 1e-5;
    `,
    starter: ts`
      function layerNorm(x: tf.Tensor2D, gamma: tf.Tensor1D, beta: tf.Tensor1D, eps: number): tf.Tensor2D {
        //en: TODO: LayerNorm uses each sample's own statistics: moments over the LAST axis (this uses the batch axis).
        //zh: TODO：LayerNorm 使用每个样本自己的统计量：在最后一轴上求矩（这里用的是 batch 轴）。
        const { mean, variance } = tf.moments(x, 0, true);
        return x.sub(mean).div(tf.sqrt(variance.add(eps))).mul(gamma).add(beta);
      }
      function rmsNorm(x: tf.Tensor2D, gamma: tf.Tensor1D, eps: number): tf.Tensor2D {
        //en: TODO: gamma · x / √(mean(x²) over the last axis + eps).
        //zh: TODO：gamma · x / √(x² 在最后一轴上的均值 + eps)。
        return x.mul(gamma);
      }
    `,
    solution: ts`
      function layerNorm(x: tf.Tensor2D, gamma: tf.Tensor1D, beta: tf.Tensor1D, eps: number): tf.Tensor2D {
        const { mean, variance } = tf.moments(x, -1, true);
        return x.sub(mean).div(tf.sqrt(variance.add(eps))).mul(gamma).add(beta);
      }
      function rmsNorm(x: tf.Tensor2D, gamma: tf.Tensor1D, eps: number): tf.Tensor2D {
        return x.div(tf.sqrt(x.square().mean(-1, true).add(eps))).mul(gamma);
      }
    `,
    check: ts`
      {
        const layer = tf.layers.layerNormalization({ epsilon: eps });
        layer.build([null, 4]);
        layer.setWeights([gamma, beta]);
        const want = layer.apply(x) as tf.Tensor;
        const got = layerNorm(x, gamma, beta, eps);
        check(allClose(got, want, 1e-4), 'layerNorm differs from tf.layers.layerNormalization: expected ' + fmt(want, 3) + ', got ' + fmt(got, 3) + '. Hint: tf.moments(x, -1, true).', 'layerNorm 与 tf.layers.layerNormalization 不一致：应为 ' + fmt(want, 3) + '，实际为 ' + fmt(got, 3) + '。提示：tf.moments(x, -1, true)。');
        const alone = layerNorm(x.slice([1, 0], [1, 4]), gamma, beta, eps);
        check(allClose(alone, got.slice([1, 0], [1, 4]), 1e-5), 'A sample normalised alone should give the same result as inside the batch.', '单独归一化一个样本，结果应与它在批次中时相同。');
        const rows = x.arraySync();
        const g = gamma.arraySync();
        const wantRms = rows.map((r) => { const rms = Math.sqrt(r.reduce((s, v) => s + v * v, 0) / r.length + eps); return r.map((v, j) => (g[j] * v) / rms); });
        const gotRms = rmsNorm(x, gamma, eps);
        check(allClose(gotRms, wantRms, 1e-4), 'rmsNorm should be ' + fmt(wantRms, 3) + ', got ' + fmt(gotRms, 3) + '.', 'rmsNorm 应为 ' + fmt(wantRms, 3) + '，实际为 ' + fmt(gotRms, 3) + '。');
        pass('LayerNorm and RMSNorm use only the sample\'s own features, so they behave the same in training and inference, for any batch size and for every token of a variable-length sequence — why Transformers use them instead of BatchNorm. RMSNorm drops the mean: cheaper, and works as well in practice.',
          'LayerNorm 和 RMSNorm 只用样本自己的特征，因此训练和推理行为相同，与批大小无关，对变长序列的每个 token 都适用——这是 Transformer 用它们而不用 BatchNorm 的原因。RMSNorm 去掉了均值：更省计算，实践中效果相当。');
      }
    `,
  },
  {
    questionId: 'dropout',
    slug: 'dropout',
    version: 1,
    title: { en: 'Inverted dropout by hand', zh: '手写 inverted dropout' },
    task: {
      en: md`
        \`dropout(x, rate, training)\` zeroes each unit with probability \`rate\` during training and does nothing at
        inference. But the expected output during training is then \`(1 − rate)·x\`: the next layer would see smaller
        activations in training than at inference.

        Make it **inverted dropout**: scale the kept units by \`1 / (1 − rate)\`. The check measures the output's mean
        and compares with \`tf.layers.dropout\`.`,
      zh: md`
        \`dropout(x, rate, training)\` 在训练时以概率 \`rate\` 把每个单元置零，推理时什么也不做。但这样训练时输出的期望是
        \`(1 − rate)·x\`：下一层在训练时看到的激活值比推理时小。

        改成 **inverted dropout**：把保留下来的单元乘以 \`1 / (1 − rate)\`。检查会测量输出均值，并与 \`tf.layers.dropout\` 比较。`,
    },
    setup: ts`
      const x = tf.ones([20000]);
      const rate = 0.3;
    `,
    starter: ts`
      function dropout(x: tf.Tensor, rate: number, training: boolean): tf.Tensor {
        if (!training) return x;
        const keep = tf.randomUniform(x.shape).greaterEqual(rate).toFloat();
        //en: TODO: scale the kept units by 1 / (1 − rate) so that the expected output equals x.
        //zh: TODO：把保留的单元乘以 1 / (1 − rate)，使输出的期望等于 x。
        return x.mul(keep);
      }
    `,
    solution: ts`
      function dropout(x: tf.Tensor, rate: number, training: boolean): tf.Tensor {
        if (!training) return x;
        const keep = tf.randomUniform(x.shape).greaterEqual(rate).toFloat();
        return x.mul(keep).div(1 - rate);
      }
    `,
    check: ts`
      {
        const y = toNumbers(dropout(x, rate, true));
        const zeros = y.filter((v) => v === 0).length / y.length;
        check(Math.abs(zeros - rate) < 0.03, 'About ' + rate * 100 + ' % of the units should be zero in training, got ' + fmt(100 * zeros, 3) + ' %.', '训练时约 ' + rate * 100 + '% 的单元应为 0，实际为 ' + fmt(100 * zeros, 3) + '%。');
        const mean = y.reduce((a, b) => a + b, 0) / y.length;
        check(Math.abs(mean - 1) < 0.05,
          'The mean output in training is ' + fmt(mean, 3) + ' but the input is all ones: the expected value must not change. Scale the kept units by 1 / (1 − rate) = ' + fmt(1 / (1 - rate), 4) + '.',
          '训练时输出均值为 ' + fmt(mean, 3) + '，而输入全为 1：期望值不应改变。请把保留的单元乘以 1 / (1 − rate) = ' + fmt(1 / (1 - rate), 4) + '。');
        check(y.every((v) => v === 0 || near(v, 1 / (1 - rate), 1e-5)), 'Every kept unit should be exactly 1 / (1 − rate).', '每个保留的单元应恰好为 1 / (1 − rate)。');
        check(allClose(dropout(x, rate, false), x, 0), 'At inference dropout must return its input unchanged.', '推理时 dropout 必须原样返回输入。');
        const layer = tf.layers.dropout({ rate });
        const kept = toNumbers(layer.apply(x, { training: true }) as tf.Tensor).filter((v) => v !== 0);
        pass('Mean in training ' + fmt(mean, 4) + ' ≈ 1, identity at inference. tf.layers.dropout does the same: its kept units are ' + fmt(kept[0], 4) + ' = 1/(1 − ' + rate + '). Because training already rescales, nothing needs to change at test time.',
          '训练时均值 ' + fmt(mean, 4) + ' ≈ 1，推理时原样输出。tf.layers.dropout 也是这样：保留单元的值为 ' + fmt(kept[0], 4) + ' = 1/(1 − ' + rate + ')。由于训练时已经缩放，推理时无需任何改动。');
      }
    `,
  },
  {
    questionId: 'early-stopping',
    slug: 'early-stopping',
    version: 1,
    title: { en: 'Stop when validation stops improving', zh: '验证集不再改善就停止' },
    task: {
      en: md`
        A big MLP on 40 examples whose labels are **pure noise**: nothing can generalise, so once the model starts
        memorising, the validation loss only gets worse while the training loss keeps falling.

        Pass an early-stopping callback to \`fit\`: \`tf.callbacks.earlyStopping({ monitor: 'val_loss', patience: 5 })\`.
        The check verifies that training stopped well before \`maxEpochs\`, a few epochs after the best validation
        loss.`,
      zh: md`
        一个大 MLP，只有 40 个样本，而且标签是**纯噪声**：没有任何东西能泛化，所以模型一开始死记硬背，验证损失就只会变差，而训练
        损失继续下降。

        给 \`fit\` 传入早停回调：\`tf.callbacks.earlyStopping({ monitor: 'val_loss', patience: 5 })\`。检查会验证训练在
        \`maxEpochs\` 之前很早就停止了，并且是在最佳验证损失之后的几个 epoch。`,
    },
    setup: ts`
      const xs = tf.randomNormal([40, 5], 0, 1, 'float32', 1);
      const ys = tf.randomNormal([40, 1], 0, 1, 'float32', 2);
      const valXs = tf.randomNormal([40, 5], 0, 1, 'float32', 3);
      const valYs = tf.randomNormal([40, 1], 0, 1, 'float32', 4);
      const maxEpochs = 40;
      function makeModel(): tf.Sequential {
        const model = tf.sequential({
          layers: [
            tf.layers.dense({ units: 128, activation: 'relu', inputShape: [5], kernelInitializer: tf.initializers.heNormal({ seed: 5 }) }),
            tf.layers.dense({ units: 128, activation: 'relu', kernelInitializer: tf.initializers.heNormal({ seed: 6 }) }),
            tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotNormal({ seed: 7 }) }),
          ],
        });
        model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
        return model;
      }
    `,
    starter: ts`
      const model = makeModel();
      //en: TODO: stop when val_loss has not improved for 5 epochs: tf.callbacks.earlyStopping({ monitor: 'val_loss', patience: 5 }).
      //zh: TODO：val_loss 连续 5 个 epoch 没有改善就停止：tf.callbacks.earlyStopping({ monitor: 'val_loss', patience: 5 })。
      const callbacks: tf.Callback[] = [];
      const history = await model.fit(xs, ys, { epochs: maxEpochs, batchSize: 40, shuffle: false, validationData: [valXs, valYs], callbacks, verbose: 0 });
    `,
    solution: ts`
      const model = makeModel();
      const callbacks: tf.Callback[] = [tf.callbacks.earlyStopping({ monitor: 'val_loss', patience: 5 })];
      const history = await model.fit(xs, ys, { epochs: maxEpochs, batchSize: 40, shuffle: false, validationData: [valXs, valYs], callbacks, verbose: 0 });
    `,
    check: ts`
      {
        const loss = history.history.loss as number[];
        const val = history.history.val_loss as number[];
        const epochs = loss.length;
        check(epochs < maxEpochs,
          'Training ran all ' + maxEpochs + ' epochs: the validation loss was best at epoch ' + (val.indexOf(Math.min(...val)) + 1) + ' and got worse afterwards. Add tf.callbacks.earlyStopping({ monitor: \'val_loss\', patience: 5 }) to callbacks.',
          '训练跑满了 ' + maxEpochs + ' 个 epoch：验证损失在第 ' + (val.indexOf(Math.min(...val)) + 1) + ' 个 epoch 最好，之后变差。请在 callbacks 中加入 tf.callbacks.earlyStopping({ monitor: \'val_loss\', patience: 5 })。');
        const best = val.indexOf(Math.min(...val));
        check(epochs - 1 - best <= 10,
          'Training stopped ' + (epochs - 1 - best) + ' epochs after the best validation loss: monitor val_loss (not loss), with a patience of at most 10.',
          '训练在最佳验证损失之后 ' + (epochs - 1 - best) + ' 个 epoch 才停止：请监控 val_loss（而不是 loss），patience 不超过 10。');
        display.chart(history);
        pass('Stopped after ' + epochs + ' of ' + maxEpochs + ' epochs; the best validation loss was at epoch ' + (best + 1) + ' (' + fmt(val[best], 3) + ' vs ' + fmt(val[epochs - 1], 3) + ' at the end) while the training loss fell to ' + fmt(loss[epochs - 1], 3) + '. TF.js does not restore the best weights for you: keep a checkpoint (or re-train for ' + (best + 1) + ' epochs).',
          '在 ' + maxEpochs + ' 个 epoch 中的第 ' + epochs + ' 个停止；最佳验证损失出现在第 ' + (best + 1) + ' 个 epoch（' + fmt(val[best], 3) + '，结束时为 ' + fmt(val[epochs - 1], 3) + '），而训练损失降到了 ' + fmt(loss[epochs - 1], 3) + '。TF.js 不会自动恢复最佳权重：请自己保存检查点（或重新训练 ' + (best + 1) + ' 个 epoch）。');
      }
    `,
  },
  {
    questionId: 'label-smoothing',
    slug: 'label-smoothing',
    version: 1,
    title: { en: 'Label smoothing', zh: '标签平滑' },
    task: {
      en: md`
        1. \`smoothLabels(oneHot, epsilon)\`: \`(1 − ε)·oneHot + ε / K\` for K classes. The check compares the
           cross-entropy against the smoothed labels with \`tf.losses.softmaxCrossEntropy(..., labelSmoothing)\`.
        2. Without smoothing the loss only reaches 0 when the logits are infinitely far apart. With ε = 0.1 and
           K = 10, the best prediction gives the true class \`1 − ε + ε/K\` and each other class \`ε/K\`: set
           \`optimalLogitGap\` to the logit difference that needs, \`log(p_true / p_other)\`.`,
      zh: md`
        1. \`smoothLabels(oneHot, epsilon)\`：K 个类别时为 \`(1 − ε)·oneHot + ε / K\`。检查会把对平滑标签的交叉熵与
           \`tf.losses.softmaxCrossEntropy(..., labelSmoothing)\` 比较。
        2. 不做平滑时，只有 logits 相差无穷远损失才能达到 0。当 ε = 0.1、K = 10 时，最优预测给真实类别 \`1 − ε + ε/K\`，给其他
           每个类别 \`ε/K\`：把 \`optimalLogitGap\` 设为这需要的 logit 差 \`log(p_true / p_other)\`。`,
    },
    setup: ts`
      const labels = tf.oneHot(tf.tensor1d([2, 0, 1], 'int32'), 4) as tf.Tensor2D;
      const logits = tf.tensor2d([[1, 2, 5, 0], [3, 1, 0, 0], [0.5, 0.2, 0.1, 2]]);
    `,
    starter: ts`
      function smoothLabels(oneHot: tf.Tensor2D, epsilon: number): tf.Tensor2D {
        //en: TODO: (1 − ε)·oneHot + ε / K, where K = oneHot.shape[1].
        //zh: TODO：(1 − ε)·oneHot + ε / K，其中 K = oneHot.shape[1]。
        return oneHot;
      }
      //en: TODO: log(p_true / p_other) for ε = 0.1 and K = 10.
      //zh: TODO：ε = 0.1、K = 10 时的 log(p_true / p_other)。
      const optimalLogitGap = Infinity;
    `,
    solution: ts`
      function smoothLabels(oneHot: tf.Tensor2D, epsilon: number): tf.Tensor2D {
        return oneHot.mul(1 - epsilon).add(epsilon / oneHot.shape[1]);
      }
      const optimalLogitGap = Math.log((1 - 0.1 + 0.1 / 10) / (0.1 / 10));
    `,
    check: ts`
      {
        const s = smoothLabels(labels, 0.1);
        check(allClose(s.slice([0, 0], [1, 4]), [0.025, 0.025, 0.925, 0.025], 1e-6), 'smoothLabels([0, 0, 1, 0], 0.1) should be [0.025, 0.025, 0.925, 0.025], got ' + fmt(s.slice([0, 0], [1, 4])) + '.', 'smoothLabels([0, 0, 1, 0], 0.1) 应为 [0.025, 0.025, 0.925, 0.025]，实际为 ' + fmt(s.slice([0, 0], [1, 4])) + '。');
        check(allClose(s.sum(1), [1, 1, 1], 1e-6), 'Smoothed labels must still sum to 1 per row.', '平滑后的标签每行之和仍必须为 1。');
        const ce = tf.neg(s.mul(tf.logSoftmax(logits)).sum(1)).mean().dataSync()[0];
        const want = (tf.losses.softmaxCrossEntropy(labels, logits, undefined, 0.1) as tf.Scalar).dataSync()[0];
        check(near(ce, want, 1e-4), 'Cross-entropy against your smoothed labels is ' + fmt(ce) + ', tf.losses.softmaxCrossEntropy with labelSmoothing 0.1 gives ' + fmt(want) + '.', '对你的平滑标签的交叉熵为 ' + fmt(ce) + '，tf.losses.softmaxCrossEntropy 在 labelSmoothing 0.1 下为 ' + fmt(want) + '。');
        check(Number.isFinite(optimalLogitGap) && near(optimalLogitGap, Math.log(91), 1e-6),
          'optimalLogitGap: p_true = 1 − 0.1 + 0.01 = 0.91 and p_other = 0.01, so the gap is log(0.91 / 0.01) ≈ 4.51; got ' + fmt(optimalLogitGap) + '.',
          'optimalLogitGap：p_true = 1 − 0.1 + 0.01 = 0.91，p_other = 0.01，所以差为 log(0.91 / 0.01) ≈ 4.51；实际为 ' + fmt(optimalLogitGap) + '。');
        pass('With smoothing the loss is minimised at a finite logit gap (' + fmt(optimalLogitGap, 3) + '), so the model stops pushing logits apart: less over-confidence and often better calibration. Side effect: less information in the non-target probabilities (worse for distillation).',
          '加了平滑后损失在有限的 logit 差（' + fmt(optimalLogitGap, 3) + '）处取最小，模型不再无止境地拉开 logits：减少过度自信，常常改善校准。副作用：非目标类别概率中的信息变少（不利于蒸馏）。');
      }
    `,
  },
  {
    questionId: 'debugging-training',
    slug: 'debug-training',
    version: 1,
    title: { en: 'Debug a training run that does not learn', zh: '调试一个学不动的训练' },
    task: {
      en: md`
        A logistic regression on 200 houses (\`[area m², price $]\` → "sold within a month") does not learn.
        \`train(inputs, labels, learningRate)\` runs 100 SGD steps and returns the loss per step and the accuracy.
        Three bugs, in the order you would find them:

        1. The labels come from a CSV as **1 / 2**; binary cross-entropy needs **0 / 1**. (Symptom: a negative
           loss — impossible for cross-entropy.)
        2. The features are in the hundreds and the hundreds of thousands: **standardise** each column.
        3. Then pick a **learning rate** that gets the loss below 0.4 in 100 steps.`,
      zh: md`
        对 200 套房子（\`[面积 m², 价格 $]\` → "一个月内售出"）做逻辑回归，但它学不动。\`train(inputs, labels, learningRate)\`
        执行 100 步 SGD，返回每步的损失和准确率。有三个 bug，按你会发现它们的顺序：

        1. 标签来自 CSV，取值为 **1 / 2**；二元交叉熵需要 **0 / 1**。（症状：损失为负——交叉熵不可能为负。）
        2. 特征取值在几百和几十万量级：请对每列做**标准化**。
        3. 然后选一个**学习率**，使 100 步内损失降到 0.4 以下。`,
    },
    setup: ts`
      const rand = seededRandom(15);
      const rows = Array.from({ length: 200 }, () => {
        const area = 50 + 200 * rand();
        return [area, area * (2500 + 1500 * rand())];
      });
      //en: "Sold within a month" (2 = yes, 1 = no, as in the CSV): cheap for its size sells fast.
      //zh: "一个月内售出"（2 = 是，1 = 否，与 CSV 中一致）：按面积算便宜的卖得快。
      const csvLabels = rows.map((r) => (r[1] / r[0] + 150 * randn(rand) < 3250 ? 2 : 1));
      const rawX = tf.tensor2d(rows);
      const rawLabels = tf.tensor2d(csvLabels, [200, 1]);
      //en: 100 steps of SGD on logistic regression; returns the loss after each step and the final accuracy.
      //zh: 对逻辑回归执行 100 步 SGD；返回每步后的损失和最终准确率。
      function train(inputs: tf.Tensor2D, labels: tf.Tensor2D, learningRate: number) {
        const w = tf.variable(tf.zeros([2, 1]));
        const b = tf.variable(tf.scalar(0));
        const optimizer = tf.train.sgd(learningRate);
        const losses: number[] = [];
        for (let i = 0; i < 100; i++) {
          const loss = optimizer.minimize(() => tf.losses.sigmoidCrossEntropy(labels, inputs.matMul(w).add(b)) as tf.Scalar, true);
          losses.push(loss!.dataSync()[0]);
        }
        const accuracy = inputs.matMul(w).add(b).greater(0).toFloat().equal(labels).mean().dataSync()[0];
        w.dispose();
        b.dispose();
        return { losses, accuracy };
      }
    `,
    starter: ts`
      //en: TODO 1: binary cross-entropy needs 0/1 labels, these are 1/2.
      //zh: TODO 1：二元交叉熵需要 0/1 标签，这里是 1/2。
      const labels = rawLabels;
      //en: TODO 2: standardise each column: (x − mean) / std.
      //zh: TODO 2：对每列做标准化：(x − mean) / std。
      const inputs = rawX;
      //en: TODO 3: a learning rate that gets the loss below 0.4 in 100 steps.
      //zh: TODO 3：一个能在 100 步内把损失降到 0.4 以下的学习率。
      const learningRate = 1e-3;
      const result = train(inputs, labels, learningRate);
    `,
    solution: ts`
      const labels = rawLabels.sub(1) as tf.Tensor2D;
      const inputs = rawX.sub(rawX.mean(0)).div(tf.moments(rawX, 0).variance.sqrt()) as tf.Tensor2D;
      const learningRate = 1;
      const result = train(inputs, labels, learningRate);
    `,
    check: ts`
      {
        const labelValues = new Set(toNumbers(labels));
        check([...labelValues].every((v) => v === 0 || v === 1),
          'The labels are ' + [...labelValues].sort().join('/') + '. With label 2 the cross-entropy is unbounded below (first losses: ' + fmt(result.losses.slice(0, 3), 3) + '): map them to 0/1.',
          '标签取值为 ' + [...labelValues].sort().join('/') + '。标签为 2 时交叉熵没有下界（前几步损失：' + fmt(result.losses.slice(0, 3), 3) + '）：请映射为 0/1。');
        const { mean, variance } = tf.moments(inputs, 0);
        check(allClose(mean, [0, 0], 1e-3) && allClose(tf.sqrt(variance), [1, 1], 0.02),
          'The input columns have mean ' + fmt(mean, 3) + ' and std ' + fmt(tf.sqrt(variance), 3) + '. Standardise them to mean 0 and std 1: with features near 10⁵ one SGD step moves the logits by thousands.',
          '输入各列均值为 ' + fmt(mean, 3) + '、标准差为 ' + fmt(tf.sqrt(variance), 3) + '。请标准化为均值 0、标准差 1：特征在 10⁵ 量级时，一步 SGD 就会让 logits 变化成千上万。');
        const last = result.losses[result.losses.length - 1];
        check(result.losses.every(Number.isFinite) && last < 0.4,
          'The loss went from ' + fmt(result.losses[0], 3) + ' to ' + fmt(last, 3) + ' in 100 steps with learning rate ' + fmt(learningRate) + '. ' + (last > result.losses[0] ? 'It grew: lower the learning rate.' : 'Too slow: with standardised inputs try a learning rate around 0.1–1.'),
          '学习率 ' + fmt(learningRate) + ' 下 100 步内损失从 ' + fmt(result.losses[0], 3) + ' 变为 ' + fmt(last, 3) + '。' + (last > result.losses[0] ? '损失在增大：请降低学习率。' : '太慢了：输入标准化后可试 0.1–1 左右的学习率。'));
        check(result.accuracy > 0.85, 'Accuracy is only ' + fmt(result.accuracy, 3) + '.', '准确率只有 ' + fmt(result.accuracy, 3) + '。');
        display.chart({ kind: 'line', title: 'training loss', xLabel: 'step', series: [{ name: 'loss', y: result.losses }] });
        pass('Loss ' + fmt(result.losses[0], 3) + ' → ' + fmt(last, 3) + ', accuracy ' + fmt(result.accuracy, 3) + '. The usual order: check the data and labels, normalise the inputs, then tune the learning rate — and make sure the model can overfit a tiny batch before anything else.',
          '损失 ' + fmt(result.losses[0], 3) + ' → ' + fmt(last, 3) + '，准确率 ' + fmt(result.accuracy, 3) + '。通常的顺序：先检查数据和标签，再归一化输入，然后调学习率——在这一切之前，先确认模型能在一个很小的批次上过拟合。');
      }
    `,
  },
];
