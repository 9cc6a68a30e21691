/**
 * The report's figures, drawn by Observable Plot at build time into SVG through linkedom's
 * document: the page needs no script and makes no request. Each chart is an SVG string, or the
 * reason it cannot be drawn (the source lacks its data).
 */
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import type { DatasetStatistics } from './dataset-statistics.ts';

export interface Chart {
  id: string;
  title: string;
  /** SVG markup, or null with `reason`. */
  svg: string | null;
  reason?: string;
}

const WIDTH = 640;

function render(options: Plot.PlotOptions): string {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const figure = Plot.plot({
    ...options,
    document: document as unknown as Document,
    width: options.width ?? WIDTH,
    style: { background: 'transparent', fontSize: '11px' },
  });
  return (figure as unknown as { outerHTML: string }).outerHTML;
}

function chart(id: string, title: string, draw: () => string | { reason: string }): Chart {
  const result = draw();
  return typeof result === 'string' ? { id, title, svg: result } : { id, title, svg: null, reason: result.reason };
}

function topValues(items: { value: string | null; count: number }[], limit: number): { value: string; count: number }[] {
  return items.slice(0, limit).map((item) => ({ value: item.value ?? '(none)', count: item.count }));
}

function humanLength(value: number): string {
  return value >= 1000 ? `${Math.round(value / 1000)}k` : String(value);
}

export function datasetCharts(statistics: DatasetStatistics): Chart[] {
  const { distributions, safety } = statistics;
  const charts: Chart[] = [];
  charts.push(
    chart('turns', 'Turns per conversation (Fig. 2a)', () => {
      const rows = distributions.turns.histogram.map((item) => ({ turns: item.turns > 20 ? '>20' : String(item.turns), conversations: item.conversations }));
      if (rows.length === 0) return { reason: 'no conversations' };
      const order = [...new Set(rows.map((row) => row.turns))];
      return render({
        x: { label: 'turns', domain: order },
        y: { label: 'conversations', grid: true },
        marks: [Plot.barY(rows, Plot.groupX({ y: 'sum' }, { x: 'turns', y: 'conversations', fill: 'steelblue' })), Plot.ruleY([0])],
      });
    }),
  );
  const bars = (id: string, title: string, counted: DatasetStatistics['distributions']['models'], limit: number, label: string): Chart =>
    chart(id, title, () => {
      if (counted.items === null) return { reason: counted.reason ?? 'not in the source' };
      const rows = topValues(counted.items, limit);
      return render({
        marginLeft: 140,
        height: 24 * rows.length + 40,
        x: { label, grid: true },
        y: { label: null, domain: rows.map((row) => row.value) },
        marks: [Plot.barX(rows, { x: 'count', y: 'value', fill: 'steelblue' }), Plot.ruleX([0])],
      });
    });
  charts.push(bars('languages', 'Conversation languages (Fig. 2b, top 15)', distributions.conversationLanguages, 15, 'conversations'));
  charts.push(bars('models', 'Models (Table 2)', distributions.models, 15, 'conversations'));
  charts.push(bars('countries', 'Countries (Table 3, top 15)', distributions.countries, 15, 'conversations'));
  charts.push(
    chart('lengths', 'Prompt and reply length (characters, power-of-two bins)', () => {
      const rows = distributions.messageLengths.flatMap((bin) => [
        { bin: bin.from === 0 ? '0' : `${humanLength(bin.from)}–${humanLength(bin.to)}`, role: 'user', messages: bin.user },
        { bin: bin.from === 0 ? '0' : `${humanLength(bin.from)}–${humanLength(bin.to)}`, role: 'assistant', messages: bin.assistant },
      ]);
      if (rows.length === 0) return { reason: 'no messages' };
      return render({
        x: { label: 'characters', domain: [...new Set(rows.map((row) => row.bin))], tickRotate: -40 },
        y: { label: 'messages', grid: true },
        color: { legend: true, domain: ['user', 'assistant'] },
        marginBottom: 50,
        marks: [Plot.barY(rows, { x: 'bin', y: 'messages', fill: 'role' }), Plot.ruleY([0])],
      });
    }),
  );
  charts.push(
    chart('conversations-per-user', 'Conversations per user', () => {
      const items = distributions.conversationsPerUser.items;
      if (items === null) return { reason: distributions.conversationsPerUser.reason ?? 'no users' };
      const rows = items.map((item) => ({ conversations: item.conversations > 30 ? '>30' : String(item.conversations), users: item.users }));
      return render({
        x: { label: 'conversations of one user', domain: [...new Set(rows.map((row) => row.conversations))] },
        y: { label: 'users', grid: true },
        marks: [Plot.barY(rows, Plot.groupX({ y: 'sum' }, { x: 'conversations', y: 'users', fill: 'steelblue' })), Plot.ruleY([0])],
      });
    }),
  );
  charts.push(
    chart('activity', 'Conversations per week, by model', () => {
      const items = distributions.activityByWeek.items;
      if (items === null) return { reason: distributions.activityByWeek.reason ?? 'no dates' };
      const rows = items.map((item) => ({ week: new Date(`${item.week}T00:00:00Z`), model: item.model, conversations: item.conversations }));
      return render({
        x: { label: 'week', type: 'utc' },
        y: { label: 'conversations', grid: true },
        color: { legend: true },
        marks: [Plot.areaY(rows, { x: 'week', y: 'conversations', fill: 'model', curve: 'step' }), Plot.ruleY([0])],
      });
    }),
  );
  charts.push(
    chart('toxicity-over-time', 'Toxic share of messages per month (Tables 6–7 over time)', () => {
      const items = safety.byMonth.items;
      if (items === null) return { reason: safety.byMonth.reason ?? 'no toxicity flags' };
      const rows = items
        .filter((item) => item.value !== null)
        .flatMap((item) => [
          { month: new Date(`${item.value}-01T00:00:00Z`), role: 'user', share: item.userToxicShare.value },
          { month: new Date(`${item.value}-01T00:00:00Z`), role: 'assistant', share: item.assistantToxicShare.value },
        ])
        .filter((row): row is { month: Date; role: string; share: number } => row.share !== null)
        .sort((a, b) => a.month.getTime() - b.month.getTime());
      if (rows.length === 0) return { reason: 'no dated toxicity flags' };
      return render({
        x: { label: 'month', type: 'utc' },
        y: { label: 'toxic share', percent: true, grid: true },
        color: { legend: true, domain: ['user', 'assistant'] },
        marks: [Plot.lineY(rows, { x: 'month', y: 'share', stroke: 'role', marker: 'dot' }), Plot.ruleY([0])],
      });
    }),
  );
  charts.push(
    chart('moderation-categories', 'Moderation categories of user messages', () => {
      const items = safety.categories.items;
      if (items === null) return { reason: safety.categories.reason ?? 'no moderation' };
      const rows = items.map((item) => ({ category: item.category, share: item.userShare }));
      return render({
        marginLeft: 170,
        height: 22 * rows.length + 40,
        x: { label: 'share of moderated user messages', percent: true, grid: true },
        y: { label: null, domain: rows.map((row) => row.category) },
        marks: [Plot.barX(rows, { x: 'share', y: 'category', fill: 'indianred' }), Plot.ruleX([0])],
      });
    }),
  );
  return charts;
}
