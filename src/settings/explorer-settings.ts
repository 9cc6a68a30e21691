import type { Setting } from './setting.ts';

/** Settings of `wildchat index` and `wildchat explore` (owned by src/search and src/server/explorer). */
export const explorerSettings = [
  { key: 'searchIndex', commands: ['index', 'explore'], type: 'path', defaultValue: null, env: ['WILDCHAT_SEARCH_INDEX'], help: 'The search index file (SQLite FTS5). Default: search-index.sqlite in the data folder.' },
  { key: 'raw', commands: ['index', 'explore'], type: 'boolean', defaultValue: 'false', env: ['WILDCHAT_EXPLORE_RAW'], help: 'Also index/serve our collected raw logs (dataset "collected"). They hold unredacted text: needs --operator-token, and explore then asks every visitor for it.' },
  { key: 'operatorToken', commands: ['index', 'explore'], type: 'string', defaultValue: null, env: ['WILDCHAT_OPERATOR_TOKEN'], secret: true, help: 'Operator token (at least 24 characters) that unlocks raw collected logs with --raw; visitors open the explorer once with ?token=... (kept in an HttpOnly cookie).' },
  { key: 'queryBudgetMs', commands: ['explore'], type: 'integer', defaultValue: '1000', min: 1, max: 60000, unit: 'ms', env: ['WILDCHAT_QUERY_BUDGET_MS'], help: 'Time one search may take; past it the answer is cut and the page says so.' },
  { key: 'countCap', commands: ['explore'], type: 'integer', defaultValue: '10000', min: 1, max: 10000000, unit: 'conversations', env: ['WILDCHAT_COUNT_CAP'], help: 'Matches are counted (and facets computed) exactly up to this many; beyond it the page says "more than".' },
  { key: 'exportLimit', commands: ['explore'], type: 'integer', defaultValue: '1000', min: 1, max: 100000, unit: 'rows', env: ['WILDCHAT_EXPORT_LIMIT'], help: 'Most rows one CSV/JSONL export returns.' },
] as const satisfies readonly Setting[];
