/**
 * OpenAI chat-format rows: `{messages: [{role, content}], ...}` (fine-tuning JSONL, logged chat
 * completions). Content may be text or a list of parts; text parts are joined and the original
 * parts kept in `extra`. A leading system or developer message becomes `system_prompt`.
 */
import { z } from 'zod';
import type { ReleaseRecord } from '../../schema/release-record.ts';
import { completeRecord, emptyMessage, mergeExtra } from './build-record.ts';
import { isPlainObject, nullableString, unknownFields } from './field-normalizers.ts';
import { RowError, zodReason } from './row-error.ts';

const rowShape = z.looseObject({
  messages: z.array(z.looseObject({ role: z.string(), content: z.unknown().optional() })),
});

const KNOWN_TOP_LEVEL = new Set(['messages', 'model', 'id', 'system_prompt']);
const KNOWN_MESSAGE = new Set(['role', 'content']);

function textOf(content: unknown, field: string): { text: string; parts: unknown[] | null } {
  if (content === null || content === undefined) return { text: '', parts: null };
  if (typeof content === 'string') return { text: content, parts: null };
  if (Array.isArray(content)) {
    const texts = content.map((part, index) => {
      if (typeof part === 'string') return part;
      if (isPlainObject(part) && typeof part.text === 'string') return part.text;
      if (isPlainObject(part) && typeof part.type === 'string') return '';
      throw new RowError(`${field}.${index}: expected content part`);
    });
    return { text: texts.join(''), parts: content };
  }
  throw new RowError(`${field}: expected string or list of parts`);
}

export function normalizeOpenAiRow(row: unknown): ReleaseRecord {
  const parsed = rowShape.safeParse(row);
  if (!parsed.success) throw new RowError(zodReason(parsed.error));
  const data = parsed.data as Record<string, unknown> & { messages: ({ role: string; content?: unknown } & Record<string, unknown>)[] };

  let items = data.messages;
  let offset = 0;
  let systemPrompt = nullableString(data.system_prompt, 'system_prompt');
  const first = items[0];
  if (
    systemPrompt === null &&
    first !== undefined &&
    (first.role === 'system' || first.role === 'developer') &&
    typeof first.content === 'string' &&
    unknownFields(first, KNOWN_MESSAGE) === null &&
    first.role === 'system'
  ) {
    systemPrompt = first.content;
    items = items.slice(1);
    offset = 1;
  }
  const perMessageUnknown: (Record<string, unknown> | null)[] = [];
  const conversation = items.map((item, index) => {
    const { text, parts } = textOf(item.content, `messages.${index}.content`);
    const unknown = unknownFields(item, KNOWN_MESSAGE);
    perMessageUnknown.push(parts === null ? unknown : { ...unknown, content_parts: parts });
    return emptyMessage(item.role, text);
  });

  return completeRecord(
    {
      conversation,
      conversation_id: data.id === undefined || data.id === null ? null : String(data.id),
      model: nullableString(data.model, 'model'),
      source: 'openai',
      system_prompt: systemPrompt,
      extra: mergeExtra(null, unknownFields(data, KNOWN_TOP_LEVEL), perMessageUnknown),
    },
    (index) => `messages.${index + offset}.role`,
  );
}
