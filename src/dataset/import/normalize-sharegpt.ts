/**
 * ShareGPT rows: `{id, conversations: [{from, value}], ...}`. Long shared conversations were split
 * into continuation chunks (`<shareId>_<n>`), some of which start with the model's message; each
 * chunk stays one row, in its original order, and the chunk is recorded in `extra.sharegpt_chunk`.
 * A leading system message becomes `system_prompt`.
 */
import { z } from 'zod';
import type { ReleaseRecord } from '../../schema/release-record.ts';
import { completeRecord, emptyMessage, mergeExtra } from './build-record.ts';
import { nullableString, unknownFields } from './field-normalizers.ts';
import { RowError, zodReason } from './row-error.ts';

const rowShape = z.looseObject({
  id: z.union([z.string(), z.number()]).nullable().optional(),
  conversations: z.array(z.looseObject({ from: z.string(), value: z.string().nullable() })),
});

/** ShareGPT speaker names and their chat roles; anything else is kept as it is. */
const ROLE_OF_SPEAKER: Record<string, string> = {
  human: 'user',
  user: 'user',
  gpt: 'assistant',
  chatgpt: 'assistant',
  assistant: 'assistant',
  bing: 'assistant',
  bard: 'assistant',
  model: 'assistant',
  system: 'system',
};
const CANONICAL_SPEAKERS = new Set(['human', 'gpt', 'system']);

const KNOWN_TOP_LEVEL = new Set(['id', 'conversations', 'model', 'system_prompt']);
const KNOWN_MESSAGE = new Set(['from', 'value']);

export function normalizeShareGptRow(row: unknown): ReleaseRecord {
  const parsed = rowShape.safeParse(row);
  if (!parsed.success) throw new RowError(zodReason(parsed.error));
  const data = parsed.data as Record<string, unknown> & { conversations: ({ from: string; value: string | null } & Record<string, unknown>)[] };

  let items = data.conversations;
  let offset = 0;
  let systemPrompt = nullableString(data.system_prompt, 'system_prompt');
  if (systemPrompt === null && items[0]?.from === 'system' && unknownFields(items[0], KNOWN_MESSAGE) === null) {
    systemPrompt = items[0].value ?? '';
    items = items.slice(1);
    offset = 1;
  }
  const conversation = items.map((item) => emptyMessage(ROLE_OF_SPEAKER[item.from.toLowerCase()] ?? item.from, item.value ?? ''));
  const perMessageUnknown = items.map((item) => {
    const unknown = unknownFields(item, KNOWN_MESSAGE);
    // Keep a non-standard speaker name (e.g. "chatgpt", "bing") so nothing is lost.
    return CANONICAL_SPEAKERS.has(item.from) ? unknown : { ...unknown, from: item.from };
  });

  const id = data.id === null || data.id === undefined ? null : String(data.id);
  const chunk = id === null ? null : /^(.+)_(\d+)$/.exec(id);
  const chunkInfo = chunk === null ? null : { sharegpt_chunk: { share_id: chunk[1], index: Number(chunk[2]) } };
  const unknownTop = unknownFields(data, KNOWN_TOP_LEVEL);

  return completeRecord(
    {
      conversation,
      conversation_id: id,
      model: nullableString(data.model, 'model'),
      source: 'sharegpt',
      system_prompt: systemPrompt,
      extra: mergeExtra(null, chunkInfo === null && unknownTop === null ? null : { ...chunkInfo, ...unknownTop }, perMessageUnknown),
    },
    (index) => `conversations.${index + offset}.from`,
  );
}
