/**
 * Practice exercises for questions/nlp-transformers.json.
 */
import { ts, ts as md, type PracticeExercise } from '../types';

export const NLP: PracticeExercise[] = [
  {
    questionId: 'word-embeddings',
    slug: 'embeddings',
    version: 1,
    title: { en: 'Cosine similarity and word analogies', zh: '余弦相似度与词类比' },
    task: {
      en: md`
        A toy embedding table. \`nearest(vector, exclude)\` returns the most similar word by your
        \`cosineSimilarity\` — which is a plain dot product in the starter.

        Write \`cosineSimilarity(a, b)\` = \`a·b / (‖a‖·‖b‖)\`. The check solves the analogy
        *king − man + woman ≈ ?*`,
      zh: md`
        一个玩具词向量表。\`nearest(vector, exclude)\` 用你的 \`cosineSimilarity\` 找出最相似的词——初始代码里它只是普通的点积。

        写出 \`cosineSimilarity(a, b)\` = \`a·b / (‖a‖·‖b‖)\`。检查会求解类比 *king − man + woman ≈ ?*`,
    },
    setup: ts`
      const embeddings: Record<string, number[]> = {
        king: [0.8, 0.9, 0.1, 0.2],
        queen: [0.8, 0.1, 0.9, 0.2],
        man: [0.2, 0.9, 0.1, 0.1],
        woman: [0.2, 0.1, 0.9, 0.1],
        prince: [0.6, 0.8, 0.1, 0.4],
        apple: [0.1, 0.2, 0.2, 0.9],
        //en: a frequent word: a long vector (frequency inflates norms in real embeddings too)
        //zh: 一个高频词：向量很长（真实词向量中词频也会拉大范数）
        empire: [3.0, 2.0, 1.6, 0.3],
      };
      function nearest(vector: number[], exclude: string[]): string {
        let best = '';
        let bestScore = -Infinity;
        for (const [word, e] of Object.entries(embeddings)) {
          if (exclude.includes(word)) continue;
          const score = cosineSimilarity(vector, e);
          if (score > bestScore) [best, bestScore] = [word, score];
        }
        return best;
      }
    `,
    starter: ts`
      function cosineSimilarity(a: number[], b: number[]): number {
        //en: TODO: divide the dot product by both lengths, so that only the direction counts.
        //zh: TODO：把点积除以两个向量的长度，只比较方向。
        return a.reduce((s, v, i) => s + v * b[i], 0);
      }
    `,
    solution: ts`
      function cosineSimilarity(a: number[], b: number[]): number {
        const dot = a.reduce((s, v, i) => s + v * b[i], 0);
        return dot / (Math.hypot(...a) * Math.hypot(...b));
      }
    `,
    check: ts`
      {
        check(near(cosineSimilarity([1, 0], [0, 1]), 0, 1e-9) && near(cosineSimilarity([1, 1], [2, 2]), 1, 1e-9) && near(cosineSimilarity([1, 0], [-3, 0]), -1, 1e-9),
          'cosineSimilarity should be 0 for orthogonal vectors, 1 for the same direction ([1, 1] vs [2, 2]) and −1 for opposite ones; got ' + fmt([cosineSimilarity([1, 0], [0, 1]), cosineSimilarity([1, 1], [2, 2]), cosineSimilarity([1, 0], [-3, 0])]) + '.',
          'cosineSimilarity 对正交向量应为 0，对同方向（[1, 1] 与 [2, 2]）应为 1，对反方向应为 −1；实际为 ' + fmt([cosineSimilarity([1, 0], [0, 1]), cosineSimilarity([1, 1], [2, 2]), cosineSimilarity([1, 0], [-3, 0])]) + '。');
        const e = embeddings;
        const query = e.king.map((v, i) => v - e.man[i] + e.woman[i]);
        const answer = nearest(query, ['king', 'man', 'woman']);
        check(answer === 'queen', 'king − man + woman should be nearest to "queen", got "' + answer + '". A raw dot product favours long vectors such as "empire".', 'king − man + woman 最接近的应是 "queen"，实际为 "' + answer + '"。原始点积偏爱长向量，例如 "empire"。');
        pass('king − man + woman → queen (cosine ' + fmt(cosineSimilarity(query, e.queen), 4) + '). Cosine similarity compares directions only, so frequent words with long vectors do not win every comparison. Static embeddings give one vector per word — "bank" gets the same vector in every sentence; contextual models fix that.',
          'king − man + woman → queen（余弦 ' + fmt(cosineSimilarity(query, e.queen), 4) + '）。余弦相似度只比较方向，高频词的长向量不会在每次比较中都胜出。静态词向量每个词只有一个向量——"bank" 在任何句子中都是同一个向量；上下文相关的模型解决了这个问题。');
      }
    `,
  },
  {
    questionId: 'attention-mechanism',
    slug: 'attention',
    version: 1,
    title: { en: 'Additive (Bahdanau) attention', zh: '加性（Bahdanau）注意力' },
    task: {
      en: md`
        In seq2seq without attention the decoder sees one fixed vector for the whole input. Attention gives it, at
        every step, a **weighted average of all encoder states**, weighted by relevance to its current state \`s\`.

        Write \`additiveAttention(s, H)\` for encoder states \`H\` (one row per input token):
        \`score_i = v · tanh(H_i·W1 + s·W2)\`, \`weights = softmax(scores)\`, \`context = Σ weights_i · H_i\`.`,
      zh: md`
        没有注意力的 seq2seq 中，解码器只能看到整个输入的一个固定向量。注意力让它在每一步都得到**所有编码器状态的加权平均**，
        权重取决于它们与当前解码器状态 \`s\` 的相关性。

        为编码器状态 \`H\`（每个输入 token 一行）写出 \`additiveAttention(s, H)\`：
        \`score_i = v · tanh(H_i·W1 + s·W2)\`，\`weights = softmax(scores)\`，\`context = Σ weights_i · H_i\`。`,
    },
    setup: ts`
      const rand = seededRandom(37);
      const r1 = () => Math.round(10 * (rand() * 2 - 1)) / 10;
      const H = Array.from({ length: 5 }, () => Array.from({ length: 4 }, r1));
      const W1 = Array.from({ length: 4 }, () => Array.from({ length: 3 }, r1));
      const W2 = Array.from({ length: 4 }, () => Array.from({ length: 3 }, r1));
      const v = [1.5, -1, 2];
      const decoderStates = [[1, 0, 0.5, -1], [-1, 1, 0, 0.5]];
      const vecMat = (x: number[], M: number[][]) => M[0].map((_, j) => x.reduce((s, xi, i) => s + xi * M[i][j], 0));
    `,
    starter: ts`
      function additiveAttention(s: number[], H: number[][]): { weights: number[]; context: number[] } {
        //en: TODO: score each encoder state against s (v · tanh(H_i·W1 + s·W2)) and softmax the scores. Uniform weights are what a fixed summary vector amounts to.
        //zh: TODO：用 v · tanh(H_i·W1 + s·W2) 给每个编码器状态打分，再对分数做 softmax。均匀权重相当于一个固定的摘要向量。
        const weights = H.map(() => 1 / H.length);
        const context = H[0].map((_, j) => H.reduce((sum, h, i) => sum + weights[i] * h[j], 0));
        return { weights, context };
      }
    `,
    solution: ts`
      function additiveAttention(s: number[], H: number[][]): { weights: number[]; context: number[] } {
        const sW2 = vecMat(s, W2);
        const scores = H.map((h) => vecMat(h, W1).reduce((sum, a, k) => sum + v[k] * Math.tanh(a + sW2[k]), 0));
        const max = Math.max(...scores);
        const exps = scores.map((x) => Math.exp(x - max));
        const total = exps.reduce((a, b) => a + b, 0);
        const weights = exps.map((x) => x / total);
        const context = H[0].map((_, j) => H.reduce((sum, h, i) => sum + weights[i] * h[j], 0));
        return { weights, context };
      }
    `,
    check: ts`
      {
        for (const s of decoderStates) {
          const scores = tf.tanh(tf.tensor2d(H).matMul(tf.tensor2d(W1)).add(tf.tensor2d([s]).matMul(tf.tensor2d(W2)))).matMul(tf.tensor2d(v, [3, 1])).reshape([-1]);
          const wantW = tf.softmax(scores);
          const wantC = wantW.reshape([1, -1]).matMul(tf.tensor2d(H));
          const got = additiveAttention(s, H);
          check(near(got.weights.reduce((a, b) => a + b, 0), 1, 1e-6), 'The attention weights must sum to 1 (softmax).', '注意力权重之和必须为 1（softmax）。');
          check(allClose(got.weights, wantW, 1e-4), 'For s = ' + fmt(s) + ' the weights should be ' + fmt(wantW, 3) + ', got ' + fmt(got.weights, 3) + '.', 's = ' + fmt(s) + ' 时权重应为 ' + fmt(wantW, 3) + '，实际为 ' + fmt(got.weights, 3) + '。');
          check(allClose(got.context, wantC, 1e-4), 'For s = ' + fmt(s) + ' the context should be Σ weights_i·H_i = ' + fmt(wantC, 3) + ', got ' + fmt(got.context, 3) + '.', 's = ' + fmt(s) + ' 时上下文应为 Σ weights_i·H_i = ' + fmt(wantC, 3) + '，实际为 ' + fmt(got.context, 3) + '。');
        }
        const a = additiveAttention(decoderStates[0], H).weights;
        const b = additiveAttention(decoderStates[1], H).weights;
        pass('Two decoder states attend differently: ' + fmt(a, 2) + ' vs ' + fmt(b, 2) + '. Each output step reads the input positions it needs, so long inputs no longer have to squeeze through one fixed vector — and the weights show an alignment you can inspect. Transformers keep the idea and drop the recurrence.',
          '两个解码器状态的注意力分布不同：' + fmt(a, 2) + ' 与 ' + fmt(b, 2) + '。每个输出步骤读取它需要的输入位置，长输入不必再挤进一个固定向量——而且权重给出了可以查看的对齐关系。Transformer 保留了这一思想，去掉了循环结构。');
      }
    `,
  },
  {
    questionId: 'self-attention',
    slug: 'self-attention',
    version: 1,
    title: { en: 'Self-attention: Q, K and V from X', zh: '自注意力：由 X 得到 Q、K、V' },
    task: {
      en: md`
        In self-attention every token attends to every token of the **same** sequence. Queries, keys and values
        all come from the input \`X\` (one row per token) through learned projections:
        \`Q = X·Wq\`, \`K = X·Wk\`, \`V = X·Wv\`, then \`softmax(Q·Kᵀ / √d_k)·V\`.

        Complete \`selfAttention(X)\` with the given \`Wq\`, \`Wk\`, \`Wv\`.`,
      zh: md`
        自注意力中每个 token 都关注**同一个**序列中的所有 token。查询、键和值都由输入 \`X\`（每个 token 一行）经过可学习的投影得到：
        \`Q = X·Wq\`，\`K = X·Wk\`，\`V = X·Wv\`，然后计算 \`softmax(Q·Kᵀ / √d_k)·V\`。

        用给定的 \`Wq\`、\`Wk\`、\`Wv\` 补全 \`selfAttention(X)\`。`,
    },
    setup: ts`
      const X = tf.randomNormal([4, 6], 0, 1, 'float32', 11) as tf.Tensor2D;
      const Wq = tf.randomNormal([6, 4], 0, 0.5, 'float32', 12) as tf.Tensor2D;
      const Wk = tf.randomNormal([6, 4], 0, 0.5, 'float32', 13) as tf.Tensor2D;
      const Wv = tf.randomNormal([6, 3], 0, 0.5, 'float32', 14) as tf.Tensor2D;
    `,
    starter: ts`
      function selfAttention(X: tf.Tensor2D): tf.Tensor2D {
        //en: TODO: Q, K and V are projections of X: X·Wq, X·Wk, X·Wv (the output should have Wv's width, 3).
        //zh: TODO：Q、K、V 是 X 的投影：X·Wq、X·Wk、X·Wv（输出宽度应与 Wv 相同，为 3）。
        const Q = X;
        const K = X;
        const V = X;
        const scores = Q.matMul(K, false, true).div(Math.sqrt(K.shape[1] as number));
        return tf.softmax(scores).matMul(V) as tf.Tensor2D;
      }
    `,
    solution: ts`
      function selfAttention(X: tf.Tensor2D): tf.Tensor2D {
        const Q = X.matMul(Wq);
        const K = X.matMul(Wk);
        const V = X.matMul(Wv);
        const scores = Q.matMul(K, false, true).div(Math.sqrt(K.shape[1] as number));
        return tf.softmax(scores).matMul(V) as tf.Tensor2D;
      }
    `,
    check: ts`
      {
        const x = X.arraySync();
        const proj = (M: tf.Tensor2D) => { const m = M.arraySync(); return x.map((row) => m[0].map((_, j) => row.reduce((s, v, i) => s + v * m[i][j], 0))); };
        const [q, k, vv] = [proj(Wq), proj(Wk), proj(Wv)];
        const want = q.map((qi) => {
          const scores = k.map((kj) => qi.reduce((s, a, d) => s + a * kj[d], 0) / Math.sqrt(4));
          const m = Math.max(...scores);
          const e = scores.map((s) => Math.exp(s - m));
          const z = e.reduce((a, b) => a + b, 0);
          return vv[0].map((_, d) => e.reduce((s, w, j) => s + (w / z) * vv[j][d], 0));
        });
        const got = selfAttention(X);
        check(allClose(got.shape, [4, 3], 0), 'The output should have one row per token and Wv\'s width: [4, 3], got ' + fmt(got.shape) + '. Q, K and V come from X through Wq, Wk and Wv.', '输出应每个 token 一行、宽度与 Wv 相同：[4, 3]，实际为 ' + fmt(got.shape) + '。Q、K、V 由 X 经 Wq、Wk、Wv 投影得到。');
        check(allClose(got, want, 1e-4), 'selfAttention(X) should be ' + fmt(want, 3) + ', got ' + fmt(got, 3) + '.', 'selfAttention(X) 应为 ' + fmt(want, 3) + '，实际为 ' + fmt(got, 3) + '。');
        const perm = [2, 0, 3, 1];
        const permuted = selfAttention(tf.gather(X, perm) as tf.Tensor2D);
        check(allClose(permuted, tf.gather(got, perm), 1e-4), 'Permuting the tokens should permute the outputs the same way.', '打乱 token 顺序，输出应以同样的方式被打乱。');
        pass('Matches a by-hand computation. And shuffling the tokens just shuffles the outputs: self-attention alone has no idea of word order — that is what positional encodings add. Unlike encoder–decoder attention (Q from the decoder, K and V from the encoder), here Q, K and V all come from the same sequence.',
          '与手算结果一致。而且打乱 token 只会同样地打乱输出：单靠自注意力完全不知道词序——这正是位置编码要补上的。与编码器–解码器注意力（Q 来自解码器，K、V 来自编码器）不同，这里 Q、K、V 都来自同一个序列。');
      }
    `,
  },
  {
    questionId: 'scaled-dot-product-attention',
    slug: 'scaled-dot-product-attention',
    version: 1,
    title: { en: 'Scaled dot-product attention', zh: '缩放点积注意力' },
    task: {
      en: md`
        Write \`attention(Q, K, V)\` = \`softmax(Q·Kᵀ / √d_k) · V\` and return both the output and the weights. The
        starter forgets the \`√d_k\`. The check uses a small example you can verify by hand, then shows what the
        scaling does for \`d_k = 256\`.`,
      zh: md`
        写出 \`attention(Q, K, V)\` = \`softmax(Q·Kᵀ / √d_k) · V\`，返回输出和权重。初始代码忘了除以 \`√d_k\`。检查会先用一个可以
        手算的小例子，再展示 \`d_k = 256\` 时缩放的作用。`,
    },
    setup: ts`
      const Q = tf.tensor2d([[1, 0]]);
      const K = tf.tensor2d([[1, 0], [0, 1]]);
      const V = tf.tensor2d([[1, 2], [3, 4]]);
      //en: Random unit-variance queries and keys with d_k = 256.
      //zh: d_k = 256、单位方差的随机查询和键。
      const bigQ = tf.randomNormal([8, 256], 0, 1, 'float32', 21) as tf.Tensor2D;
      const bigK = tf.randomNormal([8, 256], 0, 1, 'float32', 22) as tf.Tensor2D;
      const bigV = tf.randomNormal([8, 4], 0, 1, 'float32', 23) as tf.Tensor2D;
    `,
    starter: ts`
      function attention(Q: tf.Tensor2D, K: tf.Tensor2D, V: tf.Tensor2D): { output: tf.Tensor2D; weights: tf.Tensor2D } {
        //en: TODO: divide the scores by √d_k (d_k = K.shape[1]) before the softmax.
        //zh: TODO：softmax 之前把分数除以 √d_k（d_k = K.shape[1]）。
        const scores = Q.matMul(K, false, true);
        const weights = tf.softmax(scores) as tf.Tensor2D;
        return { output: weights.matMul(V) as tf.Tensor2D, weights };
      }
    `,
    solution: ts`
      function attention(Q: tf.Tensor2D, K: tf.Tensor2D, V: tf.Tensor2D): { output: tf.Tensor2D; weights: tf.Tensor2D } {
        const scores = Q.matMul(K, false, true).div(Math.sqrt(K.shape[1] as number));
        const weights = tf.softmax(scores) as tf.Tensor2D;
        return { output: weights.matMul(V) as tf.Tensor2D, weights };
      }
    `,
    check: ts`
      {
        const w1 = Math.exp(1 / Math.SQRT2) / (Math.exp(1 / Math.SQRT2) + 1);
        const small = attention(Q, K, V);
        check(allClose(small.weights, [w1, 1 - w1], 1e-4),
          'For q = [1, 0] and keys [1, 0], [0, 1] the scores are [1, 0] / √2, so the weights are softmax([0.707, 0]) = ' + fmt([w1, 1 - w1]) + '; got ' + fmt(small.weights) + '.' + (allClose(small.weights, [0.7311, 0.2689], 1e-3) ? ' That is softmax([1, 0]): divide the scores by √d_k.' : ''),
          'q = [1, 0]、键为 [1, 0] 和 [0, 1] 时，分数为 [1, 0] / √2，权重为 softmax([0.707, 0]) = ' + fmt([w1, 1 - w1]) + '；实际为 ' + fmt(small.weights) + '。' + (allClose(small.weights, [0.7311, 0.2689], 1e-3) ? '这是 softmax([1, 0])：请把分数除以 √d_k。' : ''));
        check(allClose(small.output, [w1 * 1 + (1 - w1) * 3, w1 * 2 + (1 - w1) * 4], 1e-4), 'The output should be the weighted sum of the rows of V: ' + fmt([w1 * 1 + (1 - w1) * 3, w1 * 2 + (1 - w1) * 4]) + ', got ' + fmt(small.output) + '.', '输出应为 V 各行的加权和：' + fmt([w1 * 1 + (1 - w1) * 3, w1 * 2 + (1 - w1) * 4]) + '，实际为 ' + fmt(small.output) + '。');
        const scaled = attention(bigQ, bigK, bigV).weights;
        const unscaled = tf.softmax(bigQ.matMul(bigK, false, true));
        const maxW = (w: tf.Tensor) => w.max(1).mean().dataSync()[0];
        const scoreStd = (s: tf.Tensor) => Math.sqrt(tf.moments(s).variance.dataSync()[0]);
        pass('With d_k = 256 and unit-variance q, k the raw scores have std ≈ √256 = 16 (here ' + fmt(scoreStd(bigQ.matMul(bigK, false, true)), 3) + '): the softmax is nearly one-hot (mean largest weight ' + fmt(maxW(unscaled), 3) + ') and its gradients vanish. Dividing by √d_k brings the std back to ≈ 1 (mean largest weight ' + fmt(maxW(scaled), 3) + ').',
          'd_k = 256、q 和 k 为单位方差时，原始分数的标准差约为 √256 = 16（这里是 ' + fmt(scoreStd(bigQ.matMul(bigK, false, true)), 3) + '）：softmax 几乎是 one-hot（最大权重平均为 ' + fmt(maxW(unscaled), 3) + '），梯度消失。除以 √d_k 把标准差拉回约 1（最大权重平均为 ' + fmt(maxW(scaled), 3) + '）。');
      }
    `,
  },
  {
    questionId: 'multi-head-attention',
    slug: 'multi-head-attention',
    version: 1,
    title: { en: 'Split and merge attention heads', zh: '拆分与合并注意力头' },
    task: {
      en: md`
        Multi-head attention runs \`h\` attentions side by side, each on its own \`d_model / h\` slice of the features.

        1. \`splitHeads(x, numHeads)\`: \`[seq, d_model]\` → \`[numHeads, seq, d_head]\`, where head *i* gets feature
           columns \`i·d_head … (i+1)·d_head − 1\` of **every** token.
        2. \`mergeHeads(x)\`: the inverse, \`[numHeads, seq, d_head]\` → \`[seq, d_model]\`.

        A plain \`reshape([numHeads, seq, d_head])\` is the classic bug: it mixes tokens. Reshape to
        \`[seq, numHeads, d_head]\` and transpose.`,
      zh: md`
        多头注意力并行运行 \`h\` 个注意力，每个作用在特征的一段 \`d_model / h\` 上。

        1. \`splitHeads(x, numHeads)\`：\`[seq, d_model]\` → \`[numHeads, seq, d_head]\`，第 *i* 个头取**每个** token 的第
           \`i·d_head … (i+1)·d_head − 1\` 列特征。
        2. \`mergeHeads(x)\`：逆操作，\`[numHeads, seq, d_head]\` → \`[seq, d_model]\`。

        直接 \`reshape([numHeads, seq, d_head])\` 是经典 bug：它会把不同 token 混在一起。应先 reshape 成
        \`[seq, numHeads, d_head]\` 再转置。`,
    },
    setup: ts`
      //en: Scaled dot-product attention over a batch of heads: [h, seq, d] inputs.
      //zh: 对一批头做缩放点积注意力：输入为 [h, seq, d]。
      function attention(Q: tf.Tensor3D, K: tf.Tensor3D, V: tf.Tensor3D): tf.Tensor3D {
        const scores = tf.matMul(Q, K, false, true).div(Math.sqrt(K.shape[2]));
        return tf.matMul(tf.softmax(scores), V);
      }
      const x = tf.range(0, 12).reshape([3, 4]) as tf.Tensor2D;
      const Q = tf.randomNormal([5, 8], 0, 1, 'float32', 31) as tf.Tensor2D;
      const K = tf.randomNormal([5, 8], 0, 1, 'float32', 32) as tf.Tensor2D;
      const V = tf.randomNormal([5, 8], 0, 1, 'float32', 33) as tf.Tensor2D;
      const multiHead = (numHeads: number) => mergeHeads(attention(splitHeads(Q, numHeads), splitHeads(K, numHeads), splitHeads(V, numHeads)));
    `,
    starter: ts`
      function splitHeads(x: tf.Tensor2D, numHeads: number): tf.Tensor3D {
        const [seq, dModel] = x.shape;
        //en: TODO: this reshape mixes tokens. Reshape to [seq, numHeads, dHead], then transpose to [numHeads, seq, dHead].
        //zh: TODO：这个 reshape 会混合不同 token。应先 reshape 成 [seq, numHeads, dHead]，再转置为 [numHeads, seq, dHead]。
        return x.reshape([numHeads, seq, dModel / numHeads]);
      }
      function mergeHeads(x: tf.Tensor3D): tf.Tensor2D {
        const [numHeads, seq, dHead] = x.shape;
        //en: TODO: the inverse of splitHeads: transpose back to [seq, numHeads, dHead], then reshape.
        //zh: TODO：splitHeads 的逆操作：先转置回 [seq, numHeads, dHead]，再 reshape。
        return x.reshape([seq, numHeads * dHead]);
      }
    `,
    solution: ts`
      function splitHeads(x: tf.Tensor2D, numHeads: number): tf.Tensor3D {
        const [seq, dModel] = x.shape;
        return x.reshape([seq, numHeads, dModel / numHeads]).transpose([1, 0, 2]);
      }
      function mergeHeads(x: tf.Tensor3D): tf.Tensor2D {
        const [numHeads, seq, dHead] = x.shape;
        return x.transpose([1, 0, 2]).reshape([seq, numHeads * dHead]);
      }
    `,
    check: ts`
      {
        const heads = splitHeads(x, 2);
        check(allClose(heads.shape, [2, 3, 2], 0), 'splitHeads([3, 4], 2) should have shape [2, 3, 2], got ' + fmt(heads.shape) + '.', 'splitHeads([3, 4], 2) 的形状应为 [2, 3, 2]，实际为 ' + fmt(heads.shape) + '。');
        check(allClose(heads, [0, 1, 4, 5, 8, 9, 2, 3, 6, 7, 10, 11], 0),
          'x = [[0,1,2,3],[4,5,6,7],[8,9,10,11]] (3 tokens). Head 0 should hold columns 0–1 of every token, [[0,1],[4,5],[8,9]], and head 1 columns 2–3; got ' + JSON.stringify(heads.arraySync()) + '.',
          'x = [[0,1,2,3],[4,5,6,7],[8,9,10,11]]（3 个 token）。第 0 个头应包含每个 token 的第 0–1 列 [[0,1],[4,5],[8,9]]，第 1 个头包含第 2–3 列；实际为 ' + JSON.stringify(heads.arraySync()) + '。');
        check(allClose(mergeHeads(heads), x, 0), 'mergeHeads(splitHeads(x)) should give x back, got ' + JSON.stringify(mergeHeads(heads).arraySync()) + '.', 'mergeHeads(splitHeads(x)) 应还原 x，实际为 ' + JSON.stringify(mergeHeads(heads).arraySync()) + '。');
        const slice = (t: tf.Tensor2D, i: number, d: number) => t.slice([0, i * d], [-1, d]).expandDims(0) as tf.Tensor3D;
        const perHead = tf.concat([0, 1, 2, 3].map((i) => attention(slice(Q, i, 2), slice(K, i, 2), slice(V, i, 2)).squeeze([0]) as tf.Tensor2D), 1);
        check(allClose(multiHead(4), perHead, 1e-4), 'With 4 heads the output should equal attention on each 2-column slice, concatenated.', '4 个头时，输出应等于对每个 2 列切片分别做注意力后再拼接。');
        pass('Each head attends within its own slice of the features; the heads are computed as one batched matMul and concatenated. Same total cost as one full-width head, but several attention patterns at once (d_head = d_model / h, typically 64).',
          '每个头在自己的特征切片内做注意力；各头作为一次批量 matMul 计算后再拼接。总计算量与一个全宽度的头相同，却同时得到多种注意力模式（d_head = d_model / h，通常为 64）。');
      }
    `,
  },
  {
    questionId: 'positional-encoding',
    slug: 'positional-encoding',
    version: 1,
    title: { en: 'Sinusoidal positional encoding', zh: '正弦位置编码' },
    task: {
      en: md`
        Write \`positionalEncoding(maxLen, dModel)\` from "Attention Is All You Need": for position \`pos\` and
        dimension pair \`i\`,
        \`PE[pos][2i] = sin(pos / 10000^(2i/dModel))\` and \`PE[pos][2i+1] = cos(pos / 10000^(2i/dModel))\`.
        Even dimensions use sin, odd ones cos, and each pair shares one frequency.`,
      zh: md`
        按 "Attention Is All You Need" 写出 \`positionalEncoding(maxLen, dModel)\`：对位置 \`pos\` 和维度对 \`i\`，
        \`PE[pos][2i] = sin(pos / 10000^(2i/dModel))\`，\`PE[pos][2i+1] = cos(pos / 10000^(2i/dModel))\`。
        偶数维用 sin，奇数维用 cos，每一对共用一个频率。`,
    },
    setup: ts`
      const maxLen = 50;
      const dModel = 16;
    `,
    starter: ts`
      function positionalEncoding(maxLen: number, dModel: number): number[][] {
        return Array.from({ length: maxLen }, (_, pos) =>
          Array.from({ length: dModel }, (_, d) => {
            //en: TODO: dimensions 2i and 2i+1 share the frequency 1 / 10000^(2i/dModel); even ones use sin, odd ones cos.
            //zh: TODO：第 2i 和 2i+1 维共用频率 1 / 10000^(2i/dModel)；偶数维用 sin，奇数维用 cos。
            return Math.sin(pos / 10000 ** (d / dModel));
          }),
        );
      }
    `,
    solution: ts`
      function positionalEncoding(maxLen: number, dModel: number): number[][] {
        return Array.from({ length: maxLen }, (_, pos) =>
          Array.from({ length: dModel }, (_, d) => {
            const angle = pos / 10000 ** ((2 * Math.floor(d / 2)) / dModel);
            return d % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
          }),
        );
      }
    `,
    check: ts`
      {
        const pe = positionalEncoding(maxLen, dModel);
        check(pe.length === maxLen && pe.every((row) => row.length === dModel), 'Expected a ' + maxLen + ' × ' + dModel + ' table.', '应为 ' + maxLen + ' × ' + dModel + ' 的表。');
        check(allClose(pe[0], Array.from({ length: dModel }, (_, d) => (d % 2 === 0 ? 0 : 1)), 1e-9), 'Position 0 should be [0, 1, 0, 1, …] (sin 0, cos 0), got ' + fmt(pe[0]) + '.', '位置 0 应为 [0, 1, 0, 1, …]（sin 0、cos 0），实际为 ' + fmt(pe[0]) + '。');
        const want = [Math.sin(3), Math.cos(3), Math.sin(3 / 10000 ** (2 / 16)), Math.cos(3 / 10000 ** (2 / 16)), Math.sin(3 / 10000 ** (4 / 16))];
        check(allClose(pe[3].slice(0, 5), want, 1e-9), 'PE[3][0…4] should be ' + fmt(want) + ', got ' + fmt(pe[3].slice(0, 5)) + '.', 'PE[3][0…4] 应为 ' + fmt(want) + '，实际为 ' + fmt(pe[3].slice(0, 5)) + '。');
        const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i], 0);
        check(near(dot(pe[2], pe[7]), dot(pe[30], pe[35]), 1e-9), 'PE[p]·PE[p+k] should depend only on the offset k.', 'PE[p]·PE[p+k] 应只与偏移 k 有关。');
        display.chart({ kind: 'line', title: 'PE dimensions 0, 1, 6, 7 by position', xLabel: 'position', series: [0, 1, 6, 7].map((d) => ({ name: 'dim ' + d, y: pe.map((row) => row[d]) })) });
        pass('Each pair of dimensions is a rotation at its own frequency, so PE[p + k] is a fixed linear function of PE[p] and PE[p]·PE[p+k] depends only on k (' + fmt(dot(pe[2], pe[7]), 4) + ' for both p = 2 and p = 30): relative positions are easy to read off, values stay in [−1, 1], and any length works. RoPE applies the same rotations to q and k directly.',
          '每一对维度都是以自己频率进行的旋转，所以 PE[p + k] 是 PE[p] 的固定线性函数，PE[p]·PE[p+k] 只与 k 有关（p = 2 和 p = 30 时都是 ' + fmt(dot(pe[2], pe[7]), 4) + '）：相对位置容易读出，数值保持在 [−1, 1]，任意长度都可用。RoPE 把同样的旋转直接作用在 q 和 k 上。');
      }
    `,
  },
  {
    questionId: 'causal-masking',
    slug: 'causal-mask',
    version: 1,
    title: { en: 'A causal mask for decoder attention', zh: '解码器注意力的因果掩码' },
    task: {
      en: md`
        A decoder must not look at future tokens, or training would let it copy the answer.

        1. \`causalMask(n)\`: an \`n × n\` matrix with 0 where token *i* may attend to token *j* (j ≤ i) and a very
           negative number (−1e9) where it may not (j > i).
        2. \`maskedAttention(Q, K, V)\`: add the mask to the scaled scores before the softmax.`,
      zh: md`
        解码器不能看到未来的 token，否则训练时它可以直接抄答案。

        1. \`causalMask(n)\`：一个 \`n × n\` 矩阵，token *i* 可以关注 token *j*（j ≤ i）的位置为 0，不可以（j > i）的位置为一个
           很大的负数（−1e9）。
        2. \`maskedAttention(Q, K, V)\`：在 softmax 之前把掩码加到缩放后的分数上。`,
    },
    setup: ts`
      const X = tf.randomNormal([4, 8], 0, 1, 'float32', 41) as tf.Tensor2D;
    `,
    starter: ts`
      function causalMask(n: number): tf.Tensor2D {
        //en: TODO: 0 on and below the diagonal, −1e9 above it (tf.linalg.bandPart(tf.ones([n, n]), -1, 0) marks the allowed entries).
        //zh: TODO：对角线及以下为 0，以上为 −1e9（tf.linalg.bandPart(tf.ones([n, n]), -1, 0) 可标出允许的位置）。
        return tf.zeros([n, n]);
      }
      function maskedAttention(Q: tf.Tensor2D, K: tf.Tensor2D, V: tf.Tensor2D): { output: tf.Tensor2D; weights: tf.Tensor2D } {
        const scores = Q.matMul(K, false, true).div(Math.sqrt(K.shape[1] as number));
        //en: TODO: add causalMask(n) to the scores before the softmax.
        //zh: TODO：softmax 之前把 causalMask(n) 加到分数上。
        const weights = tf.softmax(scores) as tf.Tensor2D;
        return { output: weights.matMul(V) as tf.Tensor2D, weights };
      }
    `,
    solution: ts`
      function causalMask(n: number): tf.Tensor2D {
        const allowed = tf.linalg.bandPart(tf.ones([n, n]), -1, 0);
        return tf.sub(1, allowed).mul(-1e9) as tf.Tensor2D;
      }
      function maskedAttention(Q: tf.Tensor2D, K: tf.Tensor2D, V: tf.Tensor2D): { output: tf.Tensor2D; weights: tf.Tensor2D } {
        const scores = Q.matMul(K, false, true).div(Math.sqrt(K.shape[1] as number));
        const weights = tf.softmax(scores.add(causalMask(Q.shape[0]))) as tf.Tensor2D;
        return { output: weights.matMul(V) as tf.Tensor2D, weights };
      }
    `,
    check: ts`
      {
        const m = causalMask(3).arraySync();
        check(m[0][0] === 0 && m[1][0] === 0 && m[2][1] === 0 && m[2][2] === 0 && m[0][1] < -1e8 && m[0][2] < -1e8 && m[1][2] < -1e8,
          'causalMask(3) should be [[0, −1e9, −1e9], [0, 0, −1e9], [0, 0, 0]], got ' + JSON.stringify(m) + '.',
          'causalMask(3) 应为 [[0, −1e9, −1e9], [0, 0, −1e9], [0, 0, 0]]，实际为 ' + JSON.stringify(m) + '。');
        const { output, weights } = maskedAttention(X, X, X);
        const w = weights.arraySync();
        const future = w.flatMap((row, i) => row.filter((_, j) => j > i));
        check(future.every((v) => v < 1e-6), 'Tokens attend to the future: weights above the diagonal are ' + fmt(future, 3) + '. Add the mask to the scores before the softmax.', 'token 关注了未来：对角线以上的权重为 ' + fmt(future, 3) + '。请在 softmax 之前把掩码加到分数上。');
        check(allClose(w[0], [1, 0, 0, 0], 1e-6), 'The first token can only attend to itself: its weights should be [1, 0, 0, 0], got ' + fmt(w[0]) + '.', '第一个 token 只能关注自己：权重应为 [1, 0, 0, 0]，实际为 ' + fmt(w[0]) + '。');
        check(allClose(weights.sum(1), [1, 1, 1, 1], 1e-5), 'Each row of weights must still sum to 1.', '每行权重之和仍必须为 1。');
        const changed = tf.concat([X.slice([0, 0], [3, 8]), tf.ones([1, 8]).mul(5)], 0) as tf.Tensor2D;
        check(allClose(maskedAttention(changed, changed, changed).output.slice([0, 0], [3, 8]), output.slice([0, 0], [3, 8]), 1e-5), 'Changing the last token must not change the outputs of the earlier tokens.', '改变最后一个 token 不应改变前面各 token 的输出。');
        pass('Future weights are exactly 0, and changing the last token leaves the first three outputs untouched: training on a whole sequence at once equals generating it token by token. A padding mask is different — it hides padding positions (per key) in every row, in encoders too.',
          '未来位置的权重恰好为 0，改变最后一个 token 不影响前三个输出：一次性在整个序列上训练，就等价于逐个 token 生成。padding 掩码与此不同——它在每一行中屏蔽填充位置（按键），编码器中也会用到。');
      }
    `,
  },
  {
    questionId: 'decoding-strategies',
    slug: 'sampling-temperature',
    version: 1,
    title: { en: 'Temperature, top-k and top-p', zh: '温度、top-k 与 top-p' },
    task: {
      en: md`
        Turn a language model's next-token logits into a sampling distribution:

        1. \`softmaxWithTemperature(logits, T)\` = softmax(logits / T).
        2. \`topK(probs, k)\`: keep the k most likely tokens, zero the rest, renormalise.
        3. \`topP(probs, p)\` (nucleus): keep the **smallest** set of most likely tokens whose probabilities add up
           to at least \`p\`, zero the rest, renormalise.`,
      zh: md`
        把语言模型下一个 token 的 logits 变成采样分布：

        1. \`softmaxWithTemperature(logits, T)\` = softmax(logits / T)。
        2. \`topK(probs, k)\`：保留概率最大的 k 个 token，其余置零，再重新归一化。
        3. \`topP(probs, p)\`（nucleus）：保留概率之和至少为 \`p\` 的**最小**的高概率 token 集合，其余置零，再重新归一化。`,
    },
    setup: ts`
      const logits = [2.0, 1.0, 0.5, 0.0, -1.0];
      const softmax = (x: number[]) => { const m = Math.max(...x); const e = x.map((v) => Math.exp(v - m)); const s = e.reduce((a, b) => a + b, 0); return e.map((v) => v / s); };
      //en: Zeroes every probability whose index is not in keep, then rescales the rest to sum to 1.
      //zh: 把下标不在 keep 中的概率置零，再把其余的重新缩放到和为 1。
      function keepAndRenormalise(probs: number[], keep: Set<number>): number[] {
        const kept = probs.map((q, i) => (keep.has(i) ? q : 0));
        const total = kept.reduce((a, b) => a + b, 0);
        return kept.map((q) => q / total);
      }
    `,
    starter: ts`
      function softmaxWithTemperature(logits: number[], T: number): number[] {
        //en: TODO: divide the logits by T first.
        //zh: TODO：先把 logits 除以 T。
        return softmax(logits);
      }
      function topK(probs: number[], k: number): number[] {
        //en: TODO: keep the k largest probabilities, zero the rest, renormalise (keepAndRenormalise helps).
        //zh: TODO：保留最大的 k 个概率，其余置零，再重新归一化（可用 keepAndRenormalise）。
        return probs;
      }
      function topP(probs: number[], p: number): number[] {
        //en: TODO: sort by probability, keep tokens until their cumulative sum reaches p, zero the rest, renormalise.
        //zh: TODO：按概率排序，累加到 p 为止保留这些 token，其余置零，再重新归一化。
        return probs;
      }
    `,
    solution: ts`
      function softmaxWithTemperature(logits: number[], T: number): number[] {
        return softmax(logits.map((v) => v / T));
      }
      function topK(probs: number[], k: number): number[] {
        const order = probs.map((q, i) => i).sort((a, b) => probs[b] - probs[a]);
        return keepAndRenormalise(probs, new Set(order.slice(0, k)));
      }
      function topP(probs: number[], p: number): number[] {
        const order = probs.map((q, i) => i).sort((a, b) => probs[b] - probs[a]);
        const keep = new Set<number>();
        let cumulative = 0;
        for (const i of order) {
          keep.add(i);
          cumulative += probs[i];
          if (cumulative >= p) break;
        }
        return keepAndRenormalise(probs, keep);
      }
    `,
    check: ts`
      {
        check(allClose(softmaxWithTemperature(logits, 1), softmax(logits), 1e-9), 'At T = 1 it should be the plain softmax.', 'T = 1 时应就是普通 softmax。');
        const cold = softmaxWithTemperature(logits, 0.05);
        const hot = softmaxWithTemperature(logits, 100);
        check(cold[0] > 0.99, 'At T = 0.05 almost all probability should go to the top token (greedy), got ' + fmt(cold, 3) + '. Divide the logits by T.', 'T = 0.05 时几乎所有概率都应集中在最高的 token 上（相当于贪心），实际为 ' + fmt(cold, 3) + '。请把 logits 除以 T。');
        check(hot.every((q) => Math.abs(q - 0.2) < 0.01), 'At T = 100 the distribution should be almost uniform, got ' + fmt(hot, 3) + '.', 'T = 100 时分布应接近均匀，实际为 ' + fmt(hot, 3) + '。');
        const probs = [0.5, 0.3, 0.1, 0.06, 0.04];
        check(allClose(topK(probs, 2), [0.625, 0.375, 0, 0, 0], 1e-9), 'topK([0.5, 0.3, 0.1, 0.06, 0.04], 2) should be [0.625, 0.375, 0, 0, 0], got ' + fmt(topK(probs, 2)) + '.', 'topK([0.5, 0.3, 0.1, 0.06, 0.04], 2) 应为 [0.625, 0.375, 0, 0, 0]，实际为 ' + fmt(topK(probs, 2)) + '。');
        check(allClose(topK([0.1, 0.6, 0.3], 1), [0, 1, 0], 1e-9), 'topK must keep the LARGEST probabilities wherever they are: topK([0.1, 0.6, 0.3], 1) = [0, 1, 0], got ' + fmt(topK([0.1, 0.6, 0.3], 1)) + '.', 'topK 必须保留最大的概率，不论其位置：topK([0.1, 0.6, 0.3], 1) = [0, 1, 0]，实际为 ' + fmt(topK([0.1, 0.6, 0.3], 1)) + '。');
        check(allClose(topP(probs, 0.75), [0.625, 0.375, 0, 0, 0], 1e-9), 'topP(probs, 0.75): 0.5 + 0.3 = 0.8 ≥ 0.75, so keep two tokens → [0.625, 0.375, 0, 0, 0]; got ' + fmt(topP(probs, 0.75)) + '.', 'topP(probs, 0.75)：0.5 + 0.3 = 0.8 ≥ 0.75，保留两个 token → [0.625, 0.375, 0, 0, 0]；实际为 ' + fmt(topP(probs, 0.75)) + '。');
        check(allClose(topP(probs, 0.95), [0.5, 0.3, 0.1, 0.06, 0].map((q) => q / 0.96), 1e-9), 'topP(probs, 0.95) should keep four tokens (0.96 ≥ 0.95), got ' + fmt(topP(probs, 0.95)) + '.', 'topP(probs, 0.95) 应保留四个 token（0.96 ≥ 0.95），实际为 ' + fmt(topP(probs, 0.95)) + '。');
        const flat = [0.22, 0.2, 0.2, 0.19, 0.19];
        pass('Temperature reshapes the distribution (T → 0: greedy; T > 1: flatter). Top-k always keeps k tokens; top-p adapts: for a confident model it keeps few (' + topP(probs, 0.75).filter((q) => q > 0).length + ' here), for a flat distribution many (' + topP(flat, 0.75).filter((q) => q > 0).length + ' of 5 for ' + fmt(flat) + ').',
          '温度改变分布的形状（T → 0：贪心；T > 1：更平坦）。top-k 总是保留 k 个 token；top-p 会自适应：模型很确定时保留得少（这里 ' + topP(probs, 0.75).filter((q) => q > 0).length + ' 个），分布平坦时保留得多（' + fmt(flat) + ' 保留 5 个中的 ' + topP(flat, 0.75).filter((q) => q > 0).length + ' 个）。');
      }
    `,
  },
];
