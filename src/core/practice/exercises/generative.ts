/**
 * Practice exercises for questions/generative-models.json.
 */
import { ts, ts as md, type PracticeExercise } from '../types';

export const GENERATIVE: PracticeExercise[] = [
  {
    questionId: 'gan',
    slug: 'gan',
    version: 1,
    title: { en: 'GAN losses from logits', zh: '从 logits 计算 GAN 的损失' },
    task: {
      en: md`
        The discriminator D outputs a **logit** for each sample (probability = sigmoid(logit)).

        1. \`discriminatorLoss(realLogits, fakeLogits)\`: D wants real → 1 and fake → 0:
           \`BCE(real, 1) + BCE(fake, 0)\`. Use \`tf.losses.sigmoidCrossEntropy(labels, logits)\`, which is stable
           from logits.
        2. \`generatorLoss(fakeLogits)\`: the **non-saturating** loss \`BCE(fake, 1) = −log D(G(z))\` instead of the
           minimax \`log(1 − D(G(z)))\` in the starter.`,
      zh: md`
        判别器 D 为每个样本输出一个 **logit**（概率 = sigmoid(logit)）。

        1. \`discriminatorLoss(realLogits, fakeLogits)\`：D 希望真样本 → 1、假样本 → 0：\`BCE(real, 1) + BCE(fake, 0)\`。
           使用 \`tf.losses.sigmoidCrossEntropy(labels, logits)\`，它从 logits 计算，数值稳定。
        2. \`generatorLoss(fakeLogits)\`：用**非饱和**损失 \`BCE(fake, 1) = −log D(G(z))\`，代替初始代码中的极小极大形式
           \`log(1 − D(G(z)))\`。`,
    },
    setup: ts`
      //en: D's logits on a batch of real samples and on a batch of generated ones.
      //zh: D 在一批真实样本和一批生成样本上的 logits。
      const realLogits = tf.tensor1d([2.0, 0.5, 3.1, -0.2]);
      const fakeLogits = tf.tensor1d([-1.5, 0.3, -2.8, 0.1]);
      const softplus = (v: number) => Math.log(1 + Math.exp(v));
    `,
    starter: ts`
      function discriminatorLoss(realLogits: tf.Tensor, fakeLogits: tf.Tensor): tf.Scalar {
        //en: TODO: also penalise D for calling fakes real: add BCE(fakeLogits, 0).
        //zh: TODO：还要惩罚 D 把假样本判为真：加上 BCE(fakeLogits, 0)。
        return tf.losses.sigmoidCrossEntropy(tf.onesLike(realLogits), realLogits) as tf.Scalar;
      }
      function generatorLoss(fakeLogits: tf.Tensor): tf.Scalar {
        //en: TODO: the minimax form log(1 − D(G(z))) saturates when D rejects the fakes. Use BCE(fakeLogits, 1) = −log D(G(z)).
        //zh: TODO：极小极大形式 log(1 − D(G(z))) 在 D 拒绝假样本时会饱和。请用 BCE(fakeLogits, 1) = −log D(G(z))。
        return tf.log(tf.sub(1, tf.sigmoid(fakeLogits))).mean() as tf.Scalar;
      }
    `,
    solution: ts`
      function discriminatorLoss(realLogits: tf.Tensor, fakeLogits: tf.Tensor): tf.Scalar {
        const real = tf.losses.sigmoidCrossEntropy(tf.onesLike(realLogits), realLogits);
        const fake = tf.losses.sigmoidCrossEntropy(tf.zerosLike(fakeLogits), fakeLogits);
        return real.add(fake) as tf.Scalar;
      }
      function generatorLoss(fakeLogits: tf.Tensor): tf.Scalar {
        return tf.losses.sigmoidCrossEntropy(tf.onesLike(fakeLogits), fakeLogits) as tf.Scalar;
      }
    `,
    check: ts`
      {
        const r = toNumbers(realLogits);
        const f = toNumbers(fakeLogits);
        const wantD = r.reduce((s, v) => s + softplus(-v), 0) / r.length + f.reduce((s, v) => s + softplus(v), 0) / f.length;
        const gotD = discriminatorLoss(realLogits, fakeLogits).dataSync()[0];
        check(near(gotD, wantD, 1e-4), 'discriminatorLoss should be mean(−log D(real)) + mean(−log(1 − D(fake))) = ' + fmt(wantD) + ', got ' + fmt(gotD) + '.', 'discriminatorLoss 应为 mean(−log D(real)) + mean(−log(1 − D(fake))) = ' + fmt(wantD) + '，实际为 ' + fmt(gotD) + '。');
        const atOptimum = discriminatorLoss(tf.zeros([4]), tf.zeros([4])).dataSync()[0];
        const wantG = f.reduce((s, v) => s + softplus(-v), 0) / f.length;
        const gotG = generatorLoss(fakeLogits).dataSync()[0];
        check(near(gotG, wantG, 1e-4), 'generatorLoss should be mean(−log D(G(z))) = ' + fmt(wantG) + ', got ' + fmt(gotG) + '. Hint: sigmoidCrossEntropy with label 1 on the fake logits.', 'generatorLoss 应为 mean(−log D(G(z))) = ' + fmt(wantG) + '，实际为 ' + fmt(gotG) + '。提示：对假样本 logits 用标签 1 的 sigmoidCrossEntropy。');
        const rejected = tf.tensor1d([-5]);
        const gNs = tf.grad((l: tf.Tensor) => generatorLoss(l))(rejected).dataSync()[0];
        const gMm = tf.grad((l: tf.Tensor) => tf.log(tf.sub(1, tf.sigmoid(l))).mean())(rejected).dataSync()[0];
        pass('When D is at chance (all logits 0) its loss is 2·ln 2 = ' + fmt(atOptimum, 4) + ' — the value at the game\'s equilibrium. When D confidently rejects a fake (logit −5), the non-saturating generator gradient is ' + fmt(gNs, 3) + ' versus ' + fmt(gMm, 3) + ' for log(1 − D): early in training, when fakes are easy to spot, only the non-saturating loss lets G learn.',
          'D 处于随机猜测（logits 全为 0）时损失为 2·ln 2 = ' + fmt(atOptimum, 4) + '——这是博弈均衡时的值。当 D 自信地拒绝一个假样本（logit −5）时，非饱和生成器损失的梯度为 ' + fmt(gNs, 3) + '，而 log(1 − D) 只有 ' + fmt(gMm, 3) + '：训练初期假样本很容易识别，只有非饱和损失能让 G 学下去。');
      }
    `,
  },
  {
    questionId: 'gan-training-problems',
    slug: 'gan-mode-collapse',
    version: 1,
    title: { en: 'Detect mode collapse', zh: '检测模式崩溃' },
    task: {
      en: md`
        The real data is a ring of 8 Gaussian modes. Three "generators" produced 400 samples each: a healthy one, a
        **collapsed** one (it found 2 modes that fool D and stays there) and a blurry one (samples everywhere).

        Write \`modesCovered(samples, centers, radius, minShare)\`: a mode counts as covered when at least
        \`minShare\` of the samples lie within \`radius\` of its centre. Sample quality alone cannot reveal mode
        collapse — coverage can.`,
      zh: md`
        真实数据是一个由 8 个高斯模式组成的圆环。三个"生成器"各生成了 400 个样本：一个正常的、一个**模式崩溃**的（它找到 2 个能
        骗过 D 的模式后就停在那里）、一个模糊的（样本到处都是）。

        写出 \`modesCovered(samples, centers, radius, minShare)\`：当至少 \`minShare\` 比例的样本落在某个模式中心的 \`radius\`
        范围内时，该模式算作被覆盖。只看样本质量发现不了模式崩溃——覆盖率可以。`,
    },
    setup: ts`
      const rand = seededRandom(29);
      const centers = Array.from({ length: 8 }, (_, k) => [3 * Math.cos((k * Math.PI) / 4), 3 * Math.sin((k * Math.PI) / 4)]);
      const around = (c: number[]) => [c[0] + 0.15 * randn(rand), c[1] + 0.15 * randn(rand)];
      const healthy = Array.from({ length: 400 }, (_, i) => around(centers[i % 8]));
      const collapsed = Array.from({ length: 400 }, (_, i) => around(centers[i % 2]));
      const blurry = Array.from({ length: 400 }, () => [9 * rand() - 4.5, 9 * rand() - 4.5]);
      //en: Share of samples within radius of some mode: a "quality" score.
      //zh: 落在某个模式 radius 范围内的样本比例："质量"分数。
      const quality = (samples: number[][], radius = 0.5) => samples.filter((s) => centers.some((c) => Math.hypot(s[0] - c[0], s[1] - c[1]) <= radius)).length / samples.length;
    `,
    starter: ts`
      function modesCovered(samples: number[][], centers: number[][], radius = 0.5, minShare = 0.03): number {
        //en: TODO: count the centres that have at least minShare · samples.length samples within radius.
        //zh: TODO：统计有至少 minShare · samples.length 个样本落在 radius 范围内的中心个数。
        return centers.length;
      }
    `,
    solution: ts`
      function modesCovered(samples: number[][], centers: number[][], radius = 0.5, minShare = 0.03): number {
        return centers.filter((c) => samples.filter((s) => Math.hypot(s[0] - c[0], s[1] - c[1]) <= radius).length >= minShare * samples.length).length;
      }
    `,
    check: ts`
      {
        const h = modesCovered(healthy, centers);
        const c = modesCovered(collapsed, centers);
        const b = modesCovered(blurry, centers);
        check(h === 8, 'The healthy generator covers all 8 modes, got ' + h + '.', '正常的生成器覆盖了全部 8 个模式，实际为 ' + h + '。');
        check(c === 2, 'The collapsed generator covers only 2 modes, got ' + c + '. Count a centre only if enough samples lie within radius of it.', '崩溃的生成器只覆盖 2 个模式，实际为 ' + c + '。只有当足够多的样本落在中心的 radius 范围内时才计数。');
        check(b === 0, 'The blurry generator puts too few samples near any mode to cover it (expected 0), got ' + b + '.', '模糊的生成器在任何模式附近都没有足够的样本（应为 0），实际为 ' + b + '。');
        console.log('healthy:   quality ' + fmt(quality(healthy), 3) + ', modes ' + h + '/8');
        console.log('collapsed: quality ' + fmt(quality(collapsed), 3) + ', modes ' + c + '/8');
        console.log('blurry:    quality ' + fmt(quality(blurry), 3) + ', modes ' + b + '/8');
        display.chart({ kind: 'scatter', title: 'generated samples', series: [{ name: 'healthy', x: healthy.map((s) => s[0]), y: healthy.map((s) => s[1]) }, { name: 'collapsed', x: collapsed.map((s) => s[0]), y: collapsed.map((s) => s[1]) }] });
        pass('The collapsed generator\'s samples are as sharp as the healthy ones (quality ' + fmt(quality(collapsed), 3) + ') but cover 2 of 8 modes: D only judges samples one at a time, so G can win by repeating a few good ones. Remedies: minibatch discrimination, unrolled GANs, WGAN-GP, spectral normalisation — and measure diversity (recall, FID), not only quality.',
          '崩溃生成器的样本与正常生成器一样清晰（质量 ' + fmt(quality(collapsed), 3) + '），却只覆盖 8 个模式中的 2 个：D 每次只评判单个样本，所以 G 重复几个好样本就能获胜。对策：小批量判别、unrolled GAN、WGAN-GP、谱归一化——并且要度量多样性（recall、FID），而不只是质量。');
      }
    `,
  },
  {
    questionId: 'autoencoder',
    slug: 'autoencoder',
    version: 1,
    title: { en: 'A linear autoencoder and its bottleneck', zh: '线性自编码器与瓶颈' },
    task: {
      en: md`
        200 points in 5-D that really lie on a **2-D plane** (plus a little noise). An autoencoder compresses each
        point to \`bottleneck\` numbers and reconstructs it.

        1. Train it to reproduce its input: the **targets are the inputs themselves** (no labels needed).
        2. Choose the smallest \`bottleneck\` that still reconstructs the data well (relative error < 2 %).`,
      zh: md`
        5 维空间中的 200 个点，实际上位于一个**二维平面**上（外加少量噪声）。自编码器把每个点压缩成 \`bottleneck\` 个数再重建。

        1. 训练它重建自己的输入：**目标就是输入本身**（不需要标签）。
        2. 选出仍能很好重建数据（相对误差 < 2%）的最小 \`bottleneck\`。`,
    },
    setup: ts`
      const rand = seededRandom(19);
      const A = [[1, 0.5, -0.3, 0.8, 0.1], [-0.2, 0.9, 0.6, -0.4, 0.7]];
      const rows = Array.from({ length: 200 }, () => {
        const z = [randn(rand), randn(rand)];
        return A[0].map((_, j) => z[0] * A[0][j] + z[1] * A[1][j] + 0.02 * randn(rand));
      });
      const data = tf.tensor2d(rows);
      const meanSquare = data.sub(data.mean(0)).square().mean().dataSync()[0];
    `,
    starter: ts`
      //en: TODO: the smallest bottleneck that can hold this data.
      //zh: TODO：能容纳这些数据的最小瓶颈维度。
      const bottleneck = 1;
      const autoencoder = tf.sequential({
        layers: [
          tf.layers.dense({ units: bottleneck, inputShape: [5], kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
          tf.layers.dense({ units: 5, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
        ],
      });
      autoencoder.compile({ optimizer: tf.train.adam(0.1), loss: 'meanSquaredError' });
      //en: TODO: an autoencoder learns to reproduce its input — what are the targets?
      //zh: TODO：自编码器学习重建自己的输入——目标应该是什么？
      const history = await autoencoder.fit(data, tf.zerosLike(data), { epochs: 60, batchSize: 200, verbose: 0 });
    `,
    solution: ts`
      const bottleneck = 2;
      const autoencoder = tf.sequential({
        layers: [
          tf.layers.dense({ units: bottleneck, inputShape: [5], kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
          tf.layers.dense({ units: 5, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
        ],
      });
      autoencoder.compile({ optimizer: tf.train.adam(0.1), loss: 'meanSquaredError' });
      const history = await autoencoder.fit(data, data, { epochs: 60, batchSize: 200, verbose: 0 });
    `,
    check: ts`
      {
        check(bottleneck < 5, 'bottleneck = ' + bottleneck + ' does not compress anything: the autoencoder can learn the identity. Make it smaller than the input (5).', 'bottleneck = ' + bottleneck + ' 没有任何压缩：自编码器可以直接学到恒等映射。请让它小于输入维度（5）。');
        const recon = autoencoder.predict(data) as tf.Tensor;
        const relError = recon.sub(data).square().mean().dataSync()[0] / meanSquare;
        const lossHistory = history.history.loss as number[];
        check(relError < 0.02,
          'Relative reconstruction error is ' + fmt(100 * relError, 3) + ' %.' + (relError > 0.9 ? ' The model did not learn to reproduce its input: fit(data, data) — the targets are the inputs.' : bottleneck < 2 ? ' ' + bottleneck + ' number per point cannot describe data spread over a 2-D plane.' : ' Train it with the inputs as targets.'),
          '相对重建误差为 ' + fmt(100 * relError, 3) + '%。' + (relError > 0.9 ? '模型没有学会重建输入：应为 fit(data, data)——目标就是输入。' : bottleneck < 2 ? '每个点只用 ' + bottleneck + ' 个数无法描述分布在二维平面上的数据。' : '请以输入作为目标进行训练。'));
        pass('A ' + bottleneck + '-number code reconstructs the 5-D points with ' + fmt(100 * relError, 2) + ' % relative error (final loss ' + fmt(lossHistory[lossHistory.length - 1], 3) + '). A linear autoencoder learns the same subspace as PCA; with non-linear layers it can learn curved manifolds. Variants: denoising, sparse, variational.',
          '用 ' + bottleneck + ' 个数的编码重建 5 维点，相对误差 ' + fmt(100 * relError, 2) + '%（最终损失 ' + fmt(lossHistory[lossHistory.length - 1], 3) + '）。线性自编码器学到的子空间与 PCA 相同；加上非线性层就能学习弯曲的流形。变体：去噪、稀疏、变分自编码器。');
      }
    `,
  },
  {
    questionId: 'vae',
    slug: 'vae',
    version: 1,
    title: { en: 'The reparameterisation trick and the KL term', zh: '重参数化技巧与 KL 项' },
    task: {
      en: md`
        The encoder of a VAE outputs \`mu\` and \`logVar\` (log σ²) per latent dimension.

        1. \`reparameterize(mu, logVar, eps)\`: \`z = mu + σ · eps\` with \`σ = exp(½ · logVar)\` and \`eps ~ N(0, 1)\`
           passed in. The randomness is in \`eps\`, so \`z\` stays differentiable in \`mu\` and \`logVar\`.
        2. \`klDivergence(mu, logVar)\` = \`−½ Σ (1 + logVar − mu² − exp(logVar))\`, summed over the latent dimensions
           and averaged over the batch: the KL from \`N(mu, σ²)\` to the prior \`N(0, 1)\`.`,
      zh: md`
        VAE 的编码器为每个隐变量维度输出 \`mu\` 和 \`logVar\`（log σ²）。

        1. \`reparameterize(mu, logVar, eps)\`：\`z = mu + σ · eps\`，其中 \`σ = exp(½ · logVar)\`，\`eps ~ N(0, 1)\` 作为参数传入。
           随机性在 \`eps\` 里，所以 \`z\` 对 \`mu\` 和 \`logVar\` 仍然可导。
        2. \`klDivergence(mu, logVar)\` = \`−½ Σ (1 + logVar − mu² − exp(logVar))\`，在隐变量维度上求和、在 batch 上求平均：
           即 \`N(mu, σ²)\` 到先验 \`N(0, 1)\` 的 KL 散度。`,
    },
    setup: ts`
      const mu = tf.tensor2d([[0, 0], [1, 2]]);
      const logVar = tf.tensor2d([[0, 0], [0, Math.log(4)]]);
    `,
    starter: ts`
      function reparameterize(mu: tf.Tensor, logVar: tf.Tensor, eps: tf.Tensor): tf.Tensor {
        //en: TODO: z = mu + exp(½·logVar) · eps (this ignores the spread σ).
        //zh: TODO：z = mu + exp(½·logVar) · eps（这里忽略了标准差 σ）。
        return mu.add(eps);
      }
      function klDivergence(mu: tf.Tensor2D, logVar: tf.Tensor2D): tf.Scalar {
        //en: TODO: −½ Σ (1 + logVar − mu² − exp(logVar)) over the latent axis, then the mean over the batch.
        //zh: TODO：在隐变量轴上求 −½ Σ (1 + logVar − mu² − exp(logVar))，再在 batch 上求平均。
        return tf.scalar(0);
      }
    `,
    solution: ts`
      function reparameterize(mu: tf.Tensor, logVar: tf.Tensor, eps: tf.Tensor): tf.Tensor {
        return mu.add(tf.exp(logVar.mul(0.5)).mul(eps));
      }
      function klDivergence(mu: tf.Tensor2D, logVar: tf.Tensor2D): tf.Scalar {
        const perSample = tf.sum(tf.sub(tf.add(1, logVar), tf.add(tf.square(mu), tf.exp(logVar))), -1).mul(-0.5);
        return perSample.mean() as tf.Scalar;
      }
    `,
    check: ts`
      {
        const z = reparameterize(tf.tensor1d([1]), tf.tensor1d([Math.log(4)]), tf.tensor1d([0.5]));
        check(allClose(z, [2], 1e-5), 'With mu = 1, σ = 2 (logVar = log 4) and eps = 0.5, z should be 1 + 2·0.5 = 2, got ' + fmt(z) + '.', 'mu = 1、σ = 2（logVar = log 4）、eps = 0.5 时，z 应为 1 + 2·0.5 = 2，实际为 ' + fmt(z) + '。');
        const [dMu, dLogVar] = tf.grads((m: tf.Tensor, lv: tf.Tensor) => reparameterize(m, lv, tf.tensor1d([0.5])).sum())([tf.tensor1d([1]), tf.tensor1d([Math.log(4)])]);
        check(allClose(dMu, [1], 1e-5) && allClose(dLogVar, [0.5], 1e-5), 'dz/dmu should be 1 and dz/dlogVar = ½·σ·eps = 0.5; got ' + fmt(dMu) + ' and ' + fmt(dLogVar) + '.', 'dz/dmu 应为 1，dz/dlogVar = ½·σ·eps = 0.5；实际为 ' + fmt(dMu) + ' 和 ' + fmt(dLogVar) + '。');
        const kl0 = klDivergence(tf.zeros([1, 2]), tf.zeros([1, 2])).dataSync()[0];
        check(near(kl0, 0, 1e-6), 'KL(N(0, 1) ‖ N(0, 1)) must be 0, got ' + fmt(kl0) + '.', 'KL(N(0, 1) ‖ N(0, 1)) 必须为 0，实际为 ' + fmt(kl0) + '。');
        const want = (0 + (0.5 * (1 + 4) + -0.5 * (1 + Math.log(4) - 4))) / 2;
        const got = klDivergence(mu, logVar).dataSync()[0];
        check(near(got, want, 1e-4), 'For the batch in the setup the mean KL is ' + fmt(want) + ' (sample 1: 0; sample 2: ½(1 + 4) from the means plus ' + fmt(-0.5 * (1 + Math.log(4) - 4)) + ' from σ = 2), got ' + fmt(got) + '.', '对准备代码中的批次，平均 KL 为 ' + fmt(want) + '（样本 1：0；样本 2：均值贡献 ½(1 + 4)，σ = 2 贡献 ' + fmt(-0.5 * (1 + Math.log(4) - 4)) + '），实际为 ' + fmt(got) + '。');
        pass('Gradients flow through z to mu and logVar, so the encoder trains by backprop. The VAE loss is −ELBO = reconstruction error + KL: the KL pulls every posterior towards N(0, 1) so that sampling z ~ N(0, 1) and decoding gives realistic outputs.',
          '梯度经过 z 流向 mu 和 logVar，所以编码器可以用反向传播训练。VAE 的损失是 −ELBO = 重建误差 + KL：KL 把每个后验拉向 N(0, 1)，这样从 N(0, 1) 采样 z 再解码就能得到逼真的输出。');
      }
    `,
  },
];
