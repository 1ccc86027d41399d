/**
 * Practice exercises for questions/large-models.json and questions/deployment-mlops.json.
 */
import { ts, ts as md, type PracticeExercise } from '../types';

export const LARGE_MODELS_AND_DEPLOYMENT: PracticeExercise[] = [
  {
    questionId: 'lora',
    slug: 'lora',
    version: 1,
    title: { en: 'A LoRA adapter', zh: 'LoRA 适配器' },
    task: {
      en: md`
        LoRA freezes a pre-trained weight \`W\` (\`[dIn, dOut]\`) and learns a low-rank update:
        \`y = x·W + (alpha / r) · x·A·B\` with \`A: [dIn, r]\` and \`B: [r, dOut]\`.

        1. \`createLora(W, r, alpha)\`: \`A\` small random, **\`B\` zeros** (so training starts exactly from the
           pre-trained model), \`scale = alpha / r\`.
        2. \`mergeLora(lora)\`: the single matrix \`W + scale · A·B\` to deploy with no extra latency.
        3. \`loraParamCount(dIn, dOut, r)\`: the number of trainable parameters.`,
      zh: md`
        LoRA 冻结预训练权重 \`W\`（\`[dIn, dOut]\`），只学习一个低秩更新：
        \`y = x·W + (alpha / r) · x·A·B\`，其中 \`A: [dIn, r]\`，\`B: [r, dOut]\`。

        1. \`createLora(W, r, alpha)\`：\`A\` 为较小的随机值，**\`B\` 为全零**（这样训练正好从预训练模型出发），
           \`scale = alpha / r\`。
        2. \`mergeLora(lora)\`：合并成一个矩阵 \`W + scale · A·B\`，部署时没有额外延迟。
        3. \`loraParamCount(dIn, dOut, r)\`：可训练参数的数量。`,
    },
    setup: ts`
      interface Lora {
        W: tf.Tensor2D;
        A: tf.Tensor2D;
        B: tf.Tensor2D;
        scale: number;
      }
      const W = tf.randomNormal([8, 6], 0, 1, 'float32', 71) as tf.Tensor2D;
      const x = tf.randomNormal([3, 8], 0, 1, 'float32', 72) as tf.Tensor2D;
      function loraForward(lora: Lora, x: tf.Tensor2D): tf.Tensor2D {
        return x.matMul(lora.W).add(x.matMul(lora.A).matMul(lora.B).mul(lora.scale));
      }
    `,
    starter: ts`
      function createLora(W: tf.Tensor2D, r: number, alpha: number): Lora {
        const [dIn, dOut] = W.shape;
        //en: TODO: B must start at zero so that the adapted layer equals the pre-trained one; scale = alpha / r.
        //zh: TODO：B 必须从零开始，使适配后的层与预训练层完全相同；scale = alpha / r。
        const A = tf.randomNormal([dIn, r], 0, 0.02) as tf.Tensor2D;
        const B = tf.randomNormal([r, dOut], 0, 0.02) as tf.Tensor2D;
        return { W, A, B, scale: 1 };
      }
      function mergeLora(lora: Lora): tf.Tensor2D {
        //en: TODO: W + scale · A·B
        //zh: TODO：W + scale · A·B
        return lora.W;
      }
      function loraParamCount(dIn: number, dOut: number, r: number): number {
        //en: TODO: only A and B are trained.
        //zh: TODO：只有 A 和 B 参与训练。
        return dIn * dOut;
      }
    `,
    solution: ts`
      function createLora(W: tf.Tensor2D, r: number, alpha: number): Lora {
        const [dIn, dOut] = W.shape;
        const A = tf.randomNormal([dIn, r], 0, 0.02) as tf.Tensor2D;
        const B = tf.zeros([r, dOut]) as tf.Tensor2D;
        return { W, A, B, scale: alpha / r };
      }
      function mergeLora(lora: Lora): tf.Tensor2D {
        return lora.W.add(lora.A.matMul(lora.B).mul(lora.scale));
      }
      function loraParamCount(dIn: number, dOut: number, r: number): number {
        return r * (dIn + dOut);
      }
    `,
    check: ts`
      {
        const lora = createLora(W, 2, 8);
        check(allClose(lora.A.shape, [8, 2], 0) && allClose(lora.B.shape, [2, 6], 0), 'A should be [dIn, r] = [8, 2] and B [r, dOut] = [2, 6], got ' + fmt(lora.A.shape) + ' and ' + fmt(lora.B.shape) + '.', 'A 应为 [dIn, r] = [8, 2]，B 应为 [r, dOut] = [2, 6]，实际为 ' + fmt(lora.A.shape) + ' 和 ' + fmt(lora.B.shape) + '。');
        check(allClose(loraForward(lora, x), x.matMul(W), 1e-6), 'Right after createLora the adapted layer should equal the pre-trained one (x·W): initialise B to zeros.', 'createLora 之后，适配层应与预训练层（x·W）完全相同：请把 B 初始化为零。');
        check(near(lora.scale, 4, 1e-9), 'scale should be alpha / r = 8 / 2 = 4, got ' + fmt(lora.scale) + '.', 'scale 应为 alpha / r = 8 / 2 = 4，实际为 ' + fmt(lora.scale) + '。');
        const trained: Lora = { ...lora, B: tf.randomNormal([2, 6], 0, 0.5, 'float32', 73) as tf.Tensor2D };
        check(allClose(x.matMul(mergeLora(trained)), loraForward(trained, x), 1e-4), 'x·mergeLora(lora) should equal loraForward(lora, x): merge W + scale·A·B.', 'x·mergeLora(lora) 应等于 loraForward(lora, x)：合并为 W + scale·A·B。');
        const full = 4096 * 4096;
        const count = loraParamCount(4096, 4096, 8);
        check(count === 8 * (4096 + 4096), 'loraParamCount(4096, 4096, 8) should be 8·(4096 + 4096) = 65,536, got ' + count + '.', 'loraParamCount(4096, 4096, 8) 应为 8·(4096 + 4096) = 65,536，实际为 ' + count + '。');
        pass('For a 4096 × 4096 projection, rank 8 trains ' + count.toLocaleString('en') + ' parameters instead of ' + full.toLocaleString('en') + ' (' + fmt((100 * count) / full, 2) + ' %). B = 0 makes training start from the pre-trained model; alpha / r keeps the update\'s scale stable when you change r; merging removes the adapter at inference. QLoRA adds a 4-bit frozen W.',
          '对一个 4096 × 4096 的投影，秩 8 只需训练 ' + count.toLocaleString('en') + ' 个参数，而不是 ' + full.toLocaleString('en') + ' 个（' + fmt((100 * count) / full, 2) + '%）。B = 0 让训练从预训练模型出发；alpha / r 让更新的尺度在改变 r 时保持稳定；合并后推理时没有适配器开销。QLoRA 再把冻结的 W 量化为 4 位。');
      }
    `,
  },
  {
    questionId: 'kv-cache',
    slug: 'kv-cache',
    version: 1,
    title: { en: 'Decoding with a KV cache', zh: '用 KV 缓存解码' },
    task: {
      en: md`
        Autoregressive decoding with one attention layer. \`fullCausalAttention(X)\` recomputes every token's
        projections at every step; \`project\` counts how many key/value projections are computed.

        1. \`decodeWithCache(X)\`: at step *t*, compute \`q\`, \`k\`, \`v\` for the **new** token only, append \`k\` and
           \`v\` to the cache, and attend with \`q\` over everything cached (\`attendOne\`). The outputs must equal
           \`fullCausalAttention(X)\`.
        2. \`kvCacheBytes(layers, heads, headDim, seqLen, batch, bytesPerValue)\`: the cache's memory — keys **and**
           values, for every layer, head and position.`,
      zh: md`
        单层注意力的自回归解码。\`fullCausalAttention(X)\` 每一步都重新计算所有 token 的投影；\`project\` 会统计计算了多少次键/值投影。

        1. \`decodeWithCache(X)\`：第 *t* 步只为**新** token 计算 \`q\`、\`k\`、\`v\`，把 \`k\` 和 \`v\` 追加到缓存中，再用 \`q\` 对缓存中
           的全部内容做注意力（\`attendOne\`）。输出必须等于 \`fullCausalAttention(X)\`。
        2. \`kvCacheBytes(layers, heads, headDim, seqLen, batch, bytesPerValue)\`：缓存占用的内存——每一层、每个头、每个位置的
           键**和**值。`,
    },
    setup: ts`
      const rand = seededRandom(67);
      const d = 4;
      const mat = (rows: number, cols: number) => Array.from({ length: rows }, () => Array.from({ length: cols }, () => randn(rand) / 2));
      const [Wq, Wk, Wv] = [mat(d, d), mat(d, d), mat(d, d)];
      const X = mat(6, d);
      let kvProjections = 0;
      function project(x: number[], W: number[][]): number[] {
        if (W !== Wq) kvProjections++;
        return W[0].map((_, j) => x.reduce((s, v, i) => s + v * W[i][j], 0));
      }
      //en: softmax(q·kᵢ / √d) weighted sum of the values.
      //zh: 按 softmax(q·kᵢ / √d) 对值加权求和。
      function attendOne(q: number[], keys: number[][], values: number[][]): number[] {
        const scores = keys.map((k) => k.reduce((s, v, i) => s + v * q[i], 0) / Math.sqrt(d));
        const m = Math.max(...scores);
        const e = scores.map((s) => Math.exp(s - m));
        const z = e.reduce((a, b) => a + b, 0);
        return values[0].map((_, j) => values.reduce((s, v, i) => s + (e[i] / z) * v[j], 0));
      }
      //en: Without a cache: at step t, recompute the keys and values of tokens 0…t.
      //zh: 不用缓存：第 t 步重新计算 token 0…t 的键和值。
      function fullCausalAttention(X: number[][]): number[][] {
        return X.map((x, t) => attendOne(project(x, Wq), X.slice(0, t + 1).map((p) => project(p, Wk)), X.slice(0, t + 1).map((p) => project(p, Wv))));
      }
    `,
    starter: ts`
      function decodeWithCache(X: number[][]): number[][] {
        const cache = { keys: [] as number[][], values: [] as number[][] };
        const outputs: number[][] = [];
        for (let t = 0; t < X.length; t++) {
          const q = project(X[t], Wq);
          //en: TODO: append the new token's k and v to the cache and attend over the whole cache (this only sees the current token).
          //zh: TODO：把新 token 的 k 和 v 追加到缓存，并对整个缓存做注意力（这里只看到了当前 token）。
          outputs.push(attendOne(q, [project(X[t], Wk)], [project(X[t], Wv)]));
        }
        return outputs;
      }
      function kvCacheBytes(layers: number, heads: number, headDim: number, seqLen: number, batch: number, bytesPerValue: number): number {
        //en: TODO: the cache stores both K and V.
        //zh: TODO：缓存同时存储 K 和 V。
        return layers * heads * headDim * seqLen * batch * bytesPerValue;
      }
    `,
    solution: ts`
      function decodeWithCache(X: number[][]): number[][] {
        const cache = { keys: [] as number[][], values: [] as number[][] };
        const outputs: number[][] = [];
        for (let t = 0; t < X.length; t++) {
          const q = project(X[t], Wq);
          cache.keys.push(project(X[t], Wk));
          cache.values.push(project(X[t], Wv));
          outputs.push(attendOne(q, cache.keys, cache.values));
        }
        return outputs;
      }
      function kvCacheBytes(layers: number, heads: number, headDim: number, seqLen: number, batch: number, bytesPerValue: number): number {
        return 2 * layers * heads * headDim * seqLen * batch * bytesPerValue;
      }
    `,
    check: ts`
      {
        kvProjections = 0;
        const want = fullCausalAttention(X);
        const withoutCache = kvProjections;
        kvProjections = 0;
        const got = decodeWithCache(X);
        const withCache = kvProjections;
        const bad = want.findIndex((w, t) => !allClose(got[t] ?? [], w, 1e-9));
        check(bad < 0, 'Output ' + Math.max(bad, 0) + ' should be ' + fmt(want[Math.max(bad, 0)]) + ', got ' + fmt(got[Math.max(bad, 0)] ?? []) + '. Token t must attend to tokens 0…t: keep every k and v in the cache.', '第 ' + Math.max(bad, 0) + ' 个输出应为 ' + fmt(want[Math.max(bad, 0)]) + '，实际为 ' + fmt(got[Math.max(bad, 0)] ?? []) + '。token t 必须关注 token 0…t：把每个 k 和 v 都保存在缓存中。');
        check(withCache === 2 * X.length, 'With a cache each token\'s k and v are computed once: ' + 2 * X.length + ' projections, got ' + withCache + '.', '有缓存时每个 token 的 k 和 v 只计算一次：共 ' + 2 * X.length + ' 次投影，实际为 ' + withCache + ' 次。');
        const llama = kvCacheBytes(32, 32, 128, 4096, 1, 2);
        check(llama === 2 ** 31, 'A Llama-2-7B-sized model (32 layers, 32 heads × 128, 4096 tokens, fp16) needs 2·32·32·128·4096·2 bytes = 2 GiB, got ' + llama + ' bytes.', 'Llama-2-7B 规模的模型（32 层、32 个头 × 128、4096 个 token、fp16）需要 2·32·32·128·4096·2 字节 = 2 GiB，实际为 ' + llama + ' 字节。');
        pass('Same outputs with ' + withCache + ' K/V projections instead of ' + withoutCache + ' (n vs n(n+1)/2 — quadratic work becomes linear). The price is memory: 2 GiB per 4096-token sequence for a 7B model in fp16, which is why GQA/MQA share K/V across heads and PagedAttention manages the cache in blocks.',
          '输出相同，但 K/V 投影只有 ' + withCache + ' 次而不是 ' + withoutCache + ' 次（n 对 n(n+1)/2——二次的计算变成线性）。代价是内存：7B 模型在 fp16 下每条 4096 token 的序列要 2 GiB，所以 GQA/MQA 让多个头共享 K/V，PagedAttention 按块管理缓存。');
      }
    `,
  },
  {
    questionId: 'quantization',
    slug: 'quantization',
    version: 1,
    title: { en: 'Affine int8 quantisation', zh: '仿射 int8 量化' },
    task: {
      en: md`
        Quantise a float32 weight tensor to int8 with an affine mapping \`q = round(x / scale) + zeroPoint\`:

        1. \`quantParams(min, max)\`: \`scale = (max − min) / 255\` and an **integer** \`zeroPoint\` =
           round(−128 − min / scale), so that \`min\` maps to −128 and 0.0 is exactly representable.
        2. \`quantize(x, p)\`: round, add the zero point, **clamp to [−128, 127]**.
        3. \`dequantize(q, p)\` = \`(q − zeroPoint) · scale\`.`,
      zh: md`
        用仿射映射 \`q = round(x / scale) + zeroPoint\` 把 float32 权重量化为 int8：

        1. \`quantParams(min, max)\`：\`scale = (max − min) / 255\`，**整数** \`zeroPoint\` = round(−128 − min / scale)，使
           \`min\` 映射到 −128，且 0.0 可以被精确表示。
        2. \`quantize(x, p)\`：取整、加零点、**截断到 [−128, 127]**。
        3. \`dequantize(q, p)\` = \`(q − zeroPoint) · scale\`。`,
    },
    setup: ts`
      const weights = Array.from(tf.randomNormal([1000], 0.1, 0.5, 'float32', 81).dataSync());
      const wMin = Math.min(...weights);
      const wMax = Math.max(...weights);
      type QuantParams = { scale: number; zeroPoint: number };
    `,
    starter: ts`
      function quantParams(min: number, max: number): QuantParams {
        const scale = (max - min) / 255;
        //en: TODO: the zero point must be an integer, or 0.0 is not exactly representable.
        //zh: TODO：零点必须是整数，否则 0.0 无法被精确表示。
        return { scale, zeroPoint: -128 - min / scale };
      }
      function quantize(x: number[], p: QuantParams): number[] {
        //en: TODO: round to an integer, then clamp to the int8 range [−128, 127].
        //zh: TODO：取整，再截断到 int8 范围 [−128, 127]。
        return x.map((v) => v / p.scale + p.zeroPoint);
      }
      function dequantize(q: number[], p: QuantParams): number[] {
        return q.map((v) => (v - p.zeroPoint) * p.scale);
      }
    `,
    solution: ts`
      function quantParams(min: number, max: number): QuantParams {
        const scale = (max - min) / 255;
        return { scale, zeroPoint: Math.round(-128 - min / scale) };
      }
      function quantize(x: number[], p: QuantParams): number[] {
        return x.map((v) => Math.min(127, Math.max(-128, Math.round(v / p.scale) + p.zeroPoint)));
      }
      function dequantize(q: number[], p: QuantParams): number[] {
        return q.map((v) => (v - p.zeroPoint) * p.scale);
      }
    `,
    check: ts`
      {
        const p = quantParams(wMin, wMax);
        check(Number.isInteger(p.zeroPoint), 'zeroPoint should be an integer, got ' + fmt(p.zeroPoint, 6) + '.', 'zeroPoint 应为整数，实际为 ' + fmt(p.zeroPoint, 6) + '。');
        const q = quantize(weights, p);
        check(q.every((v) => Number.isInteger(v) && v >= -128 && v <= 127), 'Quantised values must be integers in [−128, 127]; the first ones are ' + fmt(q.slice(0, 5), 6) + '.', '量化后的值必须是 [−128, 127] 内的整数；前几个为 ' + fmt(q.slice(0, 5), 6) + '。');
        const back = dequantize(q, p);
        const maxErr = Math.max(...back.map((v, i) => Math.abs(v - weights[i])));
        check(maxErr <= p.scale / 2 + 1e-6, 'Rounding should keep every error within scale / 2 = ' + fmt(p.scale / 2) + ', the largest is ' + fmt(maxErr) + '.', '取整应使每个误差都在 scale / 2 = ' + fmt(p.scale / 2) + ' 以内，最大误差为 ' + fmt(maxErr) + '。');
        check(dequantize(quantize([0], p), p)[0] === 0, '0.0 should survive quantisation exactly (padding and ReLU zeros are everywhere).', '0.0 经过量化后应被精确还原（填充和 ReLU 产生的 0 随处可见）。');
        check(allClose(quantize([wMax + 10, wMin - 10], p), [127, -128], 0), 'Values outside [min, max] must clamp to 127 / −128.', '超出 [min, max] 的值必须截断到 127 / −128。');
        pass('1000 weights in 1000 bytes instead of 4000, max error ' + fmt(maxErr, 3) + ' (≤ scale/2 = ' + fmt(p.scale / 2, 3) + '). One outlier stretches [min, max] and coarsens the grid for every other weight — hence per-channel scales, clipping ranges chosen by calibration, and quantisation-aware training when post-training quantisation loses too much accuracy.',
          '1000 个权重只占 1000 字节而不是 4000，最大误差 ' + fmt(maxErr, 3) + '（≤ scale/2 = ' + fmt(p.scale / 2, 3) + '）。一个离群值就会拉大 [min, max]，让其他所有权重的网格变粗——因此要用逐通道的 scale、通过校准选择截断范围，并在训练后量化损失太多精度时使用量化感知训练。');
      }
    `,
  },
  {
    questionId: 'pruning',
    slug: 'pruning',
    version: 1,
    title: { en: 'Magnitude pruning', zh: '幅值剪枝' },
    task: {
      en: md`
        Write \`magnitudePrune(weights, sparsity)\`: zero out the \`floor(sparsity · n)\` weights with the smallest
        **absolute value** and keep the others unchanged; return the pruned weights and the 0/1 mask. The starter
        ranks by signed value, which throws away large negative weights.`,
      zh: md`
        写出 \`magnitudePrune(weights, sparsity)\`：把**绝对值**最小的 \`floor(sparsity · n)\` 个权重置零，其余保持不变；返回剪枝后的
        权重和 0/1 掩码。初始代码按带符号的值排序，会丢掉绝对值很大的负权重。`,
    },
    setup: ts`
      const weights = [0.9, -1.2, 0.05, 0.3, -0.02, 0.6, -0.7, 0.01, 0.4, -0.15, 1.1, -0.08, 0.2, -0.5, 0.03, 0.75, -0.25, 0.12, -0.9, 0.07];
      const rand = seededRandom(83);
      const inputs = Array.from({ length: 200 }, () => weights.map(() => randn(rand)));
      const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i], 0);
      const outputs = (w: number[]) => inputs.map((x) => dot(x, w));
    `,
    starter: ts`
      function magnitudePrune(weights: number[], sparsity: number): { pruned: number[]; mask: number[] } {
        const count = Math.floor(sparsity * weights.length);
        //en: TODO: rank by |w|, not by w.
        //zh: TODO：按 |w| 排序，而不是按 w。
        const order = weights.map((_, i) => i).sort((a, b) => weights[a] - weights[b]);
        const drop = new Set(order.slice(0, count));
        const mask = weights.map((_, i) => (drop.has(i) ? 0 : 1));
        return { pruned: weights.map((w, i) => w * mask[i]), mask };
      }
    `,
    solution: ts`
      function magnitudePrune(weights: number[], sparsity: number): { pruned: number[]; mask: number[] } {
        const count = Math.floor(sparsity * weights.length);
        const order = weights.map((_, i) => i).sort((a, b) => Math.abs(weights[a]) - Math.abs(weights[b]));
        const drop = new Set(order.slice(0, count));
        const mask = weights.map((_, i) => (drop.has(i) ? 0 : 1));
        return { pruned: weights.map((w, i) => w * mask[i]), mask };
      }
    `,
    check: ts`
      {
        const { pruned, mask } = magnitudePrune(weights, 0.5);
        check(mask.filter((m) => m === 0).length === 10 && pruned.filter((w) => w === 0).length === 10, '50 % sparsity of 20 weights means exactly 10 zeros, got ' + pruned.filter((w) => w === 0).length + '.', '20 个权重 50% 稀疏意味着恰好 10 个零，实际为 ' + pruned.filter((w) => w === 0).length + ' 个。');
        const threshold = [...weights].map(Math.abs).sort((a, b) => a - b)[9];
        const wrong = weights.filter((w, i) => (Math.abs(w) > threshold) !== (mask[i] === 1));
        check(wrong.length === 0, 'Kept and dropped weights are mixed up: ' + fmt(wrong) + '. Keep the 10 largest |w| (dropped: |w| ≤ ' + fmt(threshold) + ').', '保留和剪掉的权重搞混了：' + fmt(wrong) + '。应保留 |w| 最大的 10 个（剪掉 |w| ≤ ' + fmt(threshold) + ' 的）。');
        check(pruned.every((w, i) => w === 0 || w === weights[i]), 'Kept weights must keep their value.', '保留的权重必须保持原值。');
        const full = outputs(weights);
        const rel = (w: number[]) => Math.sqrt(outputs(w).reduce((s, y, i) => s + (y - full[i]) ** 2, 0) / full.reduce((s, y) => s + y * y, 0));
        const randomMask = weights.map((_, i) => (i % 2 === 0 ? 0 : 1));
        pass('Removing the 10 smallest-magnitude weights changes the outputs by ' + fmt(100 * rel(pruned), 3) + ' % (relative), removing 10 arbitrary ones by ' + fmt(100 * rel(weights.map((w, i) => w * randomMask[i])), 3) + ' %. Unstructured sparsity like this needs sparse kernels to run faster; structured pruning (whole channels or heads) speeds up ordinary dense hardware. Usually: prune, fine-tune, repeat.',
          '去掉幅值最小的 10 个权重，输出相对变化 ' + fmt(100 * rel(pruned), 3) + '%；随便去掉 10 个则变化 ' + fmt(100 * rel(weights.map((w, i) => w * randomMask[i])), 3) + '%。这种非结构化稀疏需要稀疏计算内核才能提速；结构化剪枝（整个通道或注意力头）在普通稠密硬件上就能加速。通常做法：剪枝、微调、再重复。');
      }
    `,
  },
  {
    questionId: 'knowledge-distillation',
    slug: 'distillation',
    version: 1,
    title: { en: 'A distillation loss with temperature', zh: '带温度的蒸馏损失' },
    task: {
      en: md`
        1. \`softmaxT(logits, T)\` = softmax(logits / T). Higher T gives softer probabilities that reveal which wrong
           classes the teacher finds plausible ("dark knowledge").
        2. \`distillationLoss(student, teacher, label, T, alpha)\` =
           \`alpha · T² · KL(softmaxT(teacher, T) ‖ softmaxT(student, T)) + (1 − alpha) · CE(label, softmax(student))\`.
           The T² keeps the soft term's gradients at the same scale as T changes.`,
      zh: md`
        1. \`softmaxT(logits, T)\` = softmax(logits / T)。T 越大概率越"软"，能揭示教师认为哪些错误类别也说得通（"暗知识"）。
        2. \`distillationLoss(student, teacher, label, T, alpha)\` =
           \`alpha · T² · KL(softmaxT(teacher, T) ‖ softmaxT(student, T)) + (1 − alpha) · CE(label, softmax(student))\`。
           T² 让软目标项的梯度尺度不随 T 变化。`,
    },
    setup: ts`
      const teacher = [6.0, 2.5, 1.0, -1.0];
      const student = [3.0, 1.5, 0.5, 0.2];
      const label = 0;
      const entropy = (p: number[]) => -p.reduce((s, v) => s + (v > 0 ? v * Math.log(v) : 0), 0);
    `,
    starter: ts`
      function softmaxT(logits: number[], T: number): number[] {
        //en: TODO: divide the logits by T.
        //zh: TODO：把 logits 除以 T。
        const m = Math.max(...logits);
        const e = logits.map((v) => Math.exp(v - m));
        const s = e.reduce((a, b) => a + b, 0);
        return e.map((v) => v / s);
      }
      function distillationLoss(student: number[], teacher: number[], label: number, T: number, alpha: number): number {
        const p = softmaxT(teacher, T);
        const q = softmaxT(student, T);
        const kl = p.reduce((s, pi, i) => s + pi * Math.log(pi / q[i]), 0);
        const ce = -Math.log(softmaxT(student, 1)[label]);
        //en: TODO: multiply the soft term by T².
        //zh: TODO：把软目标项乘以 T²。
        return alpha * kl + (1 - alpha) * ce;
      }
    `,
    solution: ts`
      function softmaxT(logits: number[], T: number): number[] {
        const scaled = logits.map((v) => v / T);
        const m = Math.max(...scaled);
        const e = scaled.map((v) => Math.exp(v - m));
        const s = e.reduce((a, b) => a + b, 0);
        return e.map((v) => v / s);
      }
      function distillationLoss(student: number[], teacher: number[], label: number, T: number, alpha: number): number {
        const p = softmaxT(teacher, T);
        const q = softmaxT(student, T);
        const kl = p.reduce((s, pi, i) => s + pi * Math.log(pi / q[i]), 0);
        const ce = -Math.log(softmaxT(student, 1)[label]);
        return alpha * T * T * kl + (1 - alpha) * ce;
      }
    `,
    check: ts`
      {
        const want4 = tf.softmax(tf.tensor1d(teacher).div(4));
        check(allClose(softmaxT(teacher, 4), want4, 1e-5), 'softmaxT(teacher, 4) should be softmax(teacher / 4) = ' + fmt(want4, 3) + ', got ' + fmt(softmaxT(teacher, 4), 3) + '.', 'softmaxT(teacher, 4) 应为 softmax(teacher / 4) = ' + fmt(want4, 3) + '，实际为 ' + fmt(softmaxT(teacher, 4), 3) + '。');
        const p = tf.softmax(tf.tensor1d(teacher).div(4));
        const logQ = tf.logSoftmax(tf.tensor1d(student).div(4));
        const kl = p.mul(tf.log(p).sub(logQ)).sum().dataSync()[0];
        const ce = -tf.logSoftmax(tf.tensor1d(student)).dataSync()[label];
        const want = 0.7 * 16 * kl + 0.3 * ce;
        const got = distillationLoss(student, teacher, label, 4, 0.7);
        check(near(got, want, 1e-4), 'distillationLoss(student, teacher, 0, T = 4, alpha = 0.7) should be 0.7·16·KL + 0.3·CE = ' + fmt(want) + ' (KL ' + fmt(kl) + ', CE ' + fmt(ce) + '), got ' + fmt(got) + '.', 'distillationLoss(student, teacher, 0, T = 4, alpha = 0.7) 应为 0.7·16·KL + 0.3·CE = ' + fmt(want) + '（KL ' + fmt(kl) + '，CE ' + fmt(ce) + '），实际为 ' + fmt(got) + '。');
        check(near(distillationLoss(teacher, teacher, label, 4, 1), 0, 1e-9), 'A student that copies the teacher has zero soft loss.', '与教师完全一致的学生，软目标损失为零。');
        pass('At T = 1 the teacher is ' + fmt(100 * softmaxT(teacher, 1)[0], 3) + ' % sure of class 0 and the rest is nearly invisible (entropy ' + fmt(entropy(softmaxT(teacher, 1)), 3) + '); at T = 4 the ranking of the wrong classes shows (entropy ' + fmt(entropy(softmaxT(teacher, 4)), 3) + '). The student learns from those relative probabilities; T² compensates for the 1/T² shrinking of the soft gradients.',
          'T = 1 时教师对类别 0 的置信度为 ' + fmt(100 * softmaxT(teacher, 1)[0], 3) + '%，其余几乎看不见（熵 ' + fmt(entropy(softmaxT(teacher, 1)), 3) + '）；T = 4 时错误类别之间的排序显露出来（熵 ' + fmt(entropy(softmaxT(teacher, 4)), 3) + '）。学生从这些相对概率中学习；T² 抵消了软目标梯度随 1/T² 的缩小。');
      }
    `,
  },
];
