/**
 * Practice exercises for questions/fundamentals.json.
 */
import { ts, ts as md, type PracticeExercise } from '../types';
import { POLYNOMIAL_HELPERS } from './shared';

export const FUNDAMENTALS: PracticeExercise[] = [
  {
    questionId: 'overfitting',
    slug: 'overfitting',
    version: 1,
    title: { en: 'Pick the model by validation error', zh: '用验证误差选模型' },
    task: {
      en: md`
        Twelve noisy training points of \`y = sin(πx)\` and 60 validation points. The setup fits polynomials of
        degree 1 … 9 by least squares (\`fitPolynomial\`). Training error always falls with the degree.

        1. Fill \`validErrors\`: for each degree, fit on the **training** points and measure the MSE on the
           **validation** points.
        2. Set \`bestDegree\` to the degree with the lowest **validation** error.

        The check draws both curves: the gap between them is overfitting.`,
      zh: md`
        12 个带噪声的训练点（\`y = sin(πx)\`）和 60 个验证点。准备代码用最小二乘拟合 1 到 9 阶多项式
        （\`fitPolynomial\`）。阶数越高，训练误差总是越低。

        1. 填写 \`validErrors\`：对每个阶数，在**训练**点上拟合，在**验证**点上计算 MSE。
        2. 把 \`bestDegree\` 设为**验证**误差最低的阶数。

        检查会画出两条曲线：它们之间的差距就是过拟合。`,
    },
    setup: POLYNOMIAL_HELPERS + '\n' + ts`
      //en: 12 training points and 60 validation points of y = sin(πx) + noise (fixed seed: same data every run).
      //zh: 12 个训练点和 60 个验证点，y = sin(πx) + 噪声（固定种子：每次运行数据相同）。
      const rand = seededRandom(7);
      function sample(n: number) {
        const x = Array.from({ length: n }, () => rand() * 2 - 1);
        const y = x.map((v) => Math.sin(Math.PI * v) + 0.3 * randn(rand));
        return { x, y };
      }
      const train = sample(12);
      const valid = sample(60);
      const degrees = [1, 2, 3, 4, 5, 6, 7, 8, 9];
      const trainErrors = degrees.map((d) => mse(evalPolynomial(fitPolynomial(train.x, train.y, d), train.x), train.y));
    `,
    starter: ts`
      //en: TODO: the MSE on the validation points of the polynomial fitted on the training points, per degree.
      //zh: TODO：对每个阶数，用训练点拟合出的多项式在验证点上的 MSE。
      const validErrors: number[] = degrees.map((d) => 0);
      //en: TODO: this picks the degree with the lowest TRAINING error. Choose by validation error instead.
      //zh: TODO：这里按训练误差选了阶数，请改为按验证误差选择。
      const bestDegree = degrees[trainErrors.indexOf(Math.min(...trainErrors))];
    `,
    solution: ts`
      const validErrors: number[] = degrees.map((d) => mse(evalPolynomial(fitPolynomial(train.x, train.y, d), valid.x), valid.y));
      const bestDegree = degrees[validErrors.indexOf(Math.min(...validErrors))];
    `,
    check: ts`
      {
        const ref = degrees.map((d) => mse(evalPolynomial(fitPolynomial(train.x, train.y, d), valid.x), valid.y));
        check(Array.isArray(validErrors) && validErrors.length === degrees.length,
          'validErrors needs one number per degree (' + degrees.length + ').',
          'validErrors 需要每个阶数一个数（共 ' + degrees.length + ' 个）。');
        check(!allClose(validErrors, trainErrors, 1e-9),
          'validErrors equals the training errors: evaluate each fitted polynomial on valid.x / valid.y.',
          'validErrors 与训练误差相同：请在 valid.x / valid.y 上评估拟合出的多项式。');
        check(allClose(validErrors, ref, 1e-6),
          'validErrors should be ' + fmt(ref, 3) + ', got ' + fmt(validErrors, 3) + '. Hint: fit on train, measure the MSE on valid.',
          'validErrors 应为 ' + fmt(ref, 3) + '，实际为 ' + fmt(validErrors, 3) + '。提示：在 train 上拟合，在 valid 上算 MSE。');
        const best = degrees[ref.indexOf(Math.min(...ref))];
        const byTrain = degrees[trainErrors.indexOf(Math.min(...trainErrors))];
        check(bestDegree !== byTrain,
          'bestDegree = ' + bestDegree + ' has the lowest TRAINING error: the most flexible model always wins on the data it was fitted to. That is overfitting — choose by validation error.',
          'bestDegree = ' + bestDegree + ' 是训练误差最低的阶数：最灵活的模型在自己拟合过的数据上总是最好，这正是过拟合。请按验证误差选择。');
        check(bestDegree === best,
          'bestDegree should be the degree with the lowest validation error (' + best + '), got ' + bestDegree + '.',
          'bestDegree 应为验证误差最低的阶数（' + best + '），实际为 ' + bestDegree + '。');
        display.chart({ kind: 'line', title: 'log10 MSE by polynomial degree', xLabel: 'degree', series: [
          { name: 'train', x: degrees, y: trainErrors.map(Math.log10) },
          { name: 'validation', x: degrees, y: ref.map(Math.log10) },
        ] });
        pass('Degree ' + best + ' generalises best (validation MSE ' + fmt(ref[best - 1], 3) + '); degree 9 fits the training points almost exactly (MSE ' + fmt(trainErrors[8], 2) + ') but has validation MSE ' + fmt(ref[8], 3) + '.',
          best + ' 阶泛化最好（验证 MSE ' + fmt(ref[best - 1], 3) + '）；9 阶几乎穿过所有训练点（MSE ' + fmt(trainErrors[8], 2) + '），验证 MSE 却是 ' + fmt(ref[8], 3) + '。');
      }
    `,
  },
  {
    questionId: 'regularization',
    slug: 'l2-regularization',
    version: 1,
    title: { en: 'Add an L2 penalty to the loss', zh: '在损失中加入 L2 惩罚' },
    task: {
      en: md`
        30 samples, 8 features, noisy labels. \`train(lambda)\` minimises your \`loss(w, lambda)\` by gradient
        descent and returns the weights.

        Complete \`loss\`: the mean squared error **plus** \`lambda · Σ w²\` (L2 regularisation, a.k.a. weight
        decay). The check verifies the penalty and that larger \`lambda\` gives smaller weights.`,
      zh: md`
        30 个样本、8 个特征、带噪声的标签。\`train(lambda)\` 用梯度下降最小化你写的 \`loss(w, lambda)\` 并返回权重。

        补全 \`loss\`：均方误差**加上** \`lambda · Σ w²\`（L2 正则，也叫权重衰减）。检查会验证惩罚项，以及
        \`lambda\` 越大权重越小。`,
    },
    setup: ts`
      const rand = seededRandom(11);
      const n = 30;
      const d = 8;
      const trueW = [2, -1, 0.5, 0, 0, 0, 0, 0];
      const rows = Array.from({ length: n }, () => Array.from({ length: d }, () => randn(rand)));
      const X = tf.tensor2d(rows);
      const y = tf.tensor2d(rows.map((r) => r.reduce((s, v, j) => s + v * trueW[j], 0) + 0.8 * randn(rand)), [n, 1]);
      //en: Minimises loss(w, lambda) by gradient descent from w = 0 and returns the weights.
      //zh: 从 w = 0 出发，用梯度下降最小化 loss(w, lambda)，返回权重。
      function train(lambda: number, steps = 60, lr = 0.3): number[] {
        const w = tf.variable(tf.zeros([d, 1]));
        const optimizer = tf.train.sgd(lr);
        for (let i = 0; i < steps; i++) optimizer.minimize(() => loss(w, lambda));
        const out = Array.from(w.dataSync());
        w.dispose();
        optimizer.dispose();
        return out;
      }
    `,
    starter: ts`
      function loss(w: tf.Tensor, lambda: number): tf.Scalar {
        return tf.tidy(() => {
          const dataLoss = tf.losses.meanSquaredError(y, X.matMul(w)) as tf.Scalar;
          //en: TODO: add the L2 penalty: lambda times the sum of the squared weights.
          //zh: TODO：加上 L2 惩罚：lambda 乘以权重平方和。
          return dataLoss;
        });
      }
    `,
    solution: ts`
      function loss(w: tf.Tensor, lambda: number): tf.Scalar {
        return tf.tidy(() => {
          const dataLoss = tf.losses.meanSquaredError(y, X.matMul(w)) as tf.Scalar;
          return dataLoss.add(tf.sum(tf.square(w)).mul(lambda)) as tf.Scalar;
        });
      }
    `,
    check: ts`
      {
        const w0 = tf.tensor2d([[1], [-2], [0.5], [0], [3], [0], [0], [1]]);
        const sumSq = 1 + 4 + 0.25 + 9 + 1;
        const mseOnly = (tf.losses.meanSquaredError(y, X.matMul(w0)) as tf.Scalar).dataSync()[0];
        const l0 = loss(w0, 0).dataSync()[0];
        const l1 = loss(w0, 0.1).dataSync()[0];
        check(near(l0, mseOnly, 1e-4),
          'With lambda = 0 the loss should be just the mean squared error ' + fmt(mseOnly) + ', got ' + fmt(l0) + '.',
          'lambda = 0 时损失应当就是均方误差 ' + fmt(mseOnly) + '，实际为 ' + fmt(l0) + '。');
        check(!near(l1, l0, 1e-6),
          'loss(w, 0.1) equals loss(w, 0): the penalty is missing. Add lambda · Σw².',
          'loss(w, 0.1) 与 loss(w, 0) 相同：缺少惩罚项。请加上 lambda · Σw²。');
        check(near(l1 - l0, 0.1 * sumSq, 1e-3),
          'At lambda = 0.1 the penalty should be 0.1 · Σw² = ' + fmt(0.1 * sumSq) + ', got ' + fmt(l1 - l0) + '. Hint: tf.sum(tf.square(w)) — a sum, not a mean, and no square root.',
          'lambda = 0.1 时惩罚应为 0.1 · Σw² = ' + fmt(0.1 * sumSq) + '，实际为 ' + fmt(l1 - l0) + '。提示：tf.sum(tf.square(w))——求和而不是平均，也不开方。');
        const lambdas = [0, 0.1, 1];
        const norms = lambdas.map((l) => Math.hypot(...train(l)));
        check(norms.every((v, i) => i === 0 || v < norms[i - 1]),
          'The weight norm should shrink as lambda grows, got ' + fmt(norms) + ' for lambda = ' + fmt(lambdas) + '.',
          '权重范数应随 lambda 增大而减小，lambda = ' + fmt(lambdas) + ' 时得到 ' + fmt(norms) + '。');
        display.chart({ kind: 'bar', title: '‖w‖ by lambda', xLabel: 'lambda', series: [{ name: '‖w‖', x: lambdas, y: norms }] });
        pass('The L2 penalty pulls the weights towards 0: ‖w‖ = ' + fmt(norms, 3) + ' for lambda = ' + fmt(lambdas) + '.',
          'L2 惩罚把权重拉向 0：lambda = ' + fmt(lambdas) + ' 时 ‖w‖ = ' + fmt(norms, 3) + '。');
      }
    `,
  },
  {
    questionId: 'l1-vs-l2-regularization',
    slug: 'l1-l2-regularization',
    version: 1,
    title: { en: 'L1 makes weights exactly zero', zh: 'L1 让权重恰好为零' },
    task: {
      en: md`
        Only 3 of the 10 features matter. \`proximalDescent(prox, lambda)\` takes a gradient step on the MSE and then
        the penalty's **proximal step** \`prox(w, t)\`. For L2 the step shrinks every weight by the same factor
        (\`shrinkL2\`, given).

        Write \`softThreshold(w, t)\`, the proximal step of the L1 penalty: \`sign(w) · max(|w| − t, 0)\` for each
        weight. The check compares how many weights end up **exactly** zero under L1 and L2.`,
      zh: md`
        10 个特征中只有 3 个有用。\`proximalDescent(prox, lambda)\` 先对 MSE 做一步梯度下降，再做惩罚项的
        **近端（proximal）步** \`prox(w, t)\`。L2 的近端步把所有权重按同一比例缩小（\`shrinkL2\`，已给出）。

        写出 \`softThreshold(w, t)\`，即 L1 惩罚的近端步：对每个权重 \`sign(w) · max(|w| − t, 0)\`。检查会比较 L1 和 L2
        下有多少权重**恰好**为零。`,
    },
    setup: ts`
      const rand = seededRandom(3);
      const n = 50;
      const d = 10;
      const trueW = [3, -2, 1.5, 0, 0, 0, 0, 0, 0, 0];
      const X = Array.from({ length: n }, () => Array.from({ length: d }, () => randn(rand)));
      const y = X.map((r) => r.reduce((s, v, j) => s + v * trueW[j], 0) + 0.3 * randn(rand));
      //en: Gradient of the mean squared error (1/n)·Σ(x·w − y)² with respect to w.
      //zh: 均方误差 (1/n)·Σ(x·w − y)² 对 w 的梯度。
      function mseGradient(w: number[]): number[] {
        const g = new Array<number>(d).fill(0);
        X.forEach((row, i) => {
          const err = row.reduce((s, v, j) => s + v * w[j], 0) - y[i];
          row.forEach((v, j) => (g[j] += (2 * err * v) / n));
        });
        return g;
      }
      //en: Proximal gradient descent: a gradient step on the MSE, then the penalty's proximal step.
      //zh: 近端梯度下降：先对 MSE 走一步梯度，再做惩罚项的近端步。
      function proximalDescent(prox: (w: number[], t: number) => number[], lambda: number, steps = 300, lr = 0.05): number[] {
        let w = new Array<number>(d).fill(0);
        for (let i = 0; i < steps; i++) {
          const g = mseGradient(w);
          w = prox(w.map((v, j) => v - lr * g[j]), lr * lambda);
        }
        return w;
      }
      //en: The proximal step of the L2 penalty t·‖w‖²: every weight shrinks by the same factor, never to exactly 0.
      //zh: L2 惩罚 t·‖w‖² 的近端步：所有权重按同一比例缩小，永远不会恰好为 0。
      function shrinkL2(w: number[], t: number): number[] {
        return w.map((v) => v / (1 + 2 * t));
      }
    `,
    starter: ts`
      function softThreshold(w: number[], t: number): number[] {
        //en: TODO: sign(v) · max(|v| − t, 0) for every weight v.
        //zh: TODO：对每个权重 v 计算 sign(v) · max(|v| − t, 0)。
        return w.map((v) => v);
      }
    `,
    solution: ts`
      function softThreshold(w: number[], t: number): number[] {
        return w.map((v) => Math.sign(v) * Math.max(Math.abs(v) - t, 0));
      }
    `,
    check: ts`
      {
        const got = softThreshold([3, -0.5, 0.2, -4, 1], 1);
        check(allClose(got, [2, 0, 0, -3, 0], 1e-9),
          'softThreshold([3, -0.5, 0.2, -4, 1], 1) should be [2, 0, 0, -3, 0], got ' + fmt(got) + '. Hint: weights within t of 0 become exactly 0, the others move t towards 0.',
          'softThreshold([3, -0.5, 0.2, -4, 1], 1) 应为 [2, 0, 0, -3, 0]，实际为 ' + fmt(got) + '。提示：绝对值不超过 t 的权重变为 0，其余向 0 靠近 t。');
        const wL1 = proximalDescent(softThreshold, 0.5);
        const wL2 = proximalDescent(shrinkL2, 0.5);
        const zerosL1 = wL1.slice(3).filter((v) => v === 0).length;
        const zerosL2 = wL2.filter((v) => v === 0).length;
        check(zerosL1 >= 6,
          'With L1 at least 6 of the 7 useless weights should be exactly 0, got ' + zerosL1 + ': ' + fmt(wL1, 3) + '.',
          'L1 下 7 个无用权重中至少 6 个应恰好为 0，实际只有 ' + zerosL1 + ' 个：' + fmt(wL1, 3) + '。');
        check(wL1.slice(0, 3).every((v) => Math.abs(v) > 0.5),
          'The 3 useful weights should survive L1, got ' + fmt(wL1.slice(0, 3), 3) + '.',
          '3 个有用的权重在 L1 下应保留，实际为 ' + fmt(wL1.slice(0, 3), 3) + '。');
        console.log('L1 weights: ' + fmt(wL1, 2));
        console.log('L2 weights: ' + fmt(wL2, 2));
        pass('L1 set ' + zerosL1 + ' of the 7 useless weights exactly to 0; L2 only shrank them (' + zerosL2 + ' exact zeros). That is why L1 selects features.',
          'L1 把 7 个无用权重中的 ' + zerosL1 + ' 个变成了恰好 0；L2 只是把它们缩小（恰好为 0 的有 ' + zerosL2 + ' 个）。这就是 L1 能做特征选择的原因。');
      }
    `,
  },
  {
    questionId: 'data-augmentation',
    slug: 'data-augmentation',
    version: 1,
    title: { en: 'Flip images — and mind the label', zh: '翻转图像——注意标签' },
    task: {
      en: md`
        A tiny dataset of 5×5 arrows, shape \`[batch, height, width, channels]\`; label 0 = points left,
        1 = points right.

        1. \`flipHorizontal(batch)\`: mirror every image left–right (reverse the **width** axis).
        2. \`augment(batch, labels)\`: return the originals followed by their mirror images, with labels that are
           still **correct** for the mirrored images. (Does mirroring keep this label?)`,
      zh: md`
        一个由 5×5 箭头组成的小数据集，形状 \`[batch, height, width, channels]\`；标签 0 = 向左，1 = 向右。

        1. \`flipHorizontal(batch)\`：把每张图左右镜像（翻转 **width** 轴）。
        2. \`augment(batch, labels)\`：返回原图加上它们的镜像，并且镜像图的标签必须仍然**正确**。（镜像会保持这个标签吗？）`,
    },
    setup: ts`
      const LEFT = [
        [0, 0, 1, 0, 0],
        [0, 1, 0, 0, 0],
        [1, 1, 1, 1, 1],
        [0, 1, 0, 0, 0],
        [0, 0, 1, 0, 0],
      ];
      const RIGHT = LEFT.map((row) => [...row].reverse());
      const scaled = (img: number[][], s: number) => img.map((row) => row.map((v) => v * s));
      //en: 4 images [4, 5, 5, 1]; label 0 = arrow points left, 1 = points right.
      //zh: 4 张图 [4, 5, 5, 1]；标签 0 = 箭头向左，1 = 向右。
      const images = tf.tensor4d([LEFT, RIGHT, scaled(LEFT, 0.5), scaled(RIGHT, 0.8)].map((img) => img.map((row) => row.map((v) => [v]))));
      const labels = tf.tensor1d([0, 1, 0, 1]);
    `,
    starter: ts`
      function flipHorizontal(batch: tf.Tensor4D): tf.Tensor4D {
        //en: TODO: mirror each image left–right: reverse axis 2 (width) of [batch, height, width, channels].
        //zh: TODO：左右镜像每张图：翻转 [batch, height, width, channels] 的第 2 轴（width）。
        return batch;
      }
      function augment(batch: tf.Tensor4D, labels: tf.Tensor1D): { images: tf.Tensor4D; labels: tf.Tensor1D } {
        //en: TODO: the originals followed by their mirror images, and the correct labels for the mirror images.
        //zh: TODO：原图后面接上镜像图，并给镜像图正确的标签。
        return { images: batch, labels };
      }
    `,
    solution: ts`
      function flipHorizontal(batch: tf.Tensor4D): tf.Tensor4D {
        return tf.reverse(batch, 2);
      }
      function augment(batch: tf.Tensor4D, labels: tf.Tensor1D): { images: tf.Tensor4D; labels: tf.Tensor1D } {
        return {
          images: tf.concat([batch, flipHorizontal(batch)], 0),
          //en: a mirrored left arrow points right: for this task the flip changes the label
          //zh: 镜像后的左箭头指向右：在这个任务里翻转会改变标签
          labels: tf.concat([labels, tf.sub(1, labels)], 0) as tf.Tensor1D,
        };
      }
    `,
    check: ts`
      {
        const flipped = flipHorizontal(images);
        check(allClose(flipped.shape, images.shape, 0), 'flipHorizontal must keep the shape ' + fmt(images.shape) + ', got ' + fmt(flipped.shape) + '.', 'flipHorizontal 必须保持形状 ' + fmt(images.shape) + '，实际为 ' + fmt(flipped.shape) + '。');
        const first = flipped.slice([0, 0, 0, 0], [1, 5, 5, 1]);
        check(allClose(first, RIGHT, 1e-6),
          'The mirror image of the left arrow should be the right arrow. Hint: tf.reverse(batch, 2) reverses the width axis; axis 1 would flip upside down.',
          '左箭头的镜像应当是右箭头。提示：tf.reverse(batch, 2) 翻转宽度轴；翻转第 1 轴是上下颠倒。');
        check(allClose(flipHorizontal(flipped), images, 1e-6), 'Flipping twice should give the original images back.', '翻转两次应当得到原图。');
        const out = augment(images, labels);
        check(out.images.shape[0] === 8 && out.labels.shape[0] === 8,
          'augment should return 8 images and 8 labels (4 originals + 4 mirror images), got ' + out.images.shape[0] + ' and ' + out.labels.shape[0] + '.',
          'augment 应返回 8 张图和 8 个标签（4 张原图 + 4 张镜像），实际为 ' + out.images.shape[0] + ' 和 ' + out.labels.shape[0] + '。');
        check(allClose(out.images.slice([0, 0, 0, 0], [4, 5, 5, 1]), images, 1e-6) && allClose(out.images.slice([4, 0, 0, 0], [4, 5, 5, 1]), flipped, 1e-6),
          'augment should put the 4 originals first, then their 4 mirror images in the same order.',
          'augment 应先放 4 张原图，再按相同顺序放 4 张镜像图。');
        check(allClose(out.labels.slice(0, 4), labels, 0), 'The originals keep their labels.', '原图保持原来的标签。');
        check(!allClose(out.labels.slice(4, 4), labels, 0),
          'The mirror images got the same labels as the originals, but a mirrored left arrow points RIGHT. An augmentation must keep the label correct — here the flip changes it (1 − y).',
          '镜像图用了与原图相同的标签，但左箭头镜像后指向右。数据增强必须保证标签仍然正确——这里翻转会改变标签（1 − y）。');
        check(allClose(out.labels.slice(4, 4), [1, 0, 1, 0], 0), 'The mirror images should be labelled [1, 0, 1, 0], got ' + fmt(out.labels.slice(4, 4)) + '.', '镜像图的标签应为 [1, 0, 1, 0]，实际为 ' + fmt(out.labels.slice(4, 4)) + '。');
        pass('8 training images from 4, with correct labels. For cats vs dogs a flip keeps the label; for left vs right (or digits like 6/9 under rotation) it does not.',
          '4 张图扩充为 8 张，标签正确。对猫狗分类，翻转不改变标签；对左右方向（或旋转下的 6/9）则会改变。');
      }
    `,
  },
  {
    questionId: 'backpropagation',
    slug: 'backprop',
    version: 1,
    title: { en: 'Backpropagation by hand', zh: '手算反向传播' },
    task: {
      en: md`
        One example through a tiny network: \`z1 = x·W1 + b1\`, \`h = sigmoid(z1)\`, \`ŷ = h·W2 + b2\`,
        \`L = ½(ŷ − y)²\`.

        \`manualGradients()\` already computes \`dW2\` and \`db2\`. Apply the chain rule one layer further: \`dL/dh\`,
        then \`dL/dz1\` (use \`sigmoid'(z) = h·(1 − h)\`), then \`dW1\` and \`db1\`. The check compares all four with
        \`tf.grads\`.`,
      zh: md`
        一个样本通过一个小网络：\`z1 = x·W1 + b1\`，\`h = sigmoid(z1)\`，\`ŷ = h·W2 + b2\`，\`L = ½(ŷ − y)²\`。

        \`manualGradients()\` 已经算出了 \`dW2\` 和 \`db2\`。请用链式法则再往前推一层：\`dL/dh\`，然后 \`dL/dz1\`
        （利用 \`sigmoid'(z) = h·(1 − h)\`），最后 \`dW1\` 和 \`db1\`。检查会与 \`tf.grads\` 的结果比较。`,
    },
    setup: ts`
      const x = tf.tensor2d([[0.5, -1.2, 0.8]]);
      const y = tf.tensor2d([[1]]);
      const W1 = tf.tensor2d([[0.2, -0.4], [0.7, 0.1], [-0.5, 0.3]]);
      const b1 = tf.tensor1d([0.1, -0.2]);
      const W2 = tf.tensor2d([[0.6], [-0.9]]);
      const b2 = tf.tensor1d([0.05]);
      function forward(W1: tf.Tensor, b1: tf.Tensor, W2: tf.Tensor, b2: tf.Tensor) {
        const z1 = x.matMul(W1).add(b1);
        const h = tf.sigmoid(z1);
        const yHat = h.matMul(W2).add(b2);
        const loss = yHat.sub(y).square().mul(0.5).sum() as tf.Scalar;
        return { z1, h, yHat, loss };
      }
    `,
    starter: ts`
      function manualGradients(): { dW1: tf.Tensor; db1: tf.Tensor; dW2: tf.Tensor; db2: tf.Tensor } {
        const { h, yHat } = forward(W1, b1, W2, b2);
        const dYHat = yHat.sub(y); // dL/dŷ, [1, 1]
        const dW2 = h.transpose().matMul(dYHat); // [2, 1]
        const db2 = dYHat.sum(0); // [1]
        //en: TODO: dL/dh = dYHat·W2ᵀ, dL/dz1 = dL/dh ⊙ h(1 − h), dW1 = xᵀ·dL/dz1, db1 = dL/dz1 summed over the batch.
        //zh: TODO：dL/dh = dYHat·W2ᵀ，dL/dz1 = dL/dh ⊙ h(1 − h)，dW1 = xᵀ·dL/dz1，db1 = dL/dz1 在 batch 维求和。
        const dW1 = tf.zerosLike(W1);
        const db1 = tf.zerosLike(b1);
        return { dW1, db1, dW2, db2 };
      }
    `,
    solution: ts`
      function manualGradients(): { dW1: tf.Tensor; db1: tf.Tensor; dW2: tf.Tensor; db2: tf.Tensor } {
        const { h, yHat } = forward(W1, b1, W2, b2);
        const dYHat = yHat.sub(y); // dL/dŷ, [1, 1]
        const dW2 = h.transpose().matMul(dYHat); // [2, 1]
        const db2 = dYHat.sum(0); // [1]
        const dH = dYHat.matMul(W2.transpose()); // [1, 2]
        const dZ1 = dH.mul(h.mul(tf.sub(1, h))); // [1, 2]
        const dW1 = x.transpose().matMul(dZ1); // [3, 2]
        const db1 = dZ1.sum(0); // [2]
        return { dW1, db1, dW2, db2 };
      }
    `,
    check: ts`
      {
        const mine = manualGradients();
        const [gW1, gb1, gW2, gb2] = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor, e: tf.Tensor) => forward(a, b, c, e).loss)([W1, b1, W2, b2]);
        const compare = (name: string, got: tf.Tensor, want: tf.Tensor, hintEn: string, hintZh: string) => {
          check(allClose(got.shape, want.shape, 0), name + ' should have shape ' + fmt(want.shape) + ', got ' + fmt(got.shape) + '.', name + ' 的形状应为 ' + fmt(want.shape) + '，实际为 ' + fmt(got.shape) + '。');
          check(allClose(got, want, 1e-4), name + ' should be ' + fmt(want) + ', got ' + fmt(got) + '. ' + hintEn, name + ' 应为 ' + fmt(want) + '，实际为 ' + fmt(got) + '。' + hintZh);
        };
        compare('dW2', mine.dW2, gW2, '', '');
        compare('db2', mine.db2, gb2, '', '');
        compare('dW1', mine.dW1, gW1,
          'Hint: dL/dz1 = (dYHat·W2ᵀ) ⊙ h ⊙ (1 − h), and dW1 = xᵀ·dL/dz1.',
          '提示：dL/dz1 = (dYHat·W2ᵀ) ⊙ h ⊙ (1 − h)，dW1 = xᵀ·dL/dz1。');
        compare('db1', mine.db1, gb1, 'Hint: db1 is dL/dz1 summed over the batch axis.', '提示：db1 是 dL/dz1 在 batch 轴上的和。');
        pass('Your chain rule matches tf.grads for all four parameters. Backpropagation is exactly this, layer by layer, reusing dL/d(next layer).',
          '你的链式法则与 tf.grads 的四个梯度全部一致。反向传播就是这样逐层进行，并复用后一层的 dL/d(·)。');
      }
    `,
  },
  {
    questionId: 'transfer-learning',
    slug: 'transfer-learning',
    version: 1,
    title: { en: 'Freeze the pre-trained layers', zh: '冻结预训练层' },
    task: {
      en: md`
        \`base\` is a "pre-trained" feature extractor (two dense layers). Your cell stacks a new sigmoid head on it
        for a new binary task and compiles the model; the check trains it for 20 epochs.

        Freeze the pre-trained layers (\`layer.trainable = false\`, **before** \`compile\`) so that training only
        changes the new head. The check verifies the trainable parameter count and that the base's weights did
        not move.`,
      zh: md`
        \`base\` 是一个"预训练"的特征提取器（两层全连接）。你的代码在它上面接一个新的 sigmoid 输出头，用于新的二分类任务，
        并编译模型；检查会训练 20 个 epoch。

        冻结预训练层（\`layer.trainable = false\`，要在 \`compile\` **之前**），使训练只改变新的输出头。检查会验证可训练参数
        数量，以及 base 的权重没有变化。`,
    },
    setup: ts`
      //en: A "pre-trained" feature extractor: fixed weights stand in for pre-training.
      //zh: 一个"预训练"特征提取器：用固定的权重代表预训练结果。
      const base = tf.sequential({
        layers: [
          tf.layers.dense({ units: 16, activation: 'relu', inputShape: [4], kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
          tf.layers.dense({ units: 8, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
        ],
      });
      const pretrained = base.getWeights().map((w) => w.clone());
      const rand = seededRandom(5);
      const rows = Array.from({ length: 64 }, () => [randn(rand), randn(rand), randn(rand), randn(rand)]);
      const xs = tf.tensor2d(rows);
      const ys = tf.tensor2d(rows.map((r) => [r[0] + r[1] > 0 ? 1 : 0]));
    `,
    starter: ts`
      //en: TODO: freeze the pre-trained layers so that fit() only trains the new head.
      //zh: TODO：冻结预训练层，使 fit() 只训练新的输出头。
      for (const layer of base.layers) layer.trainable = true;
      const head = tf.layers.dense({ units: 1, activation: 'sigmoid' });
      const model = tf.sequential({ layers: [...base.layers, head] });
      model.compile({ optimizer: tf.train.adam(0.05), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    `,
    solution: ts`
      for (const layer of base.layers) layer.trainable = false;
      const head = tf.layers.dense({ units: 1, activation: 'sigmoid' });
      const model = tf.sequential({ layers: [...base.layers, head] });
      model.compile({ optimizer: tf.train.adam(0.05), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    `,
    check: ts`
      {
        const count = model.trainableWeights.reduce((s, w) => s + w.shape.reduce((a: number, b) => a * (b ?? 1), 1), 0);
        check(count === 9,
          'The model has ' + count + ' trainable parameters; only the new head (8 weights + 1 bias = 9) should train. Set trainable = false on every layer of base, before compile().',
          '模型有 ' + count + ' 个可训练参数；只有新的输出头（8 个权重 + 1 个偏置 = 9）应该训练。请在 compile() 之前把 base 的每一层设为 trainable = false。');
        const headBefore = head.getWeights().map((w) => w.clone());
        await model.fit(xs, ys, { epochs: 20, batchSize: 16, verbose: 0 });
        const moved = base.getWeights().filter((w, i) => !allClose(w, pretrained[i], 0)).length;
        check(moved === 0,
          moved + ' pre-trained weight tensors changed during training. Freeze the layers before compile() — the optimiser takes its variable list at compile time.',
          '训练中有 ' + moved + ' 个预训练权重张量发生了变化。请在 compile() 之前冻结——优化器在编译时确定要更新的变量。');
        check(head.getWeights().some((w, i) => !allClose(w, headBefore[i], 0)), 'The new head did not change during training.', '新的输出头在训练中没有变化。');
        pass('Only the head trained (9 parameters); the pre-trained features stayed intact. Unfreeze top layers with a small learning rate later to fine-tune.',
          '只有输出头在训练（9 个参数），预训练特征保持不变。之后可以用较小的学习率解冻顶层进行微调。');
      }
    `,
  },
  {
    questionId: 'bias-variance-tradeoff',
    slug: 'bias-variance',
    version: 1,
    title: { en: 'Measure bias² and variance', zh: '测量偏差² 与方差' },
    task: {
      en: md`
        \`experiment(degree)\` fits a polynomial of that degree to **40 different** noisy training sets of
        \`sin(2πx)\` and returns \`preds[m][i]\`: model *m*'s prediction at test point *i*.

        Write \`biasVariance(preds, truth)\`:
        - **bias²** = mean over test points of (average prediction − truth)²
        - **variance** = mean over test points of the variance of the predictions across models (divide by the
          number of models).

        The check compares polynomials of degree 1, 3 and 9.`,
      zh: md`
        \`experiment(degree)\` 在 **40 份不同的**带噪声训练集（\`sin(2πx)\`）上分别拟合该阶多项式，返回
        \`preds[m][i]\`：第 *m* 个模型在第 *i* 个测试点的预测。

        写出 \`biasVariance(preds, truth)\`：
        - **偏差²** = 各测试点上（平均预测 − 真值）² 的平均
        - **方差** = 各测试点上、不同模型预测值方差的平均（除以模型数）。

        检查会比较 1 阶、3 阶和 9 阶多项式。`,
    },
    setup: POLYNOMIAL_HELPERS + '\n' + ts`
      const trueF = (x: number) => Math.sin(2 * Math.PI * x);
      const testX = Array.from({ length: 25 }, (_, i) => 0.05 + (0.9 * i) / 24);
      const truth = testX.map(trueF);
      //en: Predictions at testX of degree-d polynomials fitted to 40 noisy training sets of 30 points each.
      //zh: 在 40 份各 30 个点的带噪声训练集上拟合 d 阶多项式，返回它们在 testX 上的预测。
      function experiment(degree: number): number[][] {
        const rand = seededRandom(21);
        return Array.from({ length: 40 }, () => {
          const x = Array.from({ length: 30 }, () => rand());
          const y = x.map((v) => trueF(v) + 0.3 * randn(rand));
          return evalPolynomial(fitPolynomial(x, y, degree), testX);
        });
      }
    `,
    starter: ts`
      function biasVariance(preds: number[][], truth: number[]): { bias2: number; variance: number } {
        //en: TODO: preds[m][i] is model m's prediction at test point i.
        //en:   bias² = mean over i of (mean over m of preds[m][i] − truth[i])²
        //en:   variance = mean over i of the variance over m of preds[m][i] (divide by the number of models)
        //zh: TODO：preds[m][i] 是模型 m 在测试点 i 的预测。
        //zh:   偏差² = 对 i 取平均：(对 m 取平均的 preds[m][i] − truth[i])²
        //zh:   方差 = 对 i 取平均：preds[m][i] 在 m 上的方差（除以模型数）
        return { bias2: 0, variance: 0 };
      }
    `,
    solution: ts`
      function biasVariance(preds: number[][], truth: number[]): { bias2: number; variance: number } {
        const M = preds.length;
        let bias2 = 0;
        let variance = 0;
        truth.forEach((t, i) => {
          const mean = preds.reduce((s, p) => s + p[i], 0) / M;
          bias2 += (mean - t) ** 2;
          variance += preds.reduce((s, p) => s + (p[i] - mean) ** 2, 0) / M;
        });
        return { bias2: bias2 / truth.length, variance: variance / truth.length };
      }
    `,
    check: ts`
      {
        const small = biasVariance([[1, 2], [3, 4]], [1, 1]);
        check(near(small.bias2, 2.5, 1e-9),
          'For preds [[1, 2], [3, 4]] and truth [1, 1]: the mean predictions are [2, 3], so bias² = ((2−1)² + (3−1)²)/2 = 2.5; got ' + fmt(small.bias2) + '.',
          'preds [[1, 2], [3, 4]]、truth [1, 1] 时：平均预测为 [2, 3]，偏差² = ((2−1)² + (3−1)²)/2 = 2.5；实际为 ' + fmt(small.bias2) + '。');
        check(!near(small.variance, 2, 1e-9), 'variance came out as 2 for that example: divide by the number of models M, not M − 1.', '这个例子的方差算成了 2：应除以模型数 M，而不是 M − 1。');
        check(near(small.variance, 1, 1e-9),
          'For the same example each test point has predictions {1, 3} or {2, 4}, variance 1 each, so variance = 1; got ' + fmt(small.variance) + '.',
          '同一例子中每个测试点的预测为 {1, 3} 或 {2, 4}，方差都是 1，所以方差 = 1；实际为 ' + fmt(small.variance) + '。');
        const line = biasVariance(experiment(1), truth);
        const cubic = biasVariance(experiment(3), truth);
        const wiggly = biasVariance(experiment(9), truth);
        for (const [d, r] of [[1, line], [3, cubic], [9, wiggly]] as const) console.log('degree ' + d + ': bias² ' + fmt(r.bias2, 3) + ', variance ' + fmt(r.variance, 3) + ', sum ' + fmt(r.bias2 + r.variance, 3));
        check(line.bias2 > wiggly.bias2 && wiggly.variance > line.variance,
          'Expected the line to have the higher bias² and degree 9 the higher variance.',
          '预期直线的偏差² 更高，9 阶多项式的方差更高。');
        pass('A straight line underfits (bias² ' + fmt(line.bias2, 3) + ' ≫ variance); degree 9 follows the noise of each training set (variance ' + fmt(wiggly.variance, 3) + '); degree 3 balances both (sum ' + fmt(cubic.bias2 + cubic.variance, 3) + '). Expected test error = bias² + variance + noise.',
          '直线欠拟合（偏差² ' + fmt(line.bias2, 3) + ' 远大于方差）；9 阶多项式追随每份训练集的噪声（方差 ' + fmt(wiggly.variance, 3) + '）；3 阶在两者之间取得平衡（和为 ' + fmt(cubic.bias2 + cubic.variance, 3) + '）。期望测试误差 = 偏差² + 方差 + 噪声。');
      }
    `,
  },
  {
    questionId: 'activation-functions',
    slug: 'activations',
    version: 1,
    title: { en: 'Activation derivatives and saturation', zh: '激活函数的导数与饱和' },
    task: {
      en: md`
        Write the derivatives of three activations as tensor functions (element-wise):

        - \`sigmoidGrad(x)\` = σ(x)·(1 − σ(x))
        - \`tanhGrad(x)\` = 1 − tanh²(x)
        - \`reluGrad(x)\` = 1 where x > 0, else 0

        and set \`maxSigmoidGrad\` to the largest value σ′ ever takes. The check compares with \`tf.grad\` and shows
        why deep sigmoid networks suffer from vanishing gradients.`,
      zh: md`
        以张量函数（逐元素）的形式写出三个激活函数的导数：

        - \`sigmoidGrad(x)\` = σ(x)·(1 − σ(x))
        - \`tanhGrad(x)\` = 1 − tanh²(x)
        - \`reluGrad(x)\`：x > 0 时为 1，否则为 0

        并把 \`maxSigmoidGrad\` 设为 σ′ 的最大值。检查会与 \`tf.grad\` 比较，并说明为什么深层 sigmoid 网络会梯度消失。`,
    },
    setup: ts`
      //en: Points where the check compares your derivatives with tf.grad.
      //zh: 检查时在这些点上把你的导数与 tf.grad 比较。
      const xs = tf.linspace(-5.75, 6.25, 25);
    `,
    starter: ts`
      //en: TODO: replace each body with the derivative (all three are element-wise).
      //zh: TODO：把每个函数体换成对应的导数（都是逐元素的）。
      function sigmoidGrad(x: tf.Tensor): tf.Tensor {
        return tf.onesLike(x);
      }
      function tanhGrad(x: tf.Tensor): tf.Tensor {
        return tf.onesLike(x);
      }
      function reluGrad(x: tf.Tensor): tf.Tensor {
        return tf.onesLike(x);
      }
      //en: TODO: the largest value of σ'(x) over all x.
      //zh: TODO：σ'(x) 在所有 x 上的最大值。
      const maxSigmoidGrad = 1;
    `,
    solution: ts`
      function sigmoidGrad(x: tf.Tensor): tf.Tensor {
        const s = tf.sigmoid(x);
        return s.mul(tf.sub(1, s));
      }
      function tanhGrad(x: tf.Tensor): tf.Tensor {
        return tf.sub(1, tf.square(tf.tanh(x)));
      }
      function reluGrad(x: tf.Tensor): tf.Tensor {
        return tf.cast(tf.greater(x, 0), 'float32');
      }
      const maxSigmoidGrad = 0.25;
    `,
    check: ts`
      {
        const cases: [string, (x: tf.Tensor) => tf.Tensor, (x: tf.Tensor) => tf.Tensor][] = [
          ['sigmoidGrad', sigmoidGrad, (x) => tf.sigmoid(x)],
          ['tanhGrad', tanhGrad, (x) => tf.tanh(x)],
          ['reluGrad', reluGrad, (x) => tf.relu(x)],
        ];
        for (const [name, mine, f] of cases) {
          const want = tf.grad(f)(xs);
          const got = mine(xs);
          check(allClose(got, want, 1e-4),
            name + ' differs from tf.grad: at x = ' + fmt(xs) + ' expected ' + fmt(want, 3) + ', got ' + fmt(got, 3) + '.',
            name + ' 与 tf.grad 不一致：x = ' + fmt(xs) + ' 时应为 ' + fmt(want, 3) + '，实际为 ' + fmt(got, 3) + '。');
        }
        check(near(maxSigmoidGrad, 0.25, 1e-9), 'maxSigmoidGrad: σ′(0) = σ(0)·(1 − σ(0)) = 0.5·0.5 — that is the maximum.', 'maxSigmoidGrad：σ′(0) = σ(0)·(1 − σ(0)) = 0.5·0.5，这就是最大值。');
        const at10 = sigmoidGrad(tf.scalar(10)).dataSync()[0];
        pass('σ′(10) = ' + fmt(at10, 2) + ' (saturated), and through 10 sigmoid layers the gradient shrinks by at least 0.25¹⁰ ≈ ' + fmt(0.25 ** 10, 2) + '. ReLU passes gradient 1 for positive inputs — one reason it replaced sigmoid in hidden layers.',
          'σ′(10) = ' + fmt(at10, 2) + '（已饱和），经过 10 层 sigmoid，梯度至少缩小到 0.25¹⁰ ≈ ' + fmt(0.25 ** 10, 2) + '。ReLU 对正输入的梯度恒为 1——这是它取代 sigmoid 成为隐藏层激活的原因之一。');
      }
    `,
  },
  {
    questionId: 'loss-functions',
    slug: 'loss-functions',
    version: 1,
    title: { en: 'Cross-entropy vs MSE for classification', zh: '分类任务：交叉熵 vs MSE' },
    task: {
      en: md`
        Write \`binaryCrossEntropy(yTrue, p)\` = −mean(y·log p + (1 − y)·log(1 − p)), with \`p\` clipped to
        \`[1e-7, 1 − 1e-7]\` so that \`log\` never sees 0.

        The check then compares the gradient with respect to the logit *z* (\`p = sigmoid(z)\`) of your
        cross-entropy and of the mean squared error, for a confidently **wrong** prediction.`,
      zh: md`
        写出 \`binaryCrossEntropy(yTrue, p)\` = −mean(y·log p + (1 − y)·log(1 − p))，并把 \`p\` 截断到
        \`[1e-7, 1 − 1e-7]\`，避免对 0 取对数。

        检查随后会比较：对一个自信但**错误**的预测，你的交叉熵和均方误差对 logit *z*（\`p = sigmoid(z)\`）的梯度。`,
    },
    setup: ts`
      const yTrue = tf.tensor1d([1, 0, 1, 0]);
      const p = tf.tensor1d([0.9, 0.2, 0.6, 0.4]);
    `,
    starter: ts`
      function binaryCrossEntropy(yTrue: tf.Tensor, p: tf.Tensor): tf.Scalar {
        //en: TODO: −mean(y·log p + (1 − y)·log(1 − p)), with p clipped to [1e-7, 1 − 1e-7].
        //zh: TODO：−mean(y·log p + (1 − y)·log(1 − p))，p 截断到 [1e-7, 1 − 1e-7]。
        return tf.losses.meanSquaredError(yTrue, p) as tf.Scalar;
      }
    `,
    solution: ts`
      function binaryCrossEntropy(yTrue: tf.Tensor, p: tf.Tensor): tf.Scalar {
        const q = tf.clipByValue(p, 1e-7, 1 - 1e-7);
        return tf.neg(tf.mean(yTrue.mul(tf.log(q)).add(tf.sub(1, yTrue).mul(tf.log(tf.sub(1, q)))))) as tf.Scalar;
      }
    `,
    check: ts`
      {
        const want = -(Math.log(0.9) + Math.log(0.8) + Math.log(0.6) + Math.log(0.6)) / 4;
        const got = binaryCrossEntropy(yTrue, p).dataSync()[0];
        check(near(got, want, 1e-4),
          'For y = [1, 0, 1, 0] and p = [0.9, 0.2, 0.6, 0.4] the cross-entropy is ' + fmt(want) + ', got ' + fmt(got) + '.',
          'y = [1, 0, 1, 0]、p = [0.9, 0.2, 0.6, 0.4] 时交叉熵为 ' + fmt(want) + '，实际为 ' + fmt(got) + '。');
        const edge = binaryCrossEntropy(tf.tensor1d([1, 0]), tf.tensor1d([0, 1])).dataSync()[0];
        check(Number.isFinite(edge) && edge > 10,
          'For p = 0 with y = 1 the loss should be large but finite (≈ 16.1), got ' + fmt(edge) + '. Hint: tf.clipByValue(p, 1e-7, 1 - 1e-7) before the log.',
          'y = 1 而 p = 0 时损失应很大但有限（≈ 16.1），实际为 ' + fmt(edge) + '。提示：取对数前先 tf.clipByValue(p, 1e-7, 1 - 1e-7)。');
        const one = tf.tensor1d([1]);
        const z = tf.tensor1d([-6]);
        const gCe = tf.grad((z: tf.Tensor) => binaryCrossEntropy(one, tf.sigmoid(z)))(z).dataSync()[0];
        const gMse = tf.grad((z: tf.Tensor) => tf.losses.meanSquaredError(one, tf.sigmoid(z)) as tf.Scalar)(z).dataSync()[0];
        check(near(gCe, 1 / (1 + Math.exp(6)) - 1, 1e-3), 'd(cross-entropy)/dz should be σ(z) − y ≈ ' + fmt(1 / (1 + Math.exp(6)) - 1) + ', got ' + fmt(gCe) + '.', 'd(交叉熵)/dz 应为 σ(z) − y ≈ ' + fmt(1 / (1 + Math.exp(6)) - 1) + '，实际为 ' + fmt(gCe) + '。');
        pass('At z = −6 with y = 1 (confidently wrong) the cross-entropy gradient is ' + fmt(gCe, 3) + ' but the MSE gradient only ' + fmt(gMse, 3) + ' (' + Math.round(gCe / gMse) + '× smaller): sigmoid + MSE saturates exactly when the model is most wrong.',
          'z = −6、y = 1（自信地错了）时，交叉熵的梯度为 ' + fmt(gCe, 3) + '，而 MSE 的梯度只有 ' + fmt(gMse, 3) + '（小 ' + Math.round(gCe / gMse) + ' 倍）：sigmoid + MSE 恰恰在模型错得最厉害时饱和。');
      }
    `,
  },
  {
    questionId: 'softmax-cross-entropy',
    slug: 'softmax',
    version: 1,
    title: { en: 'Numerically stable softmax and cross-entropy', zh: '数值稳定的 softmax 与交叉熵' },
    task: {
      en: md`
        The naive \`softmax\` below overflows: \`exp(1000)\` is \`Infinity\` in float32, and \`Infinity/Infinity\` is
        \`NaN\`. And \`−log(softmax)\` gives \`Infinity\` when a probability underflows to 0.

        1. Make \`softmax\` stable: subtract each row's maximum before \`exp\` (the result is mathematically the same).
        2. Compute \`crossEntropy\` with the log-sum-exp trick: \`CE = logsumexp(row) − row[label]\`, where
           \`logsumexp(row) = max + log Σ exp(row − max)\`.`,
      zh: md`
        下面朴素的 \`softmax\` 会溢出：float32 中 \`exp(1000)\` 是 \`Infinity\`，\`Infinity/Infinity\` 是 \`NaN\`。
        而当某个概率下溢为 0 时，\`−log(softmax)\` 会得到 \`Infinity\`。

        1. 让 \`softmax\` 稳定：取 \`exp\` 前先减去每行的最大值（数学上结果不变）。
        2. 用 log-sum-exp 技巧计算 \`crossEntropy\`：\`CE = logsumexp(row) − row[label]\`，其中
           \`logsumexp(row) = max + log Σ exp(row − max)\`。`,
    },
    setup: ts`
      const small = tf.tensor2d([[1, 2, 3], [0.5, 0.5, -1]]);
      const large = tf.tensor2d([[1000, 1001, 1002], [-1000, 0, 1000]]);
    `,
    starter: ts`
      function softmax(logits: tf.Tensor2D): tf.Tensor2D {
        //en: TODO: subtract each row's max (logits.max(1, true)) before exp so that exp never overflows.
        //zh: TODO：取 exp 前减去每行最大值（logits.max(1, true)），让 exp 不会溢出。
        const e = tf.exp(logits);
        return e.div(e.sum(1, true));
      }
      function crossEntropy(logits: tf.Tensor2D, labels: number[]): tf.Tensor1D {
        //en: TODO: logsumexp(row) − row[label] instead of −log(softmax), which is Infinity when a probability underflows to 0.
        //zh: TODO：用 logsumexp(row) − row[label] 代替 −log(softmax)；后者在概率下溢为 0 时是 Infinity。
        const p = softmax(logits);
        return tf.neg(tf.log(p.mul(tf.oneHot(labels, logits.shape[1])).sum(1))) as tf.Tensor1D;
      }
    `,
    solution: ts`
      function softmax(logits: tf.Tensor2D): tf.Tensor2D {
        const e = tf.exp(logits.sub(logits.max(1, true)));
        return e.div(e.sum(1, true));
      }
      function crossEntropy(logits: tf.Tensor2D, labels: number[]): tf.Tensor1D {
        const max = logits.max(1, true);
        const logSumExp = tf.log(tf.exp(logits.sub(max)).sum(1, true)).add(max).squeeze([1]);
        const picked = logits.mul(tf.oneHot(labels, logits.shape[1])).sum(1);
        return logSumExp.sub(picked) as tf.Tensor1D;
      }
    `,
    check: ts`
      {
        check(allClose(softmax(small), tf.softmax(small), 1e-5), 'softmax of small logits should match tf.softmax: ' + fmt(tf.softmax(small)) + ', got ' + fmt(softmax(small)) + '.', '小 logits 的 softmax 应与 tf.softmax 一致：' + fmt(tf.softmax(small)) + '，实际为 ' + fmt(softmax(small)) + '。');
        const big = softmax(large);
        check(!toNumbers(big).some(Number.isNaN),
          'softmax([1000, 1001, 1002]) contains NaN: exp(1000) overflows to Infinity. Subtract the row max first.',
          'softmax([1000, 1001, 1002]) 出现了 NaN：exp(1000) 溢出为 Infinity。请先减去每行最大值。');
        check(allClose(big, [0.09003, 0.24473, 0.66524, 0, 0, 1], 1e-4), 'softmax(large) should be ' + fmt([0.09003, 0.24473, 0.66524, 0, 0, 1]) + ', got ' + fmt(big) + '.', 'softmax(large) 应为 ' + fmt([0.09003, 0.24473, 0.66524, 0, 0, 1]) + '，实际为 ' + fmt(big) + '。');
        const ceSmall = crossEntropy(small, [2, 0]);
        const wantSmall = [Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)) - 3, Math.log(2 * Math.exp(0.5) + Math.exp(-1)) - 0.5];
        check(allClose(ceSmall, wantSmall, 1e-4), 'crossEntropy(small, [2, 0]) should be ' + fmt(wantSmall) + ', got ' + fmt(ceSmall) + '.', 'crossEntropy(small, [2, 0]) 应为 ' + fmt(wantSmall) + '，实际为 ' + fmt(ceSmall) + '。');
        const ceLarge = crossEntropy(large, [0, 0]);
        check(toNumbers(ceLarge).every(Number.isFinite),
          'crossEntropy(large, [0, 0]) is ' + fmt(ceLarge) + ': the probability of label 0 underflows to 0 and −log(0) = Infinity. Use logsumexp(row) − row[label].',
          'crossEntropy(large, [0, 0]) 为 ' + fmt(ceLarge) + '：标签 0 的概率下溢为 0，−log(0) = Infinity。请用 logsumexp(row) − row[label]。');
        check(allClose(ceLarge, [2.40761, 2000], 1e-4), 'crossEntropy(large, [0, 0]) should be [2.408, 2000], got ' + fmt(ceLarge) + '.', 'crossEntropy(large, [0, 0]) 应为 [2.408, 2000]，实际为 ' + fmt(ceLarge) + '。');
        pass('Stable for any logits: the max-shift makes the largest exp equal to 1, and log-sum-exp never takes log(0). This is what tf.losses.softmaxCrossEntropy does from logits.',
          '对任何 logits 都稳定：减去最大值后最大的 exp 恰为 1，log-sum-exp 也从不对 0 取对数。tf.losses.softmaxCrossEntropy 从 logits 计算时就是这样做的。');
      }
    `,
  },
  {
    questionId: 'train-validation-test-split',
    slug: 'validation-split',
    version: 1,
    title: { en: 'Shuffle, then split three ways', zh: '先打乱，再三路划分' },
    task: {
      en: md`
        The 100 examples are **sorted by label** (60 of class 0, then 40 of class 1), as exported files often are.

        Write \`splitIndices(n, valFraction, testFraction, rand)\`: shuffle the indices \`0 … n−1\` with
        Fisher–Yates using \`rand\`, then cut off \`round(n·testFraction)\` indices for test and
        \`round(n·valFraction)\` for validation; the rest is training. The sets must not overlap.`,
      zh: md`
        这 100 个样本**按标签排好了序**（先 60 个 0 类，再 40 个 1 类）——导出的文件常常如此。

        写出 \`splitIndices(n, valFraction, testFraction, rand)\`：用 \`rand\` 做 Fisher–Yates 洗牌打乱下标
        \`0 … n−1\`，然后取 \`round(n·testFraction)\` 个作为测试集、\`round(n·valFraction)\` 个作为验证集，其余为训练集。
        三个集合不能重叠。`,
    },
    setup: ts`
      const labels = [...new Array<number>(60).fill(0), ...new Array<number>(40).fill(1)];
    `,
    starter: ts`
      function splitIndices(n: number, valFraction: number, testFraction: number, rand: () => number): { train: number[]; val: number[]; test: number[] } {
        const indices = Array.from({ length: n }, (_, i) => i);
        //en: TODO: shuffle indices (Fisher–Yates with rand), then cut off the test and validation parts.
        //zh: TODO：打乱 indices（用 rand 做 Fisher–Yates），再切出测试集和验证集。
        return { train: indices, val: [], test: [] };
      }
    `,
    solution: ts`
      function splitIndices(n: number, valFraction: number, testFraction: number, rand: () => number): { train: number[]; val: number[]; test: number[] } {
        const indices = Array.from({ length: n }, (_, i) => i);
        for (let i = n - 1; i > 0; i--) {
          const j = Math.floor(rand() * (i + 1));
          [indices[i], indices[j]] = [indices[j], indices[i]];
        }
        const nTest = Math.round(n * testFraction);
        const nVal = Math.round(n * valFraction);
        return { test: indices.slice(0, nTest), val: indices.slice(nTest, nTest + nVal), train: indices.slice(nTest + nVal) };
      }
    `,
    check: ts`
      {
        const s = splitIndices(100, 0.2, 0.1, seededRandom(1));
        check(s.train.length === 70 && s.val.length === 20 && s.test.length === 10,
          'Expected 70 / 20 / 10 examples, got ' + s.train.length + ' / ' + s.val.length + ' / ' + s.test.length + '.',
          '应为 70 / 20 / 10 个样本，实际为 ' + s.train.length + ' / ' + s.val.length + ' / ' + s.test.length + '。');
        const all = [...s.train, ...s.val, ...s.test];
        check(new Set(all).size === 100 && all.every((i) => Number.isInteger(i) && i >= 0 && i < 100),
          'Every index 0…99 must be in exactly one set (no overlap, none missing).',
          '0…99 的每个下标必须恰好属于一个集合（不重叠、不遗漏）。');
        const again = splitIndices(100, 0.2, 0.1, seededRandom(1));
        check(allClose(again.val, s.val, 0), 'The same seed should give the same split (use only rand for randomness).', '相同种子应得到相同划分（随机性只能来自 rand）。');
        const valClasses = new Set(s.val.map((i) => labels[i]));
        check(valClasses.size === 2,
          'The validation set contains only class ' + [...valClasses] + ': the data is sorted by label. Shuffle before you split.',
          '验证集只包含类别 ' + [...valClasses] + '：数据按标签排好了序。请先打乱再划分。');
        const share = s.test.filter((i) => labels[i] === 1).length / s.test.length;
        pass('70/20/10, disjoint and shuffled: class 1 is ' + Math.round(100 * share) + '% of the test set (40% overall). Tune on validation, report test once. For very imbalanced data, split per class (stratify).',
          '70/20/10、互不重叠且已打乱：测试集中 1 类占 ' + Math.round(100 * share) + '%（整体为 40%）。在验证集上调参，测试集只在最后报告一次。类别极不平衡时按类别分层划分。');
      }
    `,
  },
  {
    questionId: 'cross-validation',
    slug: 'k-fold',
    version: 1,
    title: { en: 'k-fold cross-validation', zh: 'k 折交叉验证' },
    task: {
      en: md`
        1. Write \`kFold(n, k)\`: cut \`0 … n−1\` into \`k\` contiguous folds whose sizes differ by at most 1 (the data is
           already shuffled). Fold *i* validates on its own part and trains on all the others.
        2. Set \`cvScore\` to the mean validation MSE over the 5 folds of \`kFold(n, 5)\`, using the given
           \`scoreFold(trainIdx, valIdx)\` (it fits a line on \`trainIdx\` and returns the MSE on \`valIdx\`).`,
      zh: md`
        1. 写出 \`kFold(n, k)\`：把 \`0 … n−1\` 切成 \`k\` 个连续的折，各折大小相差不超过 1（数据已打乱）。第 *i* 折用自己那
           部分做验证，用其余所有部分训练。
        2. 把 \`cvScore\` 设为 \`kFold(n, 5)\` 的 5 折验证 MSE 的平均值，使用给定的 \`scoreFold(trainIdx, valIdx)\`
           （它在 \`trainIdx\` 上拟合一条直线，返回在 \`valIdx\` 上的 MSE）。`,
    },
    setup: ts`
      const rand = seededRandom(9);
      const n = 23;
      const xs = Array.from({ length: n }, () => rand() * 4 - 2);
      const ys = xs.map((x) => 1.5 * x - 0.5 + 0.4 * randn(rand));
      //en: Fits y = a·x + b on trainIdx by least squares and returns the MSE on valIdx.
      //zh: 在 trainIdx 上用最小二乘拟合 y = a·x + b，返回在 valIdx 上的 MSE。
      function scoreFold(trainIdx: number[], valIdx: number[]): number {
        const m = trainIdx.length;
        const mx = trainIdx.reduce((s, i) => s + xs[i], 0) / m;
        const my = trainIdx.reduce((s, i) => s + ys[i], 0) / m;
        const a = trainIdx.reduce((s, i) => s + (xs[i] - mx) * (ys[i] - my), 0) / trainIdx.reduce((s, i) => s + (xs[i] - mx) ** 2, 0);
        const b = my - a * mx;
        return valIdx.reduce((s, i) => s + (a * xs[i] + b - ys[i]) ** 2, 0) / valIdx.length;
      }
    `,
    starter: ts`
      function kFold(n: number, k: number): { train: number[]; val: number[] }[] {
        //en: TODO: k contiguous folds with sizes differing by at most 1; fold i validates on its part, trains on the rest.
        //zh: TODO：k 个连续的折，大小相差不超过 1；第 i 折用自己那部分验证，其余部分训练。
        const all = Array.from({ length: n }, (_, i) => i);
        return [{ train: all, val: all }];
      }
      //en: TODO: the mean validation MSE over the folds of kFold(n, 5).
      //zh: TODO：kFold(n, 5) 各折验证 MSE 的平均值。
      const cvScore = scoreFold(kFold(n, 5)[0].train, kFold(n, 5)[0].val);
    `,
    solution: ts`
      function kFold(n: number, k: number): { train: number[]; val: number[] }[] {
        const folds: { train: number[]; val: number[] }[] = [];
        let start = 0;
        for (let i = 0; i < k; i++) {
          const size = Math.floor(n / k) + (i < n % k ? 1 : 0);
          const val = Array.from({ length: size }, (_, j) => start + j);
          const train = Array.from({ length: n }, (_, j) => j).filter((j) => j < start || j >= start + size);
          folds.push({ train, val });
          start += size;
        }
        return folds;
      }
      const cvScore = kFold(n, 5).reduce((s, f) => s + scoreFold(f.train, f.val), 0) / 5;
    `,
    check: ts`
      {
        const folds = kFold(23, 5);
        check(folds.length === 5, 'kFold(23, 5) should return 5 folds, got ' + folds.length + '.', 'kFold(23, 5) 应返回 5 折，实际为 ' + folds.length + '。');
        const sizes = folds.map((f) => f.val.length);
        check(Math.max(...sizes) - Math.min(...sizes) <= 1 && sizes.reduce((a, b) => a + b, 0) === 23,
          'Validation fold sizes should add up to 23 and differ by at most 1 (5, 5, 5, 4, 4), got ' + fmt(sizes) + '.',
          '各验证折大小之和应为 23，且相差不超过 1（5, 5, 5, 4, 4），实际为 ' + fmt(sizes) + '。');
        const seen = new Array<number>(23).fill(0);
        folds.forEach((f) => f.val.forEach((i) => seen[i]++));
        check(seen.every((c) => c === 1), 'Every index must be validated exactly once across the folds; counts were ' + fmt(seen) + '.', '每个下标在所有折中必须恰好被验证一次；实际次数为 ' + fmt(seen) + '。');
        folds.forEach((f, i) => {
          const val = new Set(f.val);
          check(f.train.length + f.val.length === 23 && f.train.every((j) => !val.has(j)),
            'Fold ' + i + ' trains on some of its own validation examples (or misses some): train = all indices except val.',
            '第 ' + i + ' 折在自己的验证样本上训练了（或遗漏了样本）：train 应是除 val 以外的全部下标。');
        });
        const want = kFold(n, 5).reduce((s, f) => s + scoreFold(f.train, f.val), 0) / 5;
        check(near(cvScore, want, 1e-9), 'cvScore should be the mean of the 5 validation MSEs, ' + fmt(want) + '; got ' + fmt(cvScore) + '.', 'cvScore 应为 5 个验证 MSE 的平均值 ' + fmt(want) + '；实际为 ' + fmt(cvScore) + '。');
        const all = Array.from({ length: n }, (_, i) => i);
        const trainMse = scoreFold(all, all);
        pass('5-fold CV MSE ' + fmt(cvScore) + ' vs ' + fmt(trainMse) + ' on the training data itself: every example was scored by a model that never saw it.',
          '5 折交叉验证 MSE 为 ' + fmt(cvScore) + '，而在训练数据本身上为 ' + fmt(trainMse) + '：每个样本都由没见过它的模型来打分。');
      }
    `,
  },
  {
    questionId: 'class-imbalance',
    slug: 'class-imbalance',
    version: 1,
    title: { en: 'Class weights and balanced accuracy', zh: '类别权重与平衡准确率' },
    task: {
      en: md`
        200 examples, only 10 positive. A lazy model that always predicts 0 scores 95 % accuracy.

        1. \`balancedClassWeights(labels)\`: weight of class *c* = \`n / (numClasses · count_c)\` (what
           scikit-learn's \`class_weight='balanced'\` does; pass it to \`model.fit({ classWeight })\`).
        2. \`balancedAccuracy(yTrue, yPred)\`: the mean of the per-class recalls.`,
      zh: md`
        200 个样本，只有 10 个正例。一个永远预测 0 的偷懒模型也有 95% 的准确率。

        1. \`balancedClassWeights(labels)\`：类别 *c* 的权重 = \`n / (类别数 · count_c)\`（即 scikit-learn 的
           \`class_weight='balanced'\`；可传给 \`model.fit({ classWeight })\`）。
        2. \`balancedAccuracy(yTrue, yPred)\`：各类别召回率的平均值。`,
    },
    setup: ts`
      //en: 190 negatives and 10 positives.
      //zh: 190 个负例和 10 个正例。
      const yTrue = Array.from({ length: 200 }, (_, i) => (i % 20 === 7 ? 1 : 0));
      const lazy = yTrue.map(() => 0);
      //en: A real model: finds 7 of the 10 positives, with 15 false alarms.
      //zh: 一个真实的模型：找到 10 个正例中的 7 个，有 15 个误报。
      const model = yTrue.map((y, i) => (y === 1 ? (i < 140 ? 1 : 0) : i % 12 === 0 && i < 180 ? 1 : 0));
    `,
    starter: ts`
      function balancedClassWeights(labels: number[]): Record<number, number> {
        //en: TODO: weight of class c = n / (numClasses · count of c).
        //zh: TODO：类别 c 的权重 = n / (类别数 · c 的数量)。
        return { 0: 1, 1: 1 };
      }
      function balancedAccuracy(yTrue: number[], yPred: number[]): number {
        //en: TODO: the mean over classes of the recall (correct predictions of class c / examples of class c).
        //zh: TODO：各类别召回率（c 类预测正确数 / c 类样本数）的平均值。
        return yTrue.filter((y, i) => y === yPred[i]).length / yTrue.length;
      }
    `,
    solution: ts`
      function balancedClassWeights(labels: number[]): Record<number, number> {
        const counts = new Map<number, number>();
        for (const y of labels) counts.set(y, (counts.get(y) ?? 0) + 1);
        const weights: Record<number, number> = {};
        for (const [c, count] of counts) weights[c] = labels.length / (counts.size * count);
        return weights;
      }
      function balancedAccuracy(yTrue: number[], yPred: number[]): number {
        const classes = [...new Set(yTrue)];
        const recalls = classes.map((c) => {
          const idx = yTrue.map((y, i) => (y === c ? i : -1)).filter((i) => i >= 0);
          return idx.filter((i) => yPred[i] === c).length / idx.length;
        });
        return recalls.reduce((a, b) => a + b, 0) / recalls.length;
      }
    `,
    check: ts`
      {
        const w = balancedClassWeights(yTrue);
        check(near(w[0], 200 / 380, 1e-6) && near(w[1], 10, 1e-6),
          'Expected weights {0: ' + fmt(200 / 380) + ', 1: 10} (n / (2 · count)), got {0: ' + fmt(w[0]) + ', 1: ' + fmt(w[1]) + '}.',
          '权重应为 {0: ' + fmt(200 / 380) + ', 1: 10}（n / (2 · count)），实际为 {0: ' + fmt(w[0]) + ', 1: ' + fmt(w[1]) + '}。');
        const lazyBal = balancedAccuracy(yTrue, lazy);
        check(near(lazyBal, 0.5, 1e-9),
          'The always-0 model should get balanced accuracy 0.5 (recall 1 on class 0, 0 on class 1), got ' + fmt(lazyBal) + '. Plain accuracy hides the minority class.',
          '永远预测 0 的模型平衡准确率应为 0.5（0 类召回率 1，1 类为 0），实际为 ' + fmt(lazyBal) + '。普通准确率掩盖了少数类。');
        const real = balancedAccuracy(yTrue, model);
        const want = (175 / 190 + 7 / 10) / 2;
        check(near(real, want, 1e-9), 'The model finds 7/10 positives and 175/190 negatives: balanced accuracy ' + fmt(want) + ', got ' + fmt(real) + '.', '模型找出 7/10 个正例、175/190 个负例：平衡准确率 ' + fmt(want) + '，实际为 ' + fmt(real) + '。');
        pass('Weighted, each class contributes the same total (190 × ' + fmt(w[0], 3) + ' = 10 × ' + fmt(w[1], 3) + ' = 100). The lazy model: accuracy 0.95, balanced accuracy 0.5; the real one: accuracy ' + fmt(yTrue.filter((y, i) => y === model[i]).length / 200, 3) + ', balanced ' + fmt(real, 3) + '.',
          '加权后每个类别的总贡献相同（190 × ' + fmt(w[0], 3) + ' = 10 × ' + fmt(w[1], 3) + ' = 100）。偷懒模型：准确率 0.95，平衡准确率 0.5；真实模型：准确率 ' + fmt(yTrue.filter((y, i) => y === model[i]).length / 200, 3) + '，平衡准确率 ' + fmt(real, 3) + '。');
      }
    `,
  },
  {
    questionId: 'feature-engineering',
    slug: 'feature-scaling',
    version: 1,
    title: { en: 'Standardise with training statistics', zh: '用训练集统计量做标准化' },
    task: {
      en: md`
        Two features on very different scales: a rate in [0, 1] and a size in [0, 1000]. Gradient descent on the raw
        features is stuck: any learning rate that is stable for the size is far too small for the rate.

        Write \`standardize(train, test)\`: per column, subtract the **training** mean and divide by the **training**
        standard deviation — for both sets. (Using the test set's own statistics is leakage, and wrong once the
        test data shifts.)`,
      zh: md`
        两个尺度相差悬殊的特征：取值 [0, 1] 的比率和取值 [0, 1000] 的面积。在原始特征上做梯度下降会卡住：对面积稳定的学习率，
        对比率来说又太小了。

        写出 \`standardize(train, test)\`：按列减去**训练集**均值、除以**训练集**标准差——两个集合都这样做。（用测试集自己的
        统计量属于数据泄漏，而且测试数据分布一变就错了。）`,
    },
    setup: ts`
      const rand = seededRandom(8);
      const target = (r: number[]) => 3 * r[0] + 0.004 * r[1] + 0.1 * randn(rand);
      const trainX = Array.from({ length: 80 }, () => [rand(), 1000 * rand()]);
      const testX = Array.from({ length: 20 }, () => [rand(), 500 + 1000 * rand()]);
      const trainY = trainX.map(target);
      //en: Full-batch gradient descent on y ≈ X·w + b; returns the final training MSE (Infinity if it diverged).
      //zh: 对 y ≈ X·w + b 做全批量梯度下降；返回最终训练 MSE（发散则为 Infinity）。
      function gdLoss(X: number[][], y: number[], lr: number, steps = 100): number {
        let w = X[0].map(() => 0);
        let b = 0;
        const loss = () => X.reduce((s, r, i) => s + (r.reduce((a, v, j) => a + v * w[j], b) - y[i]) ** 2, 0) / X.length;
        for (let t = 0; t < steps; t++) {
          const gw = w.map(() => 0);
          let gb = 0;
          X.forEach((r, i) => {
            const e = (2 * (r.reduce((a, v, j) => a + v * w[j], b) - y[i])) / X.length;
            r.forEach((v, j) => (gw[j] += e * v));
            gb += e;
          });
          w = w.map((v, j) => v - lr * gw[j]);
          b -= lr * gb;
        }
        const l = loss();
        return Number.isFinite(l) ? l : Infinity;
      }
      //en: The best final loss over learning rates 1, 0.3, 0.1, …, 1e-7.
      //zh: 在学习率 1, 0.3, 0.1, …, 1e-7 中取最好的最终损失。
      const bestGdLoss = (X: number[][]) => Math.min(...[1, 0.3, 0.1, 0.03, 0.01, 3e-3, 1e-3, 3e-4, 1e-4, 3e-5, 1e-5, 3e-6, 1e-6, 3e-7, 1e-7].map((lr) => gdLoss(X, trainY, lr)));
    `,
    starter: ts`
      function standardize(train: number[][], test: number[][]): { train: number[][]; test: number[][] } {
        //en: TODO: per column (x − mean) / std, with the mean and std of the TRAINING set, for both sets.
        //zh: TODO：按列计算 (x − mean) / std，均值和标准差都取自训练集，两个集合都要变换。
        return { train, test };
      }
    `,
    solution: ts`
      function standardize(train: number[][], test: number[][]): { train: number[][]; test: number[][] } {
        const cols = train[0].length;
        const mean = Array.from({ length: cols }, (_, j) => train.reduce((s, r) => s + r[j], 0) / train.length);
        const std = Array.from({ length: cols }, (_, j) => Math.sqrt(train.reduce((s, r) => s + (r[j] - mean[j]) ** 2, 0) / train.length));
        const scale = (rows: number[][]) => rows.map((r) => r.map((v, j) => (v - mean[j]) / std[j]));
        return { train: scale(train), test: scale(test) };
      }
    `,
    check: ts`
      {
        const s = standardize(trainX, testX);
        const colStats = (rows: number[][], j: number) => {
          const m = rows.reduce((a, r) => a + r[j], 0) / rows.length;
          return { mean: m, std: Math.sqrt(rows.reduce((a, r) => a + (r[j] - m) ** 2, 0) / rows.length) };
        };
        for (const j of [0, 1]) {
          const st = colStats(s.train, j);
          check(Math.abs(st.mean) < 1e-6 && Math.abs(st.std - 1) < 0.01,
            'Training column ' + j + ' should have mean 0 and standard deviation 1 after scaling, got mean ' + fmt(st.mean) + ', std ' + fmt(st.std) + '.',
            '缩放后训练集第 ' + j + ' 列均值应为 0、标准差应为 1，实际均值 ' + fmt(st.mean) + '、标准差 ' + fmt(st.std) + '。');
        }
        check(Math.abs(colStats(s.test, 1).mean) > 0.1,
          'The scaled test set has mean 0: you standardised it with its own statistics. That leaks test information and hides the shift in the test data — use the training mean and std.',
          '缩放后的测试集均值为 0：你用了测试集自己的统计量。这会泄漏测试信息并掩盖测试数据的分布偏移——请使用训练集的均值和标准差。');
        const raw = colStats(trainX, 1);
        const want = (testX[0][1] - raw.mean) / raw.std;
        check(near(s.test[0][1], want, 0.01), 'test[0][1] should be (x − train mean) / train std = ' + fmt(want) + ', got ' + fmt(s.test[0][1]) + '.', 'test[0][1] 应为 (x − 训练均值) / 训练标准差 = ' + fmt(want) + '，实际为 ' + fmt(s.test[0][1]) + '。');
        const before = bestGdLoss(trainX);
        const after = bestGdLoss(s.train);
        check(after < before / 5, 'After scaling gradient descent should reach a much lower loss; got ' + fmt(after) + ' vs ' + fmt(before) + '.', '缩放后梯度下降应达到低得多的损失；实际为 ' + fmt(after) + '，缩放前为 ' + fmt(before) + '。');
        pass('With the best of 15 learning rates, 100 steps of gradient descent reach MSE ' + fmt(before, 3) + ' on raw features and ' + fmt(after, 3) + ' on standardised ones: one scale makes one learning rate fit every direction.',
          '在 15 个学习率中取最好，100 步梯度下降在原始特征上的 MSE 为 ' + fmt(before, 3) + '，标准化后为 ' + fmt(after, 3) + '：统一尺度后，一个学习率就能适合所有方向。');
      }
    `,
  },
  {
    questionId: 'linear-regression',
    slug: 'linear-regression',
    version: 1,
    title: { en: 'Train a linear regression with TF.js', zh: '用 TF.js 训练线性回归' },
    task: {
      en: md`
        100 points of \`y = 3x + 2 + noise\`. \`w\` and \`b\` are \`tf.variable\`s and \`predict\` is the model.

        Complete the training loop: in each of the 100 steps call \`optimizer.minimize(() => loss)\` where the loss is
        the mean squared error of \`predict(xs)\` against \`ys\` (\`tf.losses.meanSquaredError\`). The check expects
        \`w ≈ 3\` and \`b ≈ 2\`.`,
      zh: md`
        100 个点，\`y = 3x + 2 + 噪声\`。\`w\` 和 \`b\` 是 \`tf.variable\`，\`predict\` 是模型。

        补全训练循环：100 步中每一步调用 \`optimizer.minimize(() => loss)\`，其中损失是 \`predict(xs)\` 与 \`ys\` 的均方误差
        （\`tf.losses.meanSquaredError\`）。检查要求 \`w ≈ 3\`、\`b ≈ 2\`。`,
    },
    setup: ts`
      const rand = seededRandom(2);
      const xData = Array.from({ length: 100 }, () => rand() * 2 - 1);
      const xs = tf.tensor2d(xData, [100, 1]);
      const ys = tf.tensor2d(xData.map((x) => 3 * x + 2 + 0.1 * randn(rand)), [100, 1]);
    `,
    starter: ts`
      const w = tf.variable(tf.scalar(0));
      const b = tf.variable(tf.scalar(0));
      const optimizer = tf.train.sgd(0.5);
      function predict(x: tf.Tensor): tf.Tensor {
        return x.mul(w).add(b);
      }
      for (let step = 0; step < 100; step++) {
        //en: TODO: optimizer.minimize(() => the mean squared error of predict(xs) against ys)
        //zh: TODO：optimizer.minimize(() => predict(xs) 与 ys 的均方误差)
      }
    `,
    solution: ts`
      const w = tf.variable(tf.scalar(0));
      const b = tf.variable(tf.scalar(0));
      const optimizer = tf.train.sgd(0.5);
      function predict(x: tf.Tensor): tf.Tensor {
        return x.mul(w).add(b);
      }
      for (let step = 0; step < 100; step++) {
        optimizer.minimize(() => tf.losses.meanSquaredError(ys, predict(xs)) as tf.Scalar);
      }
    `,
    check: ts`
      {
        const wv = w.dataSync()[0];
        const bv = b.dataSync()[0];
        check(!(wv === 0 && bv === 0), 'w and b are still 0: call optimizer.minimize(() => loss) inside the loop; the function must return the scalar loss.', 'w 和 b 仍然是 0：请在循环中调用 optimizer.minimize(() => loss)，函数必须返回标量损失。');
        check(Math.abs(wv - 3) < 0.1 && Math.abs(bv - 2) < 0.1,
          'Expected w ≈ 3 and b ≈ 2, got w = ' + fmt(wv) + ', b = ' + fmt(bv) + '. Is the loss the mean squared error of predict(xs) against ys?',
          '应有 w ≈ 3、b ≈ 2，实际 w = ' + fmt(wv) + '、b = ' + fmt(bv) + '。损失是 predict(xs) 与 ys 的均方误差吗？');
        display.chart({ kind: 'scatter', title: 'data and fitted line', series: [
          { name: 'data', x: xData, y: Array.from(ys.dataSync()) },
          { name: 'fit', x: [-1, 1], y: [bv - wv, bv + wv] },
        ] });
        pass('Learned y = ' + fmt(wv, 3) + '·x + ' + fmt(bv, 3) + ' (true: 3x + 2). minimize() computes the gradients of the loss with respect to every variable it touched and applies the update.',
          '学到 y = ' + fmt(wv, 3) + '·x + ' + fmt(bv, 3) + '（真实为 3x + 2）。minimize() 会对损失涉及的每个变量求梯度并执行更新。');
      }
    `,
  },
  {
    questionId: 'logistic-regression',
    slug: 'logistic-regression',
    version: 1,
    title: { en: 'The logistic-regression gradient', zh: '逻辑回归的梯度' },
    task: {
      en: md`
        Two Gaussian blobs in 2-D. \`train(steps, lr)\` runs gradient descent with your \`gradients(w, b)\`.

        Write \`gradients\` for the mean log loss: with \`p = sigmoid(X·w + b)\`,
        \`dw = Xᵀ(p − y) / n\` and \`db = mean(p − y)\`. The check compares with \`tf.grads\` and trains the model.`,
      zh: md`
        二维的两团高斯点。\`train(steps, lr)\` 用你写的 \`gradients(w, b)\` 做梯度下降。

        写出平均对数损失的 \`gradients\`：令 \`p = sigmoid(X·w + b)\`，则 \`dw = Xᵀ(p − y) / n\`、\`db = mean(p − y)\`。
        检查会与 \`tf.grads\` 比较并训练模型。`,
    },
    setup: ts`
      const rand = seededRandom(12);
      const n = 100;
      const rows = Array.from({ length: n }, (_, i) => (i < 50 ? [randn(rand) - 1.5, randn(rand) - 1] : [randn(rand) + 1.5, randn(rand) + 1]));
      const X = tf.tensor2d(rows);
      const y = tf.tensor2d(rows.map((_, i) => [i < 50 ? 0 : 1]));
      //en: The mean log loss (binary cross-entropy from logits).
      //zh: 平均对数损失（从 logits 计算的二元交叉熵）。
      function logLoss(w: tf.Tensor, b: tf.Tensor): tf.Scalar {
        return tf.losses.sigmoidCrossEntropy(y, X.matMul(w).add(b)) as tf.Scalar;
      }
      //en: Gradient descent with your gradients(); returns the parameters and the loss after every step.
      //zh: 用你的 gradients() 做梯度下降；返回参数和每一步后的损失。
      function train(steps: number, lr: number) {
        let w: tf.Tensor2D = tf.zeros([2, 1]);
        let b: tf.Scalar = tf.scalar(0);
        const losses: number[] = [];
        for (let t = 0; t < steps; t++) {
          const g = gradients(w, b);
          w = w.sub(g.dw.mul(lr));
          b = b.sub(g.db.mul(lr));
          losses.push(logLoss(w, b).dataSync()[0]);
        }
        return { w, b, losses };
      }
    `,
    starter: ts`
      function gradients(w: tf.Tensor2D, b: tf.Scalar): { dw: tf.Tensor2D; db: tf.Scalar } {
        //en: TODO: p must be the predicted probability sigmoid(X·w + b) — this is a linear model's output.
        //zh: TODO：p 应是预测概率 sigmoid(X·w + b)——这里是线性模型的输出。
        const p = X.matMul(w).add(b);
        const err = p.sub(y);
        return { dw: X.transpose().matMul(err).div(n), db: err.mean() };
      }
    `,
    solution: ts`
      function gradients(w: tf.Tensor2D, b: tf.Scalar): { dw: tf.Tensor2D; db: tf.Scalar } {
        const p = tf.sigmoid(X.matMul(w).add(b));
        const err = p.sub(y);
        return { dw: X.transpose().matMul(err).div(n), db: err.mean() };
      }
    `,
    check: ts`
      {
        const w0 = tf.tensor2d([[0.3], [-0.8]]);
        const b0 = tf.scalar(0.4);
        const [gw, gb] = tf.grads((w: tf.Tensor, b: tf.Tensor) => logLoss(w, b))([w0, b0]);
        const mine = gradients(w0, b0);
        check(allClose(mine.dw, gw, 1e-4) && allClose(mine.db, gb, 1e-4),
          'At w = [0.3, −0.8], b = 0.4 the gradients should be dw = ' + fmt(gw) + ', db = ' + fmt(gb) + '; got ' + fmt(mine.dw) + ', ' + fmt(mine.db) + '. Hint: p = tf.sigmoid(X·w + b).',
          '在 w = [0.3, −0.8]、b = 0.4 处梯度应为 dw = ' + fmt(gw) + '、db = ' + fmt(gb) + '；实际为 ' + fmt(mine.dw) + '、' + fmt(mine.db) + '。提示：p = tf.sigmoid(X·w + b)。');
        const run = train(200, 0.5);
        const acc = tf.sigmoid(X.matMul(run.w).add(run.b)).greater(0.5).toFloat().equal(y).mean().dataSync()[0];
        check(run.losses[run.losses.length - 1] < run.losses[0] && acc >= 0.9, 'Training should lower the loss and reach ≥ 90 % accuracy; got accuracy ' + fmt(acc) + '.', '训练应降低损失并达到 ≥ 90% 的准确率；实际准确率为 ' + fmt(acc) + '。');
        display.chart({ kind: 'line', title: 'log loss', xLabel: 'step', series: [{ name: 'loss', y: run.losses }] });
        pass('Gradient matches tf.grads; training reaches accuracy ' + fmt(acc, 3) + '. The gradient has the same form as linear regression, (p − y)·x — only p goes through the sigmoid.',
          '梯度与 tf.grads 一致；训练后准确率 ' + fmt(acc, 3) + '。梯度形式与线性回归相同，都是 (p − y)·x——只是 p 要经过 sigmoid。');
      }
    `,
  },
  {
    questionId: 'knn',
    slug: 'knn',
    version: 1,
    title: { en: 'k-nearest neighbours with tensors', zh: '用张量实现 k 近邻' },
    task: {
      en: md`
        60 labelled training points in 3 blobs and 30 query points.

        Write \`knnPredict(trainX, trainY, queryX, k)\`: for every query, the squared distances to all training points
        (broadcast \`[q, 1, 2] − [1, n, 2]\`), the indices of the \`k\` nearest (\`tf.topk\` of the **negative**
        distances), and the majority label among them (ties → the smaller label).`,
      zh: md`
        3 团共 60 个带标签的训练点，以及 30 个查询点。

        写出 \`knnPredict(trainX, trainY, queryX, k)\`：对每个查询点，计算到所有训练点的平方距离（广播
        \`[q, 1, 2] − [1, n, 2]\`），取最近的 \`k\` 个的下标（对**负**距离做 \`tf.topk\`），再取它们的多数标签（平票取较小的标签）。`,
    },
    setup: ts`
      const rand = seededRandom(17);
      const centers = [[0, 0], [3, 3], [0, 4]];
      const blob = (count: number) => Array.from({ length: count }, (_, i) => {
        const c = i % 3;
        return { x: [centers[c][0] + randn(rand), centers[c][1] + randn(rand)], y: c };
      });
      const trainSet = blob(60);
      const testSet = blob(30);
      const trainX = tf.tensor2d(trainSet.map((p) => p.x));
      const trainY = trainSet.map((p) => p.y);
      const testX = tf.tensor2d(testSet.map((p) => p.x));
      const testY = testSet.map((p) => p.y);
    `,
    starter: ts`
      function knnPredict(trainX: tf.Tensor2D, trainY: number[], queryX: tf.Tensor2D, k: number): number[] {
        //en: TODO: squared distances [q, n], the k nearest per query (tf.topk of −distance), then a majority vote.
        //zh: TODO：平方距离 [q, n]，每个查询取最近的 k 个（对 −distance 做 tf.topk），再多数投票。
        return new Array<number>(queryX.shape[0]).fill(0);
      }
    `,
    solution: ts`
      function knnPredict(trainX: tf.Tensor2D, trainY: number[], queryX: tf.Tensor2D, k: number): number[] {
        const dist = tf.sum(tf.square(tf.sub(tf.expandDims(queryX, 1), tf.expandDims(trainX, 0))), 2);
        const nearest = tf.topk(tf.neg(dist), k).indices.arraySync() as number[][];
        return nearest.map((row) => {
          const votes = new Map<number, number>();
          for (const i of row) votes.set(trainY[i], (votes.get(trainY[i]) ?? 0) + 1);
          let best = -1;
          let bestCount = 0;
          for (const [label, count] of [...votes].sort((a, b) => a[0] - b[0])) {
            if (count > bestCount) [best, bestCount] = [label, count];
          }
          return best;
        });
      }
    `,
    check: ts`
      {
        const q = testX.arraySync();
        const t = trainX.arraySync();
        const reference = (k: number) => q.map((p) => {
          const order = t.map((r, i) => ({ i, d: (r[0] - p[0]) ** 2 + (r[1] - p[1]) ** 2 })).sort((a, b) => a.d - b.d).slice(0, k);
          const votes = [0, 0, 0];
          order.forEach(({ i }) => votes[trainY[i]]++);
          return votes.indexOf(Math.max(...votes));
        });
        const self = knnPredict(trainX, trainY, trainX, 1);
        check(allClose(self, trainY, 0), 'With k = 1 every training point is its own nearest neighbour, so knnPredict(trainX, trainY, trainX, 1) should return trainY.', 'k = 1 时每个训练点的最近邻就是它自己，所以 knnPredict(trainX, trainY, trainX, 1) 应返回 trainY。');
        for (const k of [1, 5, 9]) {
          const got = knnPredict(trainX, trainY, testX, k);
          const want = reference(k);
          const wrong = want.findIndex((v, i) => v !== got[i]);
          check(wrong < 0,
            'k = ' + k + ': query ' + wrong + ' should get label ' + want[wrong] + ', got ' + got[wrong] + '. Hint: the nearest are the LARGEST values of −distance.',
            'k = ' + k + '：第 ' + wrong + ' 个查询的标签应为 ' + want[wrong] + '，实际为 ' + got[wrong] + '。提示：最近的点是 −distance 最大的点。');
        }
        const acc = (k: number) => knnPredict(trainX, trainY, testX, k).filter((v, i) => v === testY[i]).length / testY.length;
        pass('Test accuracy: k = 1 → ' + fmt(acc(1), 3) + ', k = 5 → ' + fmt(acc(5), 3) + ', k = 15 → ' + fmt(acc(15), 3) + '. Small k follows noise (high variance); large k blurs the boundary (high bias). Choose k on validation data.',
          '测试准确率：k = 1 → ' + fmt(acc(1), 3) + '，k = 5 → ' + fmt(acc(5), 3) + '，k = 15 → ' + fmt(acc(15), 3) + '。k 小会追随噪声（高方差），k 大会模糊边界（高偏差）。在验证集上选 k。');
      }
    `,
  },
  {
    questionId: 'k-means',
    slug: 'k-means',
    version: 1,
    title: { en: "Lloyd's algorithm for k-means", zh: 'k-means 的 Lloyd 算法' },
    task: {
      en: md`
        120 points in 3 blobs. \`kMeans(points, init, iterations)\` alternates your two steps and records the inertia
        (sum of squared distances to the assigned centroid) after each iteration.

        1. \`assign(points, centroids)\`: the index of the nearest centroid for every point.
        2. \`update(points, labels, centroids)\`: each centroid moves to the mean of its points (a centroid with no
           points stays where it is).`,
      zh: md`
        3 团共 120 个点。\`kMeans(points, init, iterations)\` 交替执行你写的两个步骤，并在每次迭代后记录惯性
        （每个点到所属质心的距离平方和）。

        1. \`assign(points, centroids)\`：每个点最近的质心下标。
        2. \`update(points, labels, centroids)\`：每个质心移到其所属点的均值（没有点的质心保持不动）。`,
    },
    setup: ts`
      const rand = seededRandom(31);
      const trueCenters = [[0, 0], [5, 5], [0, 6]];
      const points = Array.from({ length: 120 }, (_, i) => {
        const c = trueCenters[i % 3];
        return [c[0] + 0.6 * randn(rand), c[1] + 0.6 * randn(rand)];
      });
      const sq = (a: number[], b: number[]) => (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2;
      function kMeans(points: number[][], init: number[][], iterations: number) {
        let centroids = init.map((c) => [...c]);
        const inertias: number[] = [];
        let labels: number[] = [];
        for (let t = 0; t < iterations; t++) {
          labels = assign(points, centroids);
          centroids = update(points, labels, centroids);
          inertias.push(points.reduce((s, p, i) => s + sq(p, centroids[labels[i]]), 0));
        }
        return { centroids, labels, inertias };
      }
    `,
    starter: ts`
      function assign(points: number[][], centroids: number[][]): number[] {
        //en: TODO: for each point, the index of the nearest centroid (squared Euclidean distance).
        //zh: TODO：对每个点，给出最近质心的下标（欧氏距离平方）。
        return points.map(() => 0);
      }
      function update(points: number[][], labels: number[], centroids: number[][]): number[][] {
        //en: TODO: move each centroid to the mean of the points assigned to it; keep it if none are.
        //zh: TODO：把每个质心移到分配给它的点的均值；若没有点则保持不变。
        return centroids.map((c) => [...c]);
      }
    `,
    solution: ts`
      function assign(points: number[][], centroids: number[][]): number[] {
        return points.map((p) => {
          let best = 0;
          centroids.forEach((c, j) => {
            if (sq(p, c) < sq(p, centroids[best])) best = j;
          });
          return best;
        });
      }
      function update(points: number[][], labels: number[], centroids: number[][]): number[][] {
        return centroids.map((c, j) => {
          const mine = points.filter((_, i) => labels[i] === j);
          if (mine.length === 0) return [...c];
          return [0, 1].map((d) => mine.reduce((s, p) => s + p[d], 0) / mine.length);
        });
      }
    `,
    check: ts`
      {
        const tiny = [[0, 0], [0, 1], [10, 10], [10, 11]];
        const a = assign(tiny, [[0, 0.2], [9, 9]]);
        check(allClose(a, [0, 0, 1, 1], 0), 'assign([[0,0],[0,1],[10,10],[10,11]], [[0,0.2],[9,9]]) should be [0, 0, 1, 1], got ' + fmt(a) + '.', 'assign([[0,0],[0,1],[10,10],[10,11]], [[0,0.2],[9,9]]) 应为 [0, 0, 1, 1]，实际为 ' + fmt(a) + '。');
        const u = update(tiny, [0, 0, 1, 1], [[0, 0], [9, 9], [50, 50]]);
        check(allClose(u, [[0, 0.5], [10, 10.5], [50, 50]], 1e-9),
          'update should move centroids to [[0, 0.5], [10, 10.5]] and keep the empty third one at [50, 50]; got ' + JSON.stringify(u) + '.',
          'update 应把质心移到 [[0, 0.5], [10, 10.5]]，并让没有点的第三个质心保持在 [50, 50]；实际为 ' + JSON.stringify(u) + '。');
        const result = kMeans(points, [points[5], points[52], points[100]], 10);
        check(result.inertias.every((v, i) => i === 0 || v <= result.inertias[i - 1] + 1e-9), 'Inertia must never increase: ' + fmt(result.inertias, 4) + '.', '惯性不应增加：' + fmt(result.inertias, 4) + '。');
        const far = trueCenters.filter((c) => Math.min(...result.centroids.map((r) => Math.sqrt(sq(c, r)))) > 0.4);
        check(far.length === 0, 'Some true centre has no centroid within 0.4: ' + JSON.stringify(far) + '.', '有真实中心附近 0.4 以内没有质心：' + JSON.stringify(far) + '。');
        pass('Found the 3 centres ' + result.centroids.map((c) => '(' + fmt(c, 3) + ')').join(' ') + '; inertia fell from ' + fmt(result.inertias[0], 4) + ' to ' + fmt(result.inertias[9], 4) + '. Each step can only lower it, so k-means converges — to a local optimum that depends on the initial centroids.',
          '找到了 3 个中心 ' + result.centroids.map((c) => '(' + fmt(c, 3) + ')').join(' ') + '；惯性从 ' + fmt(result.inertias[0], 4) + ' 降到 ' + fmt(result.inertias[9], 4) + '。每一步都只会降低它，所以 k-means 一定收敛——但收敛到的局部最优取决于初始质心。');
      }
    `,
  },
  {
    questionId: 'pca',
    slug: 'pca',
    version: 1,
    title: { en: 'First principal component by power iteration', zh: '用幂迭代求第一主成分' },
    task: {
      en: md`
        200 points in 3-D, spread mostly along one direction, far from the origin (mean ≈ [10, −5, 3]).

        \`firstComponent(X)\` computes the covariance matrix and runs power iteration (\`v ← C·v / ‖C·v‖\`), but
        forgets something first — fix it: **centre the data** (subtract each column's mean). Then write
        \`explainedVarianceRatio(X, variance)\`: the component's variance divided by the total variance (the sum of
        the columns' variances, i.e. the trace of C).`,
      zh: md`
        三维空间中的 200 个点，主要沿一个方向分布，且远离原点（均值约为 [10, −5, 3]）。

        \`firstComponent(X)\` 计算协方差矩阵并做幂迭代（\`v ← C·v / ‖C·v‖\`），但开头漏了一步——请修正：**先把数据中心化**
        （减去每列均值）。然后写出 \`explainedVarianceRatio(X, variance)\`：该主成分的方差除以总方差（各列方差之和，即
        C 的迹）。`,
    },
    setup: ts`
      const rand = seededRandom(4);
      const direction = [2, 1, 0.5].map((v) => v / Math.hypot(2, 1, 0.5));
      const center = [10, -5, 3];
      const rows = Array.from({ length: 200 }, () => {
        const t = 3 * randn(rand);
        return center.map((c, j) => c + t * direction[j] + 0.3 * randn(rand));
      });
      const X = tf.tensor2d(rows);
    `,
    starter: ts`
      function firstComponent(X: tf.Tensor2D, iterations = 100): { vector: number[]; variance: number } {
        //en: TODO: centre the data first: subtract each column's mean.
        //zh: TODO：先中心化：减去每列的均值。
        const centred = X;
        const cov = centred.transpose().matMul(centred).div(X.shape[0] - 1);
        let v: tf.Tensor = tf.ones([X.shape[1], 1]);
        for (let i = 0; i < iterations; i++) {
          const next = cov.matMul(v);
          v = next.div(tf.norm(next));
        }
        const variance = v.transpose().matMul(cov).matMul(v).dataSync()[0]; // Rayleigh quotient vᵀCv
        return { vector: Array.from(v.dataSync()), variance };
      }
      function explainedVarianceRatio(X: tf.Tensor2D, variance: number): number {
        //en: TODO: variance / total variance (the sum of the columns' variances).
        //zh: TODO：variance / 总方差（各列方差之和）。
        return 0;
      }
    `,
    solution: ts`
      function firstComponent(X: tf.Tensor2D, iterations = 100): { vector: number[]; variance: number } {
        const centred = X.sub(X.mean(0));
        const cov = centred.transpose().matMul(centred).div(X.shape[0] - 1);
        let v: tf.Tensor = tf.ones([X.shape[1], 1]);
        for (let i = 0; i < iterations; i++) {
          const next = cov.matMul(v);
          v = next.div(tf.norm(next));
        }
        const variance = v.transpose().matMul(cov).matMul(v).dataSync()[0]; // Rayleigh quotient vᵀCv
        return { vector: Array.from(v.dataSync()), variance };
      }
      function explainedVarianceRatio(X: tf.Tensor2D, variance: number): number {
        const centred = X.sub(X.mean(0));
        const total = centred.square().sum().dataSync()[0] / (X.shape[0] - 1);
        return variance / total;
      }
    `,
    check: ts`
      {
        const pc = firstComponent(X);
        const cos = Math.abs(pc.vector.reduce((s, v, j) => s + v * direction[j], 0)) / Math.hypot(...pc.vector);
        const towardsMean = Math.abs(pc.vector.reduce((s, v, j) => s + v * center[j], 0)) / Math.hypot(...pc.vector) / Math.hypot(...center);
        check(cos > 0.99,
          'The component should point along the spread ' + fmt(direction, 3) + ' (|cos| > 0.99), got ' + fmt(pc.vector, 3) + ' (|cos| = ' + fmt(cos, 3) + ')' + (towardsMean > 0.9 ? '. It points towards the mean of the data instead: without centring, XᵀX measures distance from the origin, not spread. Subtract X.mean(0).' : '.'),
          '主成分应沿着分布方向 ' + fmt(direction, 3) + '（|cos| > 0.99），实际为 ' + fmt(pc.vector, 3) + '（|cos| = ' + fmt(cos, 3) + '）' + (towardsMean > 0.9 ? '。它指向了数据的均值：不中心化时 XᵀX 度量的是到原点的距离而不是离散程度。请减去 X.mean(0)。' : '。'));
        const colVar = [0, 1, 2].map((j) => { const m = rows.reduce((s, r) => s + r[j], 0) / 200; return rows.reduce((s, r) => s + (r[j] - m) ** 2, 0) / 199; });
        const total = colVar.reduce((a, b) => a + b, 0);
        check(pc.variance > 0.8 * total && pc.variance < total, 'The component variance should be most of the total variance ' + fmt(total) + ', got ' + fmt(pc.variance) + '.', '主成分方差应占总方差 ' + fmt(total) + ' 的大部分，实际为 ' + fmt(pc.variance) + '。');
        const ratio = explainedVarianceRatio(X, pc.variance);
        check(near(ratio, pc.variance / total, 1e-3), 'explainedVarianceRatio should be ' + fmt(pc.variance) + ' / ' + fmt(total) + ' = ' + fmt(pc.variance / total) + ', got ' + fmt(ratio) + '.', 'explainedVarianceRatio 应为 ' + fmt(pc.variance) + ' / ' + fmt(total) + ' = ' + fmt(pc.variance / total) + '，实际为 ' + fmt(ratio) + '。');
        pass('PC1 = ' + fmt(pc.vector, 3) + ' explains ' + fmt(100 * ratio, 3) + ' % of the variance: one number per point keeps almost all the information. Keep components until the cumulative ratio reaches your target (e.g. 95 %).',
          'PC1 = ' + fmt(pc.vector, 3) + '，解释了 ' + fmt(100 * ratio, 3) + '% 的方差：每个点用一个数就保留了几乎全部信息。保留主成分直到累计比例达到目标（如 95%）。');
      }
    `,
  },
];
