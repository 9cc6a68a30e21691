import { datasetSettings } from './dataset-settings.ts';
import { modelSettings } from './model-settings.ts';
import { releasePrivacySettings } from './release-privacy-settings.ts';
import { releaseSettings } from './release-settings.ts';
import { releaseShardSettings } from './release-shard-settings.ts';
import { serveSettings } from './serve-settings.ts';
import { studySettings } from './study-settings.ts';

/** Every settings row with its literal types, for typed resolution of any command's settings. */
export const commandSettings = [
  ...serveSettings,
  ...datasetSettings,
  ...releaseSettings,
  ...releaseShardSettings,
  ...releasePrivacySettings,
  ...modelSettings,
  ...studySettings,
] as const;
