/**
 * Table 1 of the WildChat paper (Zhao et al., ICLR 2024, arXiv 2405.01470), Llama-2 tokens,
 * users = distinct IPs; shown beside our figures for comparison. "–" in the paper is null here.
 */
export interface PaperTableOneRow {
  dataset: string;
  conversations: number;
  users: number | null;
  meanTurns: number;
  userTokens: readonly [mean: number, std: number];
  assistantTokens: readonly [mean: number, std: number];
  languages: number;
}

export const PAPER_TABLE_ONE: readonly PaperTableOneRow[] = [
  { dataset: 'Alpaca', conversations: 52_002, users: null, meanTurns: 1.0, userTokens: [19.67, 15.19], assistantTokens: [64.51, 64.85], languages: 1 },
  {
    dataset: 'Open Assistant',
    conversations: 46_283,
    users: 13_500,
    meanTurns: 2.34,
    userTokens: [33.41, 69.89],
    assistantTokens: [211.76, 246.71],
    languages: 11,
  },
  { dataset: 'Dolly', conversations: 15_011, users: null, meanTurns: 1.0, userTokens: [110.25, 261.14], assistantTokens: [91.14, 149.15], languages: 1 },
  { dataset: 'ShareGPT', conversations: 94_145, users: null, meanTurns: 3.51, userTokens: [94.46, 626.39], assistantTokens: [348.45, 269.93], languages: 41 },
  {
    dataset: 'LMSYS-Chat-1M',
    conversations: 1_000_000,
    users: 210_479,
    meanTurns: 2.02,
    userTokens: [69.83, 143.49],
    assistantTokens: [215.71, 1858.09],
    languages: 65,
  },
  {
    dataset: 'WildChat',
    conversations: 1_039_785,
    users: 204_736,
    meanTurns: 2.54,
    userTokens: [295.58, 1609.18],
    assistantTokens: [441.34, 410.91],
    languages: 68,
  },
];

/** Other headline figures of the paper quoted in the report. */
export const PAPER_FIGURES = {
  toxicUserTurns: 0.1046,
  toxicAssistantTurns: 0.0658,
  multiTurnShare: 0.41,
  overTenTurnsShare: 0.037,
  languages: [
    ['English', 0.5294],
    ['Chinese', 0.1338],
    ['Russian', 0.1161],
    ['French', 0.0342],
    ['Spanish', 0.0266],
    ['German', 0.013],
  ] as const,
  countries: [
    ['United States', 0.216],
    ['Russia', 0.1555],
    ['China', 0.1002],
    ['Hong Kong', 0.0462],
    ['United Kingdom', 0.0379],
  ] as const,
  jailbreaks: [
    ['Narotica', 3903, 211, 0.6182],
    ['Do Anything Now', 2337, 531, 0.1583],
    ['NsfwGPT', 1684, 294, 0.6834],
    ['EroticaChan', 883, 88, 0.6591],
    ['4chan user', 408, 56, 0.6078],
    ['Alphabreak', 356, 72, 0.3842],
    ['JailMommy', 274, 45, 0.7116],
  ] as const,
} as const;
