/**
 * `wildchat report`: one self-contained HTML page (no script, no request: a strict CSP forbids
 * both), light and dark (prefers-color-scheme), narrow-screen friendly, printable. Tables carry
 * `data-table`, charts `data-chart`, absent figures `data-missing` with the reason.
 */
import type { Counted, DatasetStatistics, StatsDocument, ToxicityByValue, ValueCount } from './dataset-statistics.ts';
import { columnTitle, formatMeasure, formatNumber, formatShare, TABLE_ONE_LABELS } from './format-stats.ts';
import type { Measure } from './measure.ts';
import { PAPER_FIGURES, PAPER_TABLE_ONE } from './paper-table-one.ts';
import { datasetCharts, type Chart } from './report-charts.ts';

export interface ReportContext {
  /** e.g. "wildchat 0.1.0, @observablehq/plot 0.6.17, DuckDB 1.5.6" */
  versions: string;
  generatedAt: string;
}

export function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'dataset'
  );
}

function cell(measure: Measure, digits: number): string {
  return measure.value === null
    ? `<td class="missing" title="${escapeHtml(measure.reason)}">–<small>${escapeHtml(measure.reason)}</small></td>`
    : `<td>${escapeHtml(formatMeasure(measure, digits))}</td>`;
}

function shareCell(measure: Measure): string {
  return measure.value === null ? `<td class="missing">–<small>${escapeHtml(measure.reason)}</small></td>` : `<td>${escapeHtml(formatShare(measure))}</td>`;
}

