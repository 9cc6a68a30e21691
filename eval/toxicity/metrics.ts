/** Binary metrics shared by the toxicity evaluations. */

export interface BinaryScore {
  examples: number;
  positives: number;
  truePositives: number;
  falsePositives: number;
  precision: number;
  recall: number;
  f1: number;
  /** Flag rate among the negatives. */
  falsePositiveRate: number;
}

export function binaryScore(labels: readonly boolean[], predictions: readonly boolean[]): BinaryScore {
  let truePositives = 0;
  let falsePositives = 0;
  let positives = 0;
  labels.forEach((label, index) => {
    if (label) positives += 1;
    if (predictions[index] === true && label) truePositives += 1;
    if (predictions[index] === true && !label) falsePositives += 1;
  });
  const negatives = labels.length - positives;
  const precision = truePositives + falsePositives === 0 ? 0 : truePositives / (truePositives + falsePositives);
  const recall = positives === 0 ? 0 : truePositives / positives;
  return {
    examples: labels.length,
    positives,
    truePositives,
    falsePositives,
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
    falsePositiveRate: negatives === 0 ? 0 : falsePositives / negatives,
  };
}

/** ROC-AUC by the rank statistic (ties count one half). */
export function rocAuc(labels: readonly boolean[], scores: readonly number[]): number {
  const order = scores.map((score, index) => ({ score, label: labels[index] === true })).sort((a, b) => a.score - b.score);
  let rankSum = 0;
  let positives = 0;
  let index = 0;
  while (index < order.length) {
    let end = index;
    while (end + 1 < order.length && (order[end + 1] as { score: number }).score === (order[index] as { score: number }).score) end += 1;
    const averageRank = (index + end) / 2 + 1;
    for (let k = index; k <= end; k += 1) {
      if ((order[k] as { label: boolean }).label) {
        rankSum += averageRank;
        positives += 1;
      }
    }
    index = end + 1;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
