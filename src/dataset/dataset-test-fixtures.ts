/**
 * Small synthetic rows in every supported source format, for the dataset tests. Written by hand
 * from the published schemas (spec §5); no real data.
 */
const HEADER = { 'accept-language': 'en-US,en;q=0.9', 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Test/1.0' };

function moderation1M(flagged: boolean): Record<string, unknown> {
  const keys = [
    'harassment',
    'harassment/threatening',
    'harassment_threatening',
    'hate',
    'hate/threatening',
    'hate_threatening',
    'self-harm',
    'self-harm/instructions',
    'self-harm/intent',
    'self_harm',
    'self_harm_instructions',
    'self_harm_intent',
    'sexual',
    'sexual/minors',
    'sexual_minors',
    'violence',
    'violence/graphic',
    'violence_graphic',
  ];
  return {
    categories: Object.fromEntries(keys.map((key) => [key, flagged && key === 'violence'])),
    category_scores: Object.fromEntries(keys.map((key, index) => [key, (index + 1) / 1024])),
    flagged,
  };
}

const DETOXIFY = { identity_attack: 0.001, insult: 0.002, obscene: 0.003, severe_toxicity: 0.0001, sexual_explicit: 0.0005, threat: 0.0007, toxicity: 0.01 };

/** A WildChat-1M row (shape of the published row 0, synthetic text). */
export function wildChat1MRow(index: number): Record<string, unknown> {
  return {
    conversation_hash: (index.toString(16) + 'c9ec5b440fbdd2a269333dd241f32f64').slice(0, 32),
    model: 'gpt-4-0314',
    timestamp: `2023-04-09T00:0${index % 10}:53Z`,
    conversation: [
      {
        content: `Hej! Question number ${index} — ünïcödé 中文 😀`,
        country: 'Sweden',
        hashed_ip: 'ab'.repeat(32),
        header: HEADER,
        language: 'English',
        redacted: false,
        role: 'user',
        state: 'Stockholm',
        timestamp: null,
        toxic: false,
        turn_identifier: 101000 + index,
      },
      {
        content: `Answer ${index}\nwith a second line`,
        country: null,
        hashed_ip: null,
        header: null,
        language: 'English',
        redacted: false,
        role: 'assistant',
        state: null,
        timestamp: `2023-04-09T00:0${index % 10}:53Z`,
        toxic: false,
        turn_identifier: 101000 + index,
      },
      {
        content: '',
        country: 'Sweden',
        hashed_ip: 'ab'.repeat(32),
        header: HEADER,
        language: 'Nolang',
        redacted: false,
        role: 'user',
        state: 'Stockholm',
        timestamp: null,
        toxic: false,
        turn_identifier: 102000 + index,
      },
      {
        content: 'You sent an empty message.',
        country: null,
        hashed_ip: null,
        header: null,
        language: 'English',
        redacted: false,
        role: 'assistant',
        state: null,
        timestamp: `2023-04-09T00:1${index % 10}:00Z`,
        toxic: false,
        turn_identifier: 102000 + index,
      },
    ],
    turn: 2,
    language: 'English',
    openai_moderation: [moderation1M(false), moderation1M(index % 3 === 0), {}, moderation1M(false)],
    detoxify_moderation: [DETOXIFY, DETOXIFY, {}, DETOXIFY],
    toxic: index % 3 === 0,
    redacted: false,
    state: 'Stockholm',
    country: 'Sweden',
    hashed_ip: 'ab'.repeat(32),
    header: HEADER,
  };
}

/** A WildChat-4.8M row: richer per-message fields, omni moderation, timestamps without zone. */
export function wildChat48MRow(index: number): Record<string, unknown> {
  const row = wildChat1MRow(index);
  const conversation = (row.conversation as Record<string, unknown>[]).map((message) =>
    message.role === 'assistant'
      ? {
          ...message,
          timestamp: '2025-01-02 03:04:05',
          created: 1735787045,
          openai_id: `chatcmpl-${index}`,
          system_fingerprint: 'fp_1',
          temperature: 1,
          top_p: 1,
          token_counter: 42,
          usage: {
            completion_tokens: 40,
            prompt_tokens: 10,
            total_tokens: 50,
            completion_tokens_details: { reasoning_tokens: 0 },
            prompt_tokens_details: { cached_tokens: 0 },
          },
        }
      : { ...message, created: null, openai_id: null, system_fingerprint: null, temperature: null, top_p: null, token_counter: null, usage: null },
  );
  const base = moderation1M(false);
  const omni = {
    ...base,
    categories: { ...(base.categories as Record<string, boolean>), illicit: false },
    category_applied_input_types: { harassment: ['text'], illicit: ['text'] },
  };
  return { ...row, timestamp: '2025-01-02 03:04:05', conversation, openai_moderation: [omni, omni, {}, omni] };
}

/** An allenai/WildChat v1 row: conversation_id, fewer per-message fields, float32-like detoxify. */
export function wildChatV1Row(index: number): Record<string, unknown> {
  return {
    conversation_id: `v1-${index}`,
    model: 'gpt-3.5-turbo',
    timestamp: 1681000000 + index,
    conversation: [
      { content: `Bonjour ${index}`, language: 'French', redacted: false, role: 'user', toxic: false },
      { content: 'Salut !', language: 'French', redacted: false, role: 'assistant', toxic: false },
    ],
    turn: 1,
    language: 'French',
    openai_moderation: [moderation1M(false), moderation1M(false)],
    detoxify_moderation: [DETOXIFY, DETOXIFY],
    toxic: false,
    redacted: false,
  };
}

/** An LMSYS-Chat-1M row. */
export function lmsysRow(index: number): Record<string, unknown> {
  return {
    conversation_id: `lmsys-${index.toString(16).padStart(8, '0')}`,
    model: index % 2 === 0 ? 'vicuna-13b' : 'koala-13b',
    conversation: [
      { content: `What is ${index} + 1?`, role: 'user' },
      { content: `${index + 1}. NAME_1 says hi.`, role: 'assistant' },
      { content: 'Thanks', role: 'user' },
      { content: '', role: 'assistant' },
    ],
    turn: 2,
    language: 'English',
    openai_moderation: [
      { categories: { hate: false, sexual: false }, category_scores: { hate: 0.001, sexual: 0.002 }, flagged: false },
      { categories: { hate: false, sexual: false }, category_scores: { hate: 0.001, sexual: 0.002 }, flagged: false },
      { categories: { hate: false, sexual: false }, category_scores: { hate: 0.001, sexual: 0.002 }, flagged: false },
      { categories: { hate: false, sexual: false }, category_scores: { hate: 0.0, sexual: 0.0 }, flagged: false },
    ],
    redacted: true,
  };
}

/** ShareGPT rows, including a continuation chunk that starts with the model and a system message. */
export function shareGptRows(): Record<string, unknown>[] {
  return [
    {
      id: 'abc123_0',
      conversations: [
        { from: 'human', value: 'Write a haiku about rain' },
        { from: 'gpt', value: 'Soft rain on the roof' },
      ],
    },
    {
      id: 'abc123_1',
      conversations: [
        { from: 'gpt', value: '(continued) puddles hold the sky' },
        { from: 'human', value: 'Another one' },
        { from: 'gpt', value: 'Clouds drift east' },
      ],
    },
    {
      id: 'sys9',
      conversations: [
        { from: 'system', value: 'You are terse.' },
        { from: 'human', value: 'Hi' },
        { from: 'chatgpt', value: 'Hello.' },
      ],
      lang: 'en',
    },
  ];
}

/** OpenAI chat-format rows. */
export function openAiRows(): Record<string, unknown>[] {
  return [
    {
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Capital of France?' },
        { role: 'assistant', content: 'Paris.' },
      ],
    },
    {
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Describe ' },
            { type: 'text', text: 'this.' },
          ],
        },
        { role: 'assistant', content: 'A cat.', tool_calls: [] },
      ],
      model: 'gpt-4o-mini',
      metadata: { split: 'train' },
    },
  ];
}

export function toJsonLines(rows: readonly unknown[]): string {
  return rows.map((row) => JSON.stringify(row)).join('\n') + '\n';
}
