/**
 * One line per exported column for the dataset card's column documentation, so a downstream user
 * reading only the card knows what each column holds (docs/dataset-format.md has the full text).
 */
export const COLUMN_DESCRIPTIONS: Readonly<Record<string, string>> = {
  conversation_hash: 'first 32 hex of SHA-256 over the (redacted) messages as Python json.dumps writes them; identical conversations share it',
  model: 'the model of the last reply',
  timestamp: 'time of the last reply (UTC)',
  conversation: 'the messages in order: content, role, language, redacted, toxic, timestamp, country, state, hashed_ip, header, turn_identifier',
  turn: 'number of user messages',
  language: 'the most frequent language of the messages',
  openai_moderation: 'one moderation result per message (categories, scores, flagged)',
  detoxify_moderation: 'one Detoxify score set per message, or null when no Detoxify service ran',
  toxic: 'some message is flagged by moderation or above the Detoxify threshold',
  redacted: 'some message had PII or a secret replaced by a placeholder',
  state: 'the most frequent state/region of the user messages',
  country: 'the most frequent country of the user messages',
  hashed_ip: 'keyed hash of the user IP (never the IP itself)',
  header: 'reduced request headers (accept-language, user-agent)',
  schema_version: 'version of the release record schema',
  conversation_id: 'release-own conversation id (rows of one conversation share it)',
  source: 'where the row comes from: collected, wildchat, lmsys, sharegpt, openai',
  system_prompt: 'the system prompt, if any',
  consent_terms_version: 'the terms version the user consented to (collected data)',
  branch: 'which branch of a regenerated or edited conversation the row is',
  turn_details: 'per-message details: model, status, finish reason, sampling parameters, token counts',
  extra: 'JSON object of source fields without a column, and marked_turns (replies that failed or were cut)',
  annotations: 'release pipeline annotations: PII counts, duplicate clusters, jailbreak tags, language confidence',
};