function table(id: string, caption: string, header: readonly string[], rows: readonly string[][], rawCells = false): string {
  const body = rows
    .map(
      (row) =>
        `<tr>${rawCells ? row.join('') : row.map((value, index) => (index === 0 ? `<th scope="row">${escapeHtml(value)}</th>` : `<td>${escapeHtml(value)}</td>`)).join('')}</tr>`,
    )
    .join('\n');
  return `<div class="scroll"><table data-table="${id}"><caption>${escapeHtml(caption)}</caption><thead><tr>${header.map((title) => `<th scope="col">${escapeHtml(title)}</th>`).join('')}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

function missingBlock(id: string, title: string, reason: string | undefined): string {
  return `<section class="figure"><h4>${escapeHtml(title)}</h4><p class="missing" data-missing="${id}">– ${escapeHtml(reason ?? 'not in the source')}</p></section>`;
}

function tableOne(document: StatsDocument): string {
  const columns = document.datasets.flatMap((dataset) => dataset.tableOne);
  const header = ['', ...columns.map(columnTitle), ...PAPER_TABLE_ONE.map((row) => `${row.dataset} (paper)`)];
  const rows = TABLE_ONE_LABELS.map(([key, label]) => {
    const digits = key === 'conversations' || key === 'users' || key === 'languages' ? 0 : 2;
    const ours = columns.map((column) => cell(column.row[key], digits));
    const paper = PAPER_TABLE_ONE.map((row) => {
      const value =
        key === 'conversations'
          ? formatNumber(row.conversations, 0)
          : key === 'users'
            ? row.users === null
              ? '–'
              : formatNumber(row.users, 0)
            : key === 'meanTurns'
              ? formatNumber(row.meanTurns, 2)
              : key === 'userTokensPerTurn'
                ? `${formatNumber(row.userTokens[0], 2)} ± ${formatNumber(row.userTokens[1], 2)}`
                : key === 'assistantTokensPerTurn'
                  ? `${formatNumber(row.assistantTokens[0], 2)} ± ${formatNumber(row.assistantTokens[1], 2)}`
                  : formatNumber(row.languages, 0);
      return `<td class="paper">${escapeHtml(value)}</td>`;
    });
    return [`<th scope="row">${escapeHtml(label)}</th>`, ...ours, ...paper];
  });
  rows.push([
    '<th scope="row">tokenizer</th>',
    ...columns.map((column) => `<td>${escapeHtml(document.datasets.find((dataset) => dataset.name === column.dataset)?.tokenizer.name ?? 'none')}</td>`),
    ...PAPER_TABLE_ONE.map(() => '<td class="paper">llama2</td>'),
  ]);
  const body = rows.map((row) => `<tr>${row.join('')}</tr>`).join('\n');
  return `<div class="scroll"><table data-table="table-1"><caption>Table 1: our datasets beside the paper's rows (grey)</caption><thead><tr>${header.map((title) => `<th scope="col">${escapeHtml(title)}</th>`).join('')}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

function valueTable(id: string, title: string, counted: Counted<ValueCount>, limit: number, paper?: readonly (readonly [string, number])[]): string {
  if (counted.items === null) return missingBlock(id, title, counted.reason);
  const paperShare = new Map(paper ?? []);
  const header = paper === undefined ? ['value', 'conversations', 'share'] : ['value', 'count', 'share', 'paper (WildChat)'];
  const rows = counted.items.slice(0, limit).map((item) => {
    const row = [item.value ?? '(none)', formatNumber(item.count, 0), `${(item.share * 100).toFixed(2)} %`];
    if (paper !== undefined) {
      const reference = item.value === null ? undefined : paperShare.get(item.value);
      row.push(reference === undefined ? '' : `${(reference * 100).toFixed(2)} %`);
    }
    return row;
  });
  const more = counted.items.length > limit ? ` (top ${limit} of ${counted.items.length})` : '';
  return `<section class="figure"><h4>${escapeHtml(title + more)}</h4>${table(id, title, header, rows)}</section>`;
}

function toxicityTable(id: string, title: string, counted: Counted<ToxicityByValue>, limit: number): string {
  if (counted.items === null) return missingBlock(id, title, counted.reason);
  const rows = counted.items
    .slice(0, limit)
    .map((item) => [
      `<th scope="row">${escapeHtml(item.value ?? '(none)')}</th>`,
      `<td>${formatNumber(item.userMessages, 0)}</td>`,
      shareCell(item.userToxicShare),
      `<td>${formatNumber(item.assistantMessages, 0)}</td>`,
      shareCell(item.assistantToxicShare),
    ]);
  return `<section class="figure"><h4>${escapeHtml(title)}</h4>${table(id, title, ['', 'user messages', 'toxic', 'assistant messages', 'toxic'], rows, true)}</section>`;
}

function chartBlock(chart: Chart, dataset: string): string {
  if (chart.svg === null) return missingBlock(`${dataset}-${chart.id}`, chart.title, chart.reason);
  return `<figure data-chart="${dataset}-${chart.id}"><figcaption>${escapeHtml(chart.title)}</figcaption>${chart.svg}</figure>`;
}

function datasetSection(statistics: DatasetStatistics, k: number): string {
  const id = slug(statistics.name);
  const { distributions: d, safety: s } = statistics;
  const parts: string[] = [];
  parts.push(`<section class="dataset" id="${id}"><h2>${escapeHtml(statistics.name)}</h2>`);
  parts.push(
    `<p class="meta">${formatNumber(
      statistics.tableOne.reduce((sum, column) => sum + (column.row.conversations.value ?? 0), 0),
      0,
    )} conversations · ${escapeHtml(statistics.input.kind)} (${statistics.input.files} ${statistics.input.formats.join('/')} file${statistics.input.files === 1 ? '' : 's'}) · tokens: ${escapeHtml(statistics.tokenizer.note)}</p>`,
  );
  parts.push('<h3>Distributions</h3><div class="grid">');
  parts.push(valueTable(`${id}-models`, 'Models (Table 2)', d.models, 20));
  parts.push(valueTable(`${id}-countries`, 'Countries (Table 3)', d.countries, 20, PAPER_FIGURES.countries));
  parts.push(valueTable(`${id}-us-states`, 'US states (Table 3)', d.usStates, 20));
  parts.push(valueTable(`${id}-languages`, 'Conversation languages', d.conversationLanguages, 20));
  parts.push(valueTable(`${id}-message-languages`, 'User-message languages (Table 5)', d.userMessageLanguages, 20, PAPER_FIGURES.languages));
  parts.push(
    `<section class="figure"><h4>Turns</h4>${table(
      `${id}-turns`,
      'Turns (Fig. 2a)',
      ['', 'this dataset', 'paper (WildChat)'],
      [
        ['multi-turn conversations', formatShare(d.turns.multiTurnShare), `${(PAPER_FIGURES.multiTurnShare * 100).toFixed(1)} %`],
        ['more than 10 turns', formatShare(d.turns.overTenTurnsShare), `${(PAPER_FIGURES.overTenTurnsShare * 100).toFixed(1)} %`],
      ],
    )}</section>`,
  );
  parts.push('</div><h3>Figures</h3><div class="charts">');
  for (const chart of datasetCharts(statistics)) parts.push(chartBlock(chart, id));
  parts.push('</div><h3>Safety</h3><div class="grid">');
  const role = (label: string, key: 'toxic' | 'moderationFlagged' | 'detoxifyToxic'): string[] => [
    `<th scope="row">${label}</th>`,
    shareCell(s.userMessages[key]),
    shareCell(s.assistantMessages[key]),
  ];
  parts.push(
    `<section class="figure"><h4>Toxic messages (Tables 6–7)</h4><div class="scroll"><table data-table="${id}-toxicity"><caption>Toxic share by role</caption><thead><tr><th></th><th scope="col">user</th><th scope="col">assistant</th></tr></thead><tbody>
<tr>${role('toxic flag', 'toxic').join('')}</tr><tr>${role('moderation flagged', 'moderationFlagged').join('')}</tr><tr>${role('Detoxify &gt; 0.1', 'detoxifyToxic').join('')}</tr>
<tr><th scope="row">paper (WildChat)</th><td class="paper">${(PAPER_FIGURES.toxicUserTurns * 100).toFixed(2)} %</td><td class="paper">${(PAPER_FIGURES.toxicAssistantTurns * 100).toFixed(2)} %</td></tr>
<tr><th scope="row">toxic conversations</th>${shareCell(s.toxicConversations)}<td></td></tr></tbody></table></div></section>`,
  );
  if (s.categories.items === null) parts.push(missingBlock(`${id}-categories`, 'Moderation categories', s.categories.reason));
  else {
    parts.push(
      `<section class="figure"><h4>Moderation categories</h4>${table(
        `${id}-categories`,
        'Per category',
        ['category', 'user messages', 'share of user', 'share of flagged user', 'assistant messages'],
        s.categories.items.map((item) => [
          item.category,
          formatNumber(item.userMessages, 0),
          `${(item.userShare * 100).toFixed(2)} %`,
          item.shareOfFlaggedUser === null ? '–' : `${(item.shareOfFlaggedUser * 100).toFixed(2)} %`,
          formatNumber(item.assistantMessages, 0),
        ]),
      )}</section>`,
    );
  }
  parts.push(toxicityTable(`${id}-toxicity-by-model`, 'Toxicity by model', s.byModel, 20));
  parts.push(toxicityTable(`${id}-toxicity-by-language`, 'Toxicity by language', s.byLanguage, 20));
  parts.push(toxicityTable(`${id}-toxicity-by-month`, 'Toxicity by month', s.byMonth, 36));
  if (s.jailbreaks.items === null) parts.push(missingBlock(`${id}-jailbreaks`, 'Jailbreak families (Table 8)', s.jailbreaks.reason));
  else {
    parts.push(
      `<section class="figure"><h4>Jailbreak families (Table 8)</h4>${table(
        `${id}-jailbreaks`,
        'Occurrences, unique users, success rate',
        ['family', 'occurrences', 'users', 'success rate'],
        [
          ...s.jailbreaks.items.map((item) => [item.family, formatNumber(item.occurrences, 0), formatMeasure(item.users, 0), formatShare(item.successRate)]),
          ...PAPER_FIGURES.jailbreaks.map(([family, occurrences, users, rate]) => [
            `${family} (paper)`,
            formatNumber(occurrences, 0),
            formatNumber(users, 0),
            `${(rate * 100).toFixed(2)} %`,
          ]),
        ],
      )}</section>`,
    );
  }
  parts.push(
    `<section class="figure"><h4>Redaction and duplicates</h4>${table(
      `${id}-flags`,
      'Shares of conversations',
      ['', 'share'],
      [
        ['redacted conversations', formatShare(s.redactedShare)],
        ['jailbreak-tagged conversations', formatShare(s.jailbreakTaggedShare)],
        ['repeated conversation_hash', formatShare(s.duplicateShare)],
        ['exact duplicates (release annotation)', formatShare(s.annotatedDuplicateShare)],
      ],
    )}</section>`,
  );
  if (s.piiTypes.items === null) parts.push(missingBlock(`${id}-pii`, 'PII types redacted', s.piiTypes.reason));
  else
    parts.push(
      `<section class="figure"><h4>PII types redacted</h4>${table(
        `${id}-pii`,
        'Entities redacted',
        ['type', 'entities'],
        s.piiTypes.items.map((item) => [item.type, formatNumber(item.entities, 0)]),
      )}</section>`,
    );
  if (s.repeatedPrompts.items === null) parts.push(missingBlock(`${id}-repeated-prompts`, `Repeated first prompts (≥ ${k} users)`, s.repeatedPrompts.reason));
  else {
    const rows = s.repeatedPrompts.items.map((item) => [
      item.prompt.length > 160 ? `${item.prompt.slice(0, 160)}…` : item.prompt,
      formatNumber(item.users, 0),
      formatNumber(item.conversations, 0),
    ]);
    parts.push(
      `<section class="figure wide"><h4>Repeated first prompts, sent by at least ${k} distinct users</h4>${rows.length === 0 ? `<p class="missing" data-missing="${id}-repeated-prompts">– no prompt was sent by ${k} or more distinct users</p>` : table(`${id}-repeated-prompts`, 'Privacy-gated common prompts', ['prompt', 'users', 'conversations'], rows)}</section>`,
    );
  }
  parts.push('</div>');
  const m = statistics.methods;
  parts.push(
    `<h3>Methods</h3><dl class="methods" data-methods="${id}"><dt>date range</dt><dd>${escapeHtml(m.firstConversation ?? '–')} to ${escapeHtml(m.lastConversation ?? '–')}</dd><dt>tokenizer</dt><dd>${escapeHtml(statistics.tokenizer.note)}</dd><dt>moderation backend</dt><dd>${escapeHtml(m.moderationSources.length > 0 ? m.moderationSources.join(', ') : 'not recorded in the data (annotations.moderation_source absent)')}</dd><dt>moderation categories</dt><dd>${m.moderationCategories.length}</dd></dl></section>`,
  );
  return parts.join('\n');
}

const STYLE = `
:root { color-scheme: light dark; --fg: #1d1f23; --bg: #fdfdfc; --muted: #5f6670; --rule: #d9dce1; --paper: #80868f; --accent: #2d6cdf; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6e8eb; --bg: #15171a; --muted: #9aa1ab; --rule: #33373d; --paper: #8a9099; --accent: #7aa7ff; } }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 72rem; padding: 1rem; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
h1 { font-size: 1.6rem; margin: .5rem 0; } h2 { border-top: 2px solid var(--rule); padding-top: 1rem; margin-top: 2rem; } h3 { margin-top: 1.5rem; } h4 { margin: .5rem 0; font-size: 1rem; }
.meta, small, .missing { color: var(--muted); }
.missing small { display: block; font-size: .75rem; }
.scroll { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; margin: .25rem 0 1rem; }
caption { text-align: left; color: var(--muted); font-size: .85rem; }
th, td { border-bottom: 1px solid var(--rule); padding: .25rem .6rem; text-align: right; vertical-align: top; }
th[scope=row], td:first-child { text-align: left; }
.paper { color: var(--paper); }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 20rem), 1fr)); gap: 0 1.5rem; }
.grid .wide { grid-column: 1 / -1; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 30rem), 1fr)); gap: 1rem; }
figure { margin: 0; } figcaption { font-weight: 600; margin-bottom: .25rem; }
svg { max-width: 100%; height: auto; color: var(--fg); }
dl.methods { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: .2rem 1rem; } dt { color: var(--muted); } dd { margin: 0; overflow-wrap: anywhere; }
p, li { overflow-wrap: anywhere; }
nav a { color: var(--accent); margin-right: 1rem; }
@media print { body { max-width: none; font-size: 11px; color: #000; background: #fff; } nav { display: none; } h2 { break-before: page; } figure, table, .figure { break-inside: avoid; } .scroll { overflow: visible; } svg { color: #000; } }
`;

export function renderReportHtml(document: StatsDocument, context: ReportContext): string {
  const names = document.datasets.map((dataset) => dataset.name);
  const csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>WildChat statistics: ${escapeHtml(names.join(', '))}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>Chat dataset statistics</h1><p class="meta">${escapeHtml(names.join(' · '))} — generated ${escapeHtml(context.generatedAt)} by ${escapeHtml(context.versions)}</p>
<nav>${document.datasets.map((dataset) => `<a href="#${slug(dataset.name)}">${escapeHtml(dataset.name)}</a>`).join('')}<a href="#methods">Methods</a></nav></header>
<main>
<h2 id="table-1">Table 1</h2>
${tableOne(document)}
${document.datasets.map((dataset) => datasetSection(dataset, document.k)).join('\n')}
<h2 id="methods">Methods</h2>
<ul>
<li>Conversations are rows of the input (for our collected data: the branch each user last continued, one row per conversation, as WildChat published). Users are distinct hashed IPs (<code>hashed_ip</code>); no hashed IP is printed.</li>
<li>A turn is a user message and the reply to it, counted as WildChat does: the number of user messages of a conversation. Tokens per turn are the mean and population standard deviation over user (resp. assistant) messages, empty messages included.</li>
<li>Languages are the distinct conversation-level <code>language</code> values, <code>Nolang</code> excluded; the Table 5 view counts user messages.</li>
<li>A message is toxic when the dataset's own <code>toxic</code> flag says so (WildChat: moderation flagged or Detoxify toxicity &gt; 0.1); moderation-flagged and Detoxify shares are shown separately where the data has them.</li>
<li>Jailbreaks, PII counts and duplicate annotations come from <code>wildchat release</code>'s <code>annotations</code> column; a jailbreak succeeds when a later assistant message is toxic (the paper's rule). Repeated conversation hashes count rows whose <code>conversation_hash</code> appeared earlier.</li>
<li>Privacy gate: a repeated prompt is listed only when at least ${document.k} distinct users sent it; without hashed IPs nothing is listed.</li>
<li>The paper's rows (Zhao et al., ICLR 2024, Table 1; Llama-2 tokenizer) are shown in grey; their tokenizer may differ from ours (named per dataset).</li>
<li>A “–” is a figure the source cannot give, with the reason beside it; it is never a zero.</li>
</ul>
</main>
</body>
</html>
`;
}
