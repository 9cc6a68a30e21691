import type { Setting } from './setting.ts';

/** Settings of the study commands `wildchat stats` and `wildchat report` (owned by src/analytics). */
export const studySettings = [
  {
    key: 'by',
    commands: ['stats', 'report'],
    type: 'string',
    defaultValue: null,
    choices: ['model', 'language', 'country', 'month'],
    env: ['WILDCHAT_STATS_BY'],
    help: 'Table 1 per group: one column per model, language, country or month of each input (the largest 12; the rest pooled as "other").',
  },
  {
    key: 'k',
    commands: ['stats', 'report'],
    type: 'integer',
    defaultValue: '10',
    min: 1,
    unit: 'users',
    env: ['WILDCHAT_STATS_K'],
    help: 'Privacy gate: a repeated prompt or other text is shown only when at least this many distinct users (hashed IPs) sent it.',
  },
  {
    key: 'tokenizer',
    commands: ['stats', 'report'],
    type: 'string',
    defaultValue: 'auto',
    choices: ['auto', 'dataset', 'llama2', 'o200k_base', 'none'],
    env: ['WILDCHAT_STATS_TOKENIZER'],
    help: 'Token counts for Table 1: auto uses the counts a dataset carries (Llama-2 first) and otherwise counts with Llama-2 as the paper did; dataset uses only carried counts; llama2 / o200k_base count with that tokenizer unless the data carries it; none skips tokens.',
  },
  {
    key: 'statsMemoryLimit',
    commands: ['stats', 'report'],
    type: 'string',
    defaultValue: '600MB',
    env: ['WILDCHAT_STATS_MEMORY_LIMIT'],
    help: 'DuckDB memory limit while computing statistics (it spills to a temp folder beyond it).',
  },
] as const satisfies readonly Setting[];
