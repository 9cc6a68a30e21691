/** The source formats `wildchat import` understands (their detection and normalizers live in src/dataset/import). */
export const IMPORT_FORMATS = ['wildchat', 'lmsys', 'sharegpt', 'openai'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
