/**
 * Practice exercises for questions/evaluation.json.
 */
import { ts, ts as md, type PracticeExercise } from '../types';

export const EVALUATION: PracticeExercise[] = [
  {
    questionId: 'evaluate-deep-learning-model',
    slug: 'metrics',
    version: 1,
    title: { en: 'Accuracy is not enough: per-class recall and macro-F1', zh: '只看准确率不够：各类召回率与宏 F1' },
    task: {
      en: md`
        A 3-class classifier on a held-out set of 60 examples (40 / 15 / 5 per class). \`probs[i]\` holds its
        predicted probabilities; the prediction is the arg-max.

        1. \`perClassRecall(yTrue, yPred, numClasses)\`: for each class, the share of its examples predicted correctly.
        2. \`macroF1(yTrue, yPred, numClasses)\`: the unweighted mean over classes of F1 = 2PR / (P + R)
           (precision P of class c: correct predictions of c / all predictions of c; use 0 when undefined).`,
      zh: md`
        一个三分类模型在 60 个留出样本上的结果（各类 40 / 15 / 5 个）。\`probs[i]\` 是预测概率，预测类别取最大值所在下标。

        1. \`perClassRecall(yTrue, yPred, numClasses)\`：每个类别中被正确预测的样本比例。
        2. \`macroF1(yTrue, yPred, numClasses)\`：各类别 F1 = 2PR / (P + R) 的不加权平均（类别 c 的精确率 P = 预测为 c 且正确的数 /
           所有预测为 c 的数；无定义时取 0）。`,
    },
    setup: ts`
      const yTrue = [...new Array<number>(40).fill(0), ...new Array<number>(15).fill(1), ...new Array<number>(5).fill(2)];
      //en: The model: right on 37 of class 0, 12 of class 1 and none of class 2 (it calls those class 1).
      //zh: 模型：0 类对了 37 个，1 类对了 12 个，2 类一个都没对（都被判成了 1 类）。
      const probs = yTrue.map((y, i) => {
        const predicted = y === 0 ? (i < 37 ? 0 : 1) : y === 1 ? (i < 52 ? 1 : 0) : 1;
        return [0, 1, 2].map((c): number => (c === predicted ? 0.7 : 0.15));
      });
      const yPred = probs.map((p) => p.indexOf(Math.max(...p)));
      const accuracy = yPred.filter((p, i) => p === yTrue[i]).length / yTrue.length;
    `,
    starter: ts`
      function perClassRecall(yTrue: number[], yPred: number[], numClasses: number): number[] {
        //en: TODO: for each class c: (examples of c predicted as c) / (examples of c).
        //zh: TODO：对每个类别 c：(c 类样本中预测为 c 的数) / (c 类样本数)。
        return new Array<number>(numClasses).fill(accuracy);
      }
      function macroF1(yTrue: number[], yPred: number[], numClasses: number): number {
        //en: TODO: the mean over classes of 2PR / (P + R), with 0 where it is undefined.
        //zh: TODO：各类别 2PR / (P + R) 的平均值，无定义时取 0。
        return accuracy;
      }
    `,
    solution: ts`
      function perClassRecall(yTrue: number[], yPred: number[], numClasses: number): number[] {
        return Array.from({ length: numClasses }, (_, c) => {
          const members = yTrue.filter((y) => y === c).length;
          return members === 0 ? 0 : yTrue.filter((y, i) => y === c && yPred[i] === c).length / members;
        });
      }
      function macroF1(yTrue: number[], yPred: number[], numClasses: number): number {
        const recall = perClassRecall(yTrue, yPred, numClasses);
        const f1 = recall.map((r, c) => {
          const predicted = yPred.filter((p) => p === c).length;
          const precision = predicted === 0 ? 0 : yTrue.filter((y, i) => y === c && yPred[i] === c).length / predicted;
          return precision + r === 0 ? 0 : (2 * precision * r) / (precision + r);
        });
        return f1.reduce((a, b) => a + b, 0) / numClasses;
      }
    `,
    check: ts`
      {
        const recall = perClassRecall(yTrue, yPred, 3);
        check(allClose(recall, [37 / 40, 12 / 15, 0], 1e-9), 'Per-class recall should be [37/40, 12/15, 0/5] = ' + fmt([37 / 40, 12 / 15, 0]) + ', got ' + fmt(recall) + '.', '各类召回率应为 [37/40, 12/15, 0/5] = ' + fmt([37 / 40, 12 / 15, 0]) + '，实际为 ' + fmt(recall) + '。');
        const p0 = 37 / 40;
        const p1 = 12 / 20;
        const f = (p: number, r: number) => (p + r === 0 ? 0 : (2 * p * r) / (p + r));
        const want = (f(p0, 37 / 40) + f(p1, 12 / 15) + 0) / 3;
        const got = macroF1(yTrue, yPred, 3);
        check(Number.isFinite(got), 'macroF1 is ' + got + ': class 2 is never predicted, so its precision is 0/0 — count it as 0.', 'macroF1 为 ' + got + '：类别 2 从未被预测，精确率是 0/0——按 0 计算。');
        check(near(got, want, 1e-9), 'Macro-F1 should be ' + fmt(want) + ' (F1 per class: ' + fmt([f(p0, 37 / 40), f(p1, 12 / 15), 0]) + '), got ' + fmt(got) + '.', '宏 F1 应为 ' + fmt(want) + '（各类 F1：' + fmt([f(p0, 37 / 40), f(p1, 12 / 15), 0]) + '），实际为 ' + fmt(got) + '。');
        pass('Accuracy ' + fmt(accuracy, 3) + ' looks fine, but class 2 is never recognised (recall 0) and macro-F1 is ' + fmt(got, 3) + '. Evaluate on held-out data, report per-class metrics (or a confusion matrix) next to the headline number, and pick the metric the task cares about.',
          '准确率 ' + fmt(accuracy, 3) + ' 看起来不错，但类别 2 从未被识别（召回率 0），宏 F1 只有 ' + fmt(got, 3) + '。要在留出数据上评估，在总体数字旁报告各类指标（或混淆矩阵），并选择任务真正关心的指标。');
      }
    `,
  },
  {
    questionId: 'confusion-matrix',
    slug: 'confusion-matrix',
    version: 1,
    title: { en: 'Build a confusion matrix', zh: '构建混淆矩阵' },
    task: {
      en: md`
        1. \`binaryCounts(yTrue, yPred)\` → \`{ tp, fp, tn, fn }\` with 1 = positive. A **false positive** is predicted
           positive but actually negative (type I error); a **false negative** is predicted negative but actually
           positive (type II error).
        2. \`confusionMatrix(yTrue, yPred, numClasses)\`: \`matrix[t][p]\` counts examples of true class *t*
           predicted as *p* (rows = truth), like \`tf.math.confusionMatrix\`.`,
      zh: md`
        1. \`binaryCounts(yTrue, yPred)\` → \`{ tp, fp, tn, fn }\`，1 表示正类。**假正例（FP）**是预测为正、实际为负（第一类错误）；
           **假负例（FN）**是预测为负、实际为正（第二类错误）。
        2. \`confusionMatrix(yTrue, yPred, numClasses)\`：\`matrix[t][p]\` 统计真实类别为 *t*、预测为 *p* 的样本数
           （行 = 真实类别），与 \`tf.math.confusionMatrix\` 相同。`,
    },
    setup: ts`
      //en: A spam filter on 12 e-mails (1 = spam).
      //zh: 一个垃圾邮件过滤器在 12 封邮件上的结果（1 = 垃圾邮件）。
      const actual = [1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0];
      const predicted = [1, 1, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0];
      const digitsTrue = [0, 1, 2, 2, 1, 0, 2, 1, 0, 2];
      const digitsPred = [0, 2, 2, 2, 1, 0, 1, 1, 1, 2];
    `,
    starter: ts`
      function binaryCounts(yTrue: number[], yPred: number[]): { tp: number; fp: number; tn: number; fn: number } {
        let [tp, fp, tn, fn] = [0, 0, 0, 0];
        yTrue.forEach((t, i) => {
          const p = yPred[i];
          if (t === 1 && p === 1) tp++;
          else if (t === 0 && p === 0) tn++;
          //en: TODO: check these two definitions.
          //zh: TODO：检查这两个定义。
          else if (t === 1 && p === 0) fp++;
          else fn++;
        });
        return { tp, fp, tn, fn };
      }
      function confusionMatrix(yTrue: number[], yPred: number[], numClasses: number): number[][] {
        const m = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
        //en: TODO: rows are the TRUE class, columns the predicted class.
        //zh: TODO：行是真实类别，列是预测类别。
        yTrue.forEach((t, i) => m[yPred[i]][t]++);
        return m;
      }
    `,
    solution: ts`
      function binaryCounts(yTrue: number[], yPred: number[]): { tp: number; fp: number; tn: number; fn: number } {
        let [tp, fp, tn, fn] = [0, 0, 0, 0];
        yTrue.forEach((t, i) => {
          const p = yPred[i];
          if (t === 1 && p === 1) tp++;
          else if (t === 0 && p === 0) tn++;
          else if (t === 0 && p === 1) fp++;
          else fn++;
        });
        return { tp, fp, tn, fn };
      }
      function confusionMatrix(yTrue: number[], yPred: number[], numClasses: number): number[][] {
        const m = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
        yTrue.forEach((t, i) => m[t][yPred[i]]++);
        return m;
      }
    `,
    check: ts`
      {
        const c = binaryCounts(actual, predicted);
        check(c.tp === 3 && c.tn === 6, 'Expected TP = 3 and TN = 6, got TP = ' + c.tp + ', TN = ' + c.tn + '.', '应有 TP = 3、TN = 6，实际为 TP = ' + c.tp + '、TN = ' + c.tn + '。');
        check(c.fp === 2 && c.fn === 1,
          'Expected FP = 2 (ham flagged as spam: predicted positive, actually negative) and FN = 1 (spam that got through), got FP = ' + c.fp + ', FN = ' + c.fn + '.',
          '应有 FP = 2（正常邮件被判为垃圾：预测为正、实际为负）、FN = 1（漏过的垃圾邮件），实际为 FP = ' + c.fp + '、FN = ' + c.fn + '。');
        //en: What tf.math.confusionMatrix computes: onehot(true)ᵀ · onehot(predicted).
        //zh: 即 tf.math.confusionMatrix 的算法：onehot(真实)ᵀ · onehot(预测)。
        const oneHot = (ys: number[]) => tf.oneHot(tf.tensor1d(ys, 'int32'), 3).toFloat();
        const want = oneHot(digitsTrue).transpose().matMul(oneHot(digitsPred)).arraySync();
        const got = confusionMatrix(digitsTrue, digitsPred, 3);
        check(allClose(got, want, 0), 'confusionMatrix should be ' + JSON.stringify(want) + ' (rows = true class), got ' + JSON.stringify(got) + '.', 'confusionMatrix 应为 ' + JSON.stringify(want) + '（行 = 真实类别），实际为 ' + JSON.stringify(got) + '。');
        pass('TP 3, FP 2 (type I: false alarms), TN 6, FN 1 (type II: misses). The matrix is onehot(true)ᵀ · onehot(predicted), as in tf.math.confusionMatrix. The diagonal holds the correct predictions; row t shows where class t ends up, so recall of t = diagonal / row sum and precision = diagonal / column sum.',
          'TP 3，FP 2（第一类错误：误报），TN 6，FN 1（第二类错误：漏报）。混淆矩阵就是 onehot(真实)ᵀ · onehot(预测)，与 tf.math.confusionMatrix 相同。对角线是预测正确的数量；第 t 行显示类别 t 被判成了什么，所以 t 的召回率 = 对角线 / 行和，精确率 = 对角线 / 列和。');
      }
    `,
  },
  {
    questionId: 'precision-recall-f1',
    slug: 'precision-recall',
    version: 1,
    title: { en: 'Precision, recall and F1', zh: '精确率、召回率与 F1' },
    task: {
      en: md`
        Write \`precisionRecallF1({ tp, fp, fn })\`:
        - precision = TP / (TP + FP), recall = TP / (TP + FN)
        - F1 = the **harmonic** mean \`2PR / (P + R)\`
        - when a denominator is 0, the value is 0 (not NaN).`,
      zh: md`
        写出 \`precisionRecallF1({ tp, fp, fn })\`：
        - 精确率 = TP / (TP + FP)，召回率 = TP / (TP + FN)
        - F1 = **调和**平均 \`2PR / (P + R)\`
        - 分母为 0 时取 0（而不是 NaN）。`,
    },
    setup: ts`
      type Counts = { tp: number; fp: number; fn: number };
    `,
    starter: ts`
      function precisionRecallF1(c: Counts): { precision: number; recall: number; f1: number } {
        const precision = c.tp / (c.tp + c.fp);
        const recall = c.tp / (c.tp + c.fn);
        //en: TODO: F1 is the harmonic mean 2PR / (P + R); and return 0 instead of NaN when a denominator is 0.
        //zh: TODO：F1 是调和平均 2PR / (P + R)；分母为 0 时返回 0 而不是 NaN。
        const f1 = (precision + recall) / 2;
        return { precision, recall, f1 };
      }
    `,
    solution: ts`
      function precisionRecallF1(c: Counts): { precision: number; recall: number; f1: number } {
        const precision = c.tp + c.fp === 0 ? 0 : c.tp / (c.tp + c.fp);
        const recall = c.tp + c.fn === 0 ? 0 : c.tp / (c.tp + c.fn);
        const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
        return { precision, recall, f1 };
      }
    `,
    check: ts`
      {
        const a = precisionRecallF1({ tp: 8, fp: 2, fn: 12 });
        check(near(a.precision, 0.8, 1e-9) && near(a.recall, 0.4, 1e-9), 'TP 8, FP 2, FN 12: precision 8/10 = 0.8 and recall 8/20 = 0.4; got ' + fmt(a.precision) + ' and ' + fmt(a.recall) + '.', 'TP 8、FP 2、FN 12：精确率 8/10 = 0.8，召回率 8/20 = 0.4；实际为 ' + fmt(a.precision) + ' 和 ' + fmt(a.recall) + '。');
        check(near(a.f1, 2 * 0.8 * 0.4 / 1.2, 1e-9), 'F1 for P = 0.8, R = 0.4 is 2·0.8·0.4/1.2 = 0.533, got ' + fmt(a.f1) + (near(a.f1, 0.6, 1e-9) ? ' — that is the arithmetic mean.' : '.'), 'P = 0.8、R = 0.4 时 F1 = 2·0.8·0.4/1.2 = 0.533，实际为 ' + fmt(a.f1) + (near(a.f1, 0.6, 1e-9) ? '——这是算术平均。' : '。'));
        const none = precisionRecallF1({ tp: 0, fp: 0, fn: 5 });
        check(none.precision === 0 && none.recall === 0 && none.f1 === 0, 'A model that predicts no positives (TP 0, FP 0, FN 5) should get precision, recall and F1 of 0, got ' + fmt([none.precision, none.recall, none.f1]) + '.', '一个不预测任何正例的模型（TP 0、FP 0、FN 5）精确率、召回率和 F1 都应为 0，实际为 ' + fmt([none.precision, none.recall, none.f1]) + '。');
        const perfect = precisionRecallF1({ tp: 10, fp: 0, fn: 0 });
        check(perfect.f1 === 1, 'A perfect classifier has F1 = 1, got ' + fmt(perfect.f1) + '.', '完美分类器的 F1 = 1，实际为 ' + fmt(perfect.f1) + '。');
        const lopsided = precisionRecallF1({ tp: 1, fp: 0, fn: 99 });
        pass('Precision 1 with recall 0.01 gives F1 ' + fmt(lopsided.f1, 3) + ', while the arithmetic mean would be 0.505: the harmonic mean is dominated by the smaller value, so a model cannot hide a terrible recall behind a perfect precision.',
          '精确率 1、召回率 0.01 时 F1 为 ' + fmt(lopsided.f1, 3) + '，而算术平均是 0.505：调和平均由较小的值主导，模型无法用完美的精确率掩盖糟糕的召回率。');
      }
    `,
  },
  {
    questionId: 'roc-auc',
    slug: 'roc-auc',
    version: 1,
    title: { en: 'AUC as a ranking probability', zh: 'AUC 即排序概率' },
    task: {
      en: md`
        The AUC equals the probability that a randomly chosen positive gets a **higher score** than a randomly
        chosen negative (ties count ½).

        Write \`aucByRanking(scores, labels)\` that computes exactly that over all (positive, negative) pairs. The
        check compares with the area under the ROC curve computed by the trapezoid rule.`,
      zh: md`
        AUC 等于：随机抽一个正例和一个负例，正例**得分更高**的概率（平分算 ½）。

        写出 \`aucByRanking(scores, labels)\`，在所有（正例, 负例）对上精确计算这个概率。检查会将其与用梯形法则计算的 ROC 曲线下面积比较。`,
    },
    setup: ts`
      const rand = seededRandom(47);
      const labels = Array.from({ length: 200 }, (_, i) => (i % 4 === 0 ? 1 : 0));
      //en: Scores rounded to one decimal, so there are ties.
      //zh: 分数保留一位小数，因此存在平分。
      const scores = labels.map((y) => Math.round(10 * Math.min(1, Math.max(0, 0.45 + (y ? 0.2 : 0) + 0.2 * randn(rand)))) / 10);
    `,
    starter: ts`
      function aucByRanking(scores: number[], labels: number[]): number {
        //en: TODO: the share of (positive, negative) pairs where the positive scores higher; a tie counts ½. (This is accuracy at threshold 0.5.)
        //zh: TODO：在所有（正例, 负例）对中正例得分更高的比例；平分算 ½。（这里算的是阈值 0.5 下的准确率。）
        return scores.filter((s, i) => (s >= 0.5 ? 1 : 0) === labels[i]).length / scores.length;
      }
    `,
    solution: ts`
      function aucByRanking(scores: number[], labels: number[]): number {
        const pos = scores.filter((_, i) => labels[i] === 1);
        const neg = scores.filter((_, i) => labels[i] === 0);
        let wins = 0;
        for (const p of pos) for (const n of neg) wins += p > n ? 1 : p === n ? 0.5 : 0;
        return wins / (pos.length * neg.length);
      }
    `,
    check: ts`
      {
        check(near(aucByRanking([0.9, 0.8, 0.2, 0.1], [1, 1, 0, 0]), 1, 1e-9), 'Perfectly ranked scores should give AUC 1.', '排序完全正确的分数 AUC 应为 1。');
        check(near(aucByRanking([0.1, 0.2, 0.8, 0.9], [1, 1, 0, 0]), 0, 1e-9), 'Perfectly reversed scores should give AUC 0.', '排序完全颠倒的分数 AUC 应为 0。');
        check(near(aucByRanking([0.5, 0.5, 0.5], [1, 0, 0]), 0.5, 1e-9), 'All-equal scores should give AUC 0.5 (every pair is a tie).', '分数全相等时 AUC 应为 0.5（每一对都平分）。');
        const thresholds = [Infinity, ...[...new Set(scores)].sort((a, b) => b - a)];
        const P = labels.filter((y) => y === 1).length;
        const N = labels.length - P;
        const roc = thresholds.map((t) => [scores.filter((s, i) => s >= t && labels[i] === 0).length / N, scores.filter((s, i) => s >= t && labels[i] === 1).length / P]);
        const trapezoid = roc.slice(1).reduce((area, [x, y], k) => area + ((x - roc[k][0]) * (y + roc[k][1])) / 2, 0);
        const got = aucByRanking(scores, labels);
        check(near(got, trapezoid, 1e-9), 'On the data the area under the ROC curve is ' + fmt(trapezoid) + ', got ' + fmt(got) + '.', '在这组数据上 ROC 曲线下面积为 ' + fmt(trapezoid) + '，实际为 ' + fmt(got) + '。');
        display.chart({ kind: 'line', title: 'ROC curve', xLabel: 'false positive rate', yLabel: 'true positive rate', series: [{ name: 'ROC', x: roc.map((p) => p[0]), y: roc.map((p) => p[1]) }] });
        pass('AUC ' + fmt(got, 4) + ' both ways: the trapezoids under the ROC curve add up to exactly the share of correctly ordered (positive, negative) pairs (the Mann–Whitney U statistic). So AUC measures ranking quality, independent of any threshold.',
          '两种算法得到的 AUC 都是 ' + fmt(got, 4) + '：ROC 曲线下的梯形面积之和恰好等于排序正确的（正例, 负例）对所占比例（Mann–Whitney U 统计量）。因此 AUC 衡量的是排序质量，与阈值无关。');
      }
    `,
  },
  {
    questionId: 'threshold-selection',
    slug: 'threshold-tuning',
    version: 1,
    title: { en: 'Choose a threshold by cost', zh: '按代价选择阈值' },
    task: {
      en: md`
        A fraud model's scores on 300 validation transactions. Missing a fraud (false negative) costs **10**, a false
        alarm (false positive) costs **1**.

        1. \`expectedCost(threshold)\`: predict "fraud" when \`score ≥ threshold\`; return the average cost per
           transaction.
        2. \`bestThreshold\`: the candidate threshold (from \`candidates\`) with the lowest expected cost.`,
      zh: md`
        一个欺诈检测模型在 300 笔验证交易上的分数。漏掉一笔欺诈（假负例）代价为 **10**，误报（假正例）代价为 **1**。

        1. \`expectedCost(threshold)\`：当 \`score ≥ threshold\` 时预测为"欺诈"；返回每笔交易的平均代价。
        2. \`bestThreshold\`：\`candidates\` 中期望代价最低的阈值。`,
    },
    setup: ts`
      const rand = seededRandom(53);
      const labels = Array.from({ length: 300 }, (_, i) => (i % 6 === 0 ? 1 : 0));
      const scores = labels.map((y) => Math.min(1, Math.max(0, (y ? 0.55 : 0.3) + 0.15 * randn(rand))));
      const COST_FN = 10;
      const COST_FP = 1;
      const candidates = Array.from({ length: 101 }, (_, i) => i / 100);
    `,
    starter: ts`
      function expectedCost(threshold: number): number {
        //en: TODO: the mean over transactions of COST_FN for each missed fraud and COST_FP for each false alarm.
        //zh: TODO：所有交易上的平均代价：每个漏掉的欺诈计 COST_FN，每个误报计 COST_FP。
        return 0;
      }
      //en: TODO: the candidate with the lowest expected cost (0.5 is just a default).
      //zh: TODO：期望代价最低的候选阈值（0.5 只是个默认值）。
      const bestThreshold = 0.5;
    `,
    solution: ts`
      function expectedCost(threshold: number): number {
        let cost = 0;
        scores.forEach((s, i) => {
          const flagged = s >= threshold;
          if (labels[i] === 1 && !flagged) cost += COST_FN;
          if (labels[i] === 0 && flagged) cost += COST_FP;
        });
        return cost / scores.length;
      }
      const bestThreshold = candidates.reduce((best, t) => (expectedCost(t) < expectedCost(best) ? t : best), candidates[0]);
    `,
    check: ts`
      {
        const reference = (t: number) => scores.reduce((c, s, i) => c + (labels[i] === 1 && s < t ? COST_FN : 0) + (labels[i] === 0 && s >= t ? COST_FP : 0), 0) / scores.length;
        for (const t of [0.3, 0.5, 0.7]) check(near(expectedCost(t), reference(t), 1e-9), 'expectedCost(' + t + ') should be ' + fmt(reference(t)) + ', got ' + fmt(expectedCost(t)) + '.', 'expectedCost(' + t + ') 应为 ' + fmt(reference(t)) + '，实际为 ' + fmt(expectedCost(t)) + '。');
        const best = Math.min(...candidates.map(reference));
        check(near(reference(bestThreshold), best, 1e-9), 'bestThreshold = ' + bestThreshold + ' costs ' + fmt(reference(bestThreshold)) + ' per transaction; the best candidate costs ' + fmt(best) + '.', 'bestThreshold = ' + bestThreshold + ' 的每笔代价为 ' + fmt(reference(bestThreshold)) + '；最好的候选阈值代价为 ' + fmt(best) + '。');
        display.chart({ kind: 'line', title: 'expected cost per transaction', xLabel: 'threshold', series: [{ name: 'cost', x: candidates, y: candidates.map(reference) }] });
        pass('Threshold ' + bestThreshold + ' costs ' + fmt(best, 3) + ' per transaction versus ' + fmt(reference(0.5), 3) + ' at 0.5: when misses are 10× as expensive, flag earlier. Choose the threshold on validation data from the business costs (or a precision/recall target), never on the test set.',
          '阈值 ' + bestThreshold + ' 的每笔代价为 ' + fmt(best, 3) + '，而 0.5 时为 ' + fmt(reference(0.5), 3) + '：漏报代价是误报的 10 倍时，就应该更早报警。阈值要在验证集上根据业务代价（或精确率/召回率目标）来选，绝不能在测试集上选。');
      }
    `,
  },
  {
    questionId: 'calibration',
    slug: 'calibration',
    version: 1,
    title: { en: 'Expected calibration error and temperature scaling', zh: '期望校准误差与温度缩放' },
    task: {
      en: md`
        A binary model is **over-confident**: its logits are 3× too large. 2000 validation examples.

        1. \`expectedCalibrationError(probs, labels, bins)\`: split [0, 1] into \`bins\` equal bins by predicted
           probability (bin = min(⌊p·bins⌋, bins − 1)); ECE = Σ over bins of (bin size / n) · |mean label − mean p|.
        2. \`fitTemperature(logits, labels)\`: the T in \`candidates\` that minimises the mean log loss of
           \`sigmoid(logits / T)\` — temperature scaling.`,
      zh: md`
        一个二分类模型**过度自信**：它的 logits 大了 3 倍。验证集有 2000 个样本。

        1. \`expectedCalibrationError(probs, labels, bins)\`：按预测概率把 [0, 1] 等分为 \`bins\` 个区间（区间号 =
           min(⌊p·bins⌋, bins − 1)）；ECE = 对各区间求和 (区间样本数 / n) · |标签均值 − p 均值|。
        2. \`fitTemperature(logits, labels)\`：在 \`candidates\` 中找出使 \`sigmoid(logits / T)\` 的平均对数损失最小的 T——
           即温度缩放。`,
    },
    setup: ts`
      const rand = seededRandom(59);
      const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
      const trueLogits = Array.from({ length: 2000 }, () => 1.5 * randn(rand));
      const labels = trueLogits.map((z) => (rand() < sigmoid(z) ? 1 : 0));
      //en: The model's logits: right direction, 3× too confident.
      //zh: 模型的 logits：方向对，但自信了 3 倍。
      const logits = trueLogits.map((z) => 3 * z);
      const candidates = Array.from({ length: 91 }, (_, i) => 0.5 + i * 0.05);
    `,
    starter: ts`
      function expectedCalibrationError(probs: number[], labels: number[], bins = 10): number {
        //en: TODO: per bin, |mean label − mean probability|, weighted by the bin's share of the examples.
        //zh: TODO：每个区间的 |标签均值 − 概率均值|，按该区间样本所占比例加权。
        return 0;
      }
      function fitTemperature(logits: number[], labels: number[]): number {
        //en: TODO: the candidate T with the lowest mean log loss of sigmoid(logit / T).
        //zh: TODO：使 sigmoid(logit / T) 的平均对数损失最低的候选 T。
        return 1;
      }
    `,
    solution: ts`
      function expectedCalibrationError(probs: number[], labels: number[], bins = 10): number {
        const sums = Array.from({ length: bins }, () => ({ n: 0, p: 0, y: 0 }));
        probs.forEach((p, i) => {
          const b = sums[Math.min(Math.floor(p * bins), bins - 1)];
          b.n++;
          b.p += p;
          b.y += labels[i];
        });
        return sums.reduce((ece, b) => (b.n === 0 ? ece : ece + (b.n / probs.length) * Math.abs(b.y / b.n - b.p / b.n)), 0);
      }
      function fitTemperature(logits: number[], labels: number[]): number {
        const logLoss = (T: number) => logits.reduce((s, z, i) => { const p = Math.min(1 - 1e-12, Math.max(1e-12, sigmoid(z / T))); return s - (labels[i] ? Math.log(p) : Math.log(1 - p)); }, 0) / logits.length;
        return candidates.reduce((best, T) => (logLoss(T) < logLoss(best) ? T : best), candidates[0]);
      }
    `,
    check: ts`
      {
        const handProbs = [...new Array<number>(10).fill(0.9), ...new Array<number>(10).fill(0.3)];
        const handLabels = [1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
        const hand = expectedCalibrationError(handProbs, handLabels);
        check(near(hand, 0.15, 1e-9), 'ten predictions of 0.9 with 6 positives (gap 0.3) and ten of 0.3 with 3 positives (gap 0) give ECE = ½·0.3 + ½·0 = 0.15, got ' + fmt(hand) + '.', '十个 0.9 的预测中有 6 个正例（差 0.3），十个 0.3 的预测中有 3 个正例（差 0），ECE = ½·0.3 + ½·0 = 0.15，实际为 ' + fmt(hand) + '。');
        const before = expectedCalibrationError(logits.map(sigmoid), labels);
        const T = fitTemperature(logits, labels);
        const after = expectedCalibrationError(logits.map((z) => sigmoid(z / T)), labels);
        check(T > 2.4 && T < 3.6, 'The logits are 3× too large, so the best temperature should be about 3, got ' + fmt(T) + '.', 'logits 大了 3 倍，所以最佳温度应约为 3，实际为 ' + fmt(T) + '。');
        check(after < before / 2, 'Temperature scaling should cut the ECE substantially: ' + fmt(before) + ' → ' + fmt(after) + '.', '温度缩放应显著降低 ECE：' + fmt(before) + ' → ' + fmt(after) + '。');
        pass('ECE ' + fmt(before, 3) + ' → ' + fmt(after, 3) + ' with T = ' + fmt(T, 3) + '. Dividing the logits by one scalar fixes over-confidence without changing any ranking (accuracy and AUC stay the same). Fit T on validation data; modern deep nets are typically over-confident.',
          'T = ' + fmt(T, 3) + ' 时 ECE 从 ' + fmt(before, 3) + ' 降到 ' + fmt(after, 3) + '。把 logits 除以一个标量就修正了过度自信，且不改变任何排序（准确率和 AUC 不变）。T 要在验证集上拟合；现代深度网络通常都过度自信。');
      }
    `,
  },
  {
    questionId: 'regression-metrics',
    slug: 'regression-metrics',
    version: 1,
    title: { en: 'MAE, RMSE, R² and MAPE', zh: 'MAE、RMSE、R² 与 MAPE' },
    task: {
      en: md`
        Write \`regressionMetrics(yTrue, yPred)\`:
        - MAE = mean |y − ŷ|, RMSE = √(mean (y − ŷ)²)
        - R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)² (1 is perfect, 0 is as good as predicting the mean, negative is worse)
        - MAPE = mean |y − ŷ| / |y|`,
      zh: md`
        写出 \`regressionMetrics(yTrue, yPred)\`：
        - MAE = mean |y − ŷ|，RMSE = √(mean (y − ŷ)²)
        - R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)²（1 为完美，0 相当于预测均值，负数更差）
        - MAPE = mean |y − ŷ| / |y|`,
    },
    setup: ts`
      const yTrue = [3, -0.5, 2, 7];
      const yPred = [2.5, 0.0, 2, 8];
    `,
    starter: ts`
      function regressionMetrics(yTrue: number[], yPred: number[]): { mae: number; rmse: number; r2: number; mape: number } {
        const n = yTrue.length;
        const mae = yTrue.reduce((s, y, i) => s + Math.abs(y - yPred[i]), 0) / n;
        const mse = yTrue.reduce((s, y, i) => s + (y - yPred[i]) ** 2, 0) / n;
        //en: TODO: rmse is the square root of the MSE; R² compares the squared error with the variance of yTrue; MAPE divides each error by |y|.
        //zh: TODO：rmse 是 MSE 的平方根；R² 把平方误差与 yTrue 的方差比较；MAPE 把每个误差除以 |y|。
        return { mae, rmse: mse, r2: 1 - mse, mape: 0 };
      }
    `,
    solution: ts`
      function regressionMetrics(yTrue: number[], yPred: number[]): { mae: number; rmse: number; r2: number; mape: number } {
        const n = yTrue.length;
        const mean = yTrue.reduce((a, b) => a + b, 0) / n;
        const mae = yTrue.reduce((s, y, i) => s + Math.abs(y - yPred[i]), 0) / n;
        const sse = yTrue.reduce((s, y, i) => s + (y - yPred[i]) ** 2, 0);
        const sst = yTrue.reduce((s, y) => s + (y - mean) ** 2, 0);
        const mape = yTrue.reduce((s, y, i) => s + Math.abs(y - yPred[i]) / Math.abs(y), 0) / n;
        return { mae, rmse: Math.sqrt(sse / n), r2: 1 - sse / sst, mape };
      }
    `,
    check: ts`
      {
        const m = regressionMetrics(yTrue, yPred);
        check(near(m.mae, 0.5, 1e-9), 'MAE should be (0.5 + 0.5 + 0 + 1)/4 = 0.5, got ' + fmt(m.mae) + '.', 'MAE 应为 (0.5 + 0.5 + 0 + 1)/4 = 0.5，实际为 ' + fmt(m.mae) + '。');
        check(near(m.rmse, Math.sqrt(0.375), 1e-9), 'RMSE should be √0.375 = ' + fmt(Math.sqrt(0.375)) + ', got ' + fmt(m.rmse) + '.', 'RMSE 应为 √0.375 = ' + fmt(Math.sqrt(0.375)) + '，实际为 ' + fmt(m.rmse) + '。');
        check(near(m.r2, 1 - 1.5 / 29.1875, 1e-9), 'R² should be 1 − 1.5/29.19 = ' + fmt(1 - 1.5 / 29.1875) + ', got ' + fmt(m.r2) + '. Divide the sum of squared errors by the sum of squared deviations from the mean.', 'R² 应为 1 − 1.5/29.19 = ' + fmt(1 - 1.5 / 29.1875) + '，实际为 ' + fmt(m.r2) + '。应把误差平方和除以相对均值的离差平方和。');
        check(near(m.mape, (0.5 / 3 + 1 + 0 + 1 / 7) / 4, 1e-9), 'MAPE should be (0.5/3 + 0.5/0.5 + 0 + 1/7)/4 = ' + fmt((0.5 / 3 + 1 + 0 + 1 / 7) / 4) + ', got ' + fmt(m.mape) + '.', 'MAPE 应为 (0.5/3 + 0.5/0.5 + 0 + 1/7)/4 = ' + fmt((0.5 / 3 + 1 + 0 + 1 / 7) / 4) + '，实际为 ' + fmt(m.mape) + '。');
        const meanPred = regressionMetrics(yTrue, yTrue.map(() => 2.875));
        check(near(meanPred.r2, 0, 1e-9), 'Predicting the mean everywhere should give R² = 0, got ' + fmt(meanPred.r2) + '.', '处处预测均值时 R² 应为 0，实际为 ' + fmt(meanPred.r2) + '。');
        const outlier = regressionMetrics([1, 2, 3, 4], [1, 2, 3, 14]);
        pass('MAE ' + fmt(m.mae) + ', RMSE ' + fmt(m.rmse, 3) + ', R² ' + fmt(m.r2, 3) + ', MAPE ' + fmt(100 * m.mape, 3) + ' %. One large error (10 off on one of four points) moves RMSE to ' + fmt(outlier.rmse, 3) + ' but MAE only to ' + fmt(outlier.mae, 3) + ': RMSE punishes outliers. MAPE blows up near y = 0 (here 0.5/0.5 = 100 % for one point).',
          'MAE ' + fmt(m.mae) + '，RMSE ' + fmt(m.rmse, 3) + '，R² ' + fmt(m.r2, 3) + '，MAPE ' + fmt(100 * m.mape, 3) + '%。一个大误差（四个点中一个偏了 10）让 RMSE 变成 ' + fmt(outlier.rmse, 3) + '，而 MAE 只到 ' + fmt(outlier.mae, 3) + '：RMSE 对离群值惩罚更重。MAPE 在 y 接近 0 时会爆炸（这里一个点就是 0.5/0.5 = 100%）。');
      }
    `,
  },
  {
    questionId: 'adversarial-examples',
    slug: 'adversarial-examples',
    version: 1,
    title: { en: 'The fast gradient sign method', zh: '快速梯度符号法（FGSM）' },
    task: {
      en: md`
        A logistic-regression "image" classifier with 400 inputs (pixels in [0, 1]) confidently classifies \`x\` as
        class 1.

        Write \`fgsm(x, y, epsilon)\`: move every pixel by \`epsilon\` in the direction that **increases the loss**,
        \`x + ε · sign(∇ₓ loss)\` (use \`tf.grad\`), then clip to [0, 1]. The starter adds random noise of the same
        size instead.`,
      zh: md`
        一个有 400 个输入（像素取值 [0, 1]）的逻辑回归"图像"分类器，自信地把 \`x\` 判为类别 1。

        写出 \`fgsm(x, y, epsilon)\`：把每个像素沿**使损失增大**的方向移动 \`epsilon\`，即 \`x + ε · sign(∇ₓ loss)\`
        （用 \`tf.grad\`），再裁剪到 [0, 1]。初始代码加的是同样大小的随机噪声。`,
    },
    setup: ts`
      const rand = seededRandom(61);
      const w = tf.tensor1d(Array.from({ length: 400 }, () => (rand() < 0.5 ? -0.1 : 0.1)));
      const x = tf.tensor1d(Array.from({ length: 400 }, () => 0.2 + 0.6 * rand()));
      const b = tf.scalar(2).sub(w.dot(x));
      const y = 1;
      //en: P(class 1 | x) and the log loss for label y.
      //zh: P(类别 1 | x)，以及标签 y 的对数损失。
      const prob = (input: tf.Tensor) => tf.sigmoid(tf.dot(input, w).add(b)).dataSync()[0];
      const loss = (input: tf.Tensor, label: number) => tf.losses.sigmoidCrossEntropy(tf.tensor1d([label]), tf.dot(input, w).add(b).reshape([1])) as tf.Scalar;
    `,
    starter: ts`
      function fgsm(x: tf.Tensor1D, y: number, epsilon: number): tf.Tensor1D {
        //en: TODO: step along sign(∇ₓ loss(x, y)) (tf.grad), not in a random direction; then clip to [0, 1].
        //zh: TODO：沿 sign(∇ₓ loss(x, y)) 方向移动（用 tf.grad），而不是随机方向；然后裁剪到 [0, 1]。
        const noise = tf.sign(tf.randomUniform(x.shape, -1, 1));
        return tf.clipByValue(x.add(noise.mul(epsilon)), 0, 1) as tf.Tensor1D;
      }
    `,
    solution: ts`
      function fgsm(x: tf.Tensor1D, y: number, epsilon: number): tf.Tensor1D {
        const gradient = tf.grad((input: tf.Tensor) => loss(input, y))(x);
        return tf.clipByValue(x.add(tf.sign(gradient).mul(epsilon)), 0, 1) as tf.Tensor1D;
      }
    `,
    check: ts`
      {
        const eps = 0.06;
        const adv = fgsm(x as tf.Tensor1D, y, eps);
        const delta = tf.abs(adv.sub(x)).max().dataSync()[0];
        check(delta <= eps + 1e-6, 'No pixel may change by more than ε = ' + eps + '; the largest change is ' + fmt(delta) + '.', '任何像素的变化都不能超过 ε = ' + eps + '；最大变化为 ' + fmt(delta) + '。');
        const before = prob(x);
        const after = prob(adv);
        check(after < 0.5,
          'P(class 1) went from ' + fmt(before, 3) + ' to ' + fmt(after, 3) + ': still class 1. Random ±ε noise mostly cancels out; the gradient sign pushes all 400 pixels the same way.',
          'P(类别 1) 从 ' + fmt(before, 3) + ' 变为 ' + fmt(after, 3) + '：仍是类别 1。随机的 ±ε 噪声大多相互抵消；梯度符号则让全部 400 个像素朝同一方向推动。');
        const want = tf.clipByValue(x.sub(tf.sign(w).mul(eps)), 0, 1);
        check(allClose(adv, want, 1e-6), 'For this linear model ∇ₓ loss ∝ −w, so the attack should be x − ε·sign(w).', '对这个线性模型 ∇ₓ loss ∝ −w，所以攻击应为 x − ε·sign(w)。');
        pass('A change of at most ' + eps + ' per pixel moved P(class 1) from ' + fmt(before, 3) + ' to ' + fmt(after, 3) + '. The logit changes by ε·‖w‖₁ = ' + fmt(eps * 40, 3) + ': tiny per-pixel changes add up across many dimensions — the linearity explanation of adversarial examples. Defences: adversarial training (train on FGSM/PGD examples), input preprocessing, certified robustness.',
          '每个像素最多改变 ' + eps + '，就让 P(类别 1) 从 ' + fmt(before, 3) + ' 变为 ' + fmt(after, 3) + '。logit 的变化为 ε·‖w‖₁ = ' + fmt(eps * 40, 3) + '：每个像素的微小变化在众多维度上累加起来——这就是对抗样本的线性解释。防御方法：对抗训练（用 FGSM/PGD 样本训练）、输入预处理、可认证鲁棒性。');
      }
    `,
  },
];
