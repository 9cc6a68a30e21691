/**
 * Operator-supplied jailbreak templates (`--jailbreak-templates`): CSV with a `prompt` column (and
 * optionally `name`), JSONL objects with `prompt` (or `text`) and optional `name`, or plain text
 * with templates separated by lines of `---`. The caller reads the file; this parses its content.
 */
import { z } from 'zod';
import { parseCsv } from './parse-csv.ts';

export interface JailbreakTemplate {
  name: string;
  prompt: string;
}

export type TemplateFileFormat = 'csv' | 'jsonl' | 'txt';

export function templateFormatFromPath(path: string): TemplateFileFormat {
  const lower = path.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'jsonl';
  if (lower.endsWith('.txt')) return 'txt';
  throw new Error('jailbreak templates must be a .csv, .jsonl or .txt file');
}

const NAME_COLUMNS = ['name', 'title', 'template', 'id'];
const jsonlRowSchema = z
  .object({ prompt: z.string().optional(), text: z.string().optional(), name: z.union([z.string(), z.number()]).optional() })
  .refine((row) => typeof (row.prompt ?? row.text) === 'string', { message: 'needs a prompt or text field' });

export function parseJailbreakTemplates(content: string, format: TemplateFileFormat): JailbreakTemplate[] {
  const templates: JailbreakTemplate[] = [];
  const push = (name: string, prompt: string) => {
    if (prompt.trim().length > 0) templates.push({ name, prompt });
  };
  if (format === 'csv') {
    const rows = parseCsv(content);
    const header = (rows[0] ?? []).map((column) => column.trim().toLowerCase());
    const promptColumn = header.indexOf('prompt');
    if (promptColumn === -1) throw new Error('jailbreak template CSV has no "prompt" column');
    const nameColumn = NAME_COLUMNS.map((column) => header.indexOf(column)).find((index) => index !== -1) ?? -1;
    rows.slice(1).forEach((row, index) => {
      const name = nameColumn === -1 ? '' : (row[nameColumn] ?? '').trim();
      push(name.length > 0 ? name : `row ${index + 1}`, row[promptColumn] ?? '');
    });
  } else if (format === 'jsonl') {
    content.split(/\r?\n/).forEach((line, index) => {
      if (line.trim().length === 0) return;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new Error(`jailbreak templates line ${index + 1} is not valid JSON`);
      }
      const parsed = jsonlRowSchema.safeParse(value);
      if (!parsed.success) throw new Error(`jailbreak templates line ${index + 1}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      const name = parsed.data.name === undefined ? `line ${index + 1}` : String(parsed.data.name);
      push(name, (parsed.data.prompt ?? parsed.data.text) as string);
    });
  } else {
    content.split(/\r?\n-{3,}\r?\n/).forEach((block, index) => push(`block ${index + 1}`, block.trim()));
  }
  return templates;
}
