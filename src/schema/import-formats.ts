/** The source formats `wildchat import` understands (their detection and normalizers live in src/dataset/import). */
export const IMPORT_FORMATS = ['wildchat', 'lmsys', 'sharegpt', 'openai'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/**
 * The licence each format's public source is released under, as the Hugging Face Hub spells it;
 * absent where a file of that format may hold anything (ShareGPT scrapes, OpenAI-format files),
 * so an import of it must say (--license).
 */
export const KNOWN_IMPORT_LICENSES: Partial<Record<ImportFormat, string>> = {
  // WildChat-1M/4.8M: ODC-BY (AI2).
  wildchat: 'odc-by',
  // LMSYS-Chat-1M: its own Dataset License Agreement.
  lmsys: 'other',
};
