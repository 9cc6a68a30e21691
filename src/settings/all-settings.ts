import { datasetSettings } from './dataset-settings.ts';
import { protectionSettings } from './protection-settings.ts';
import { releasePrivacySettings } from './release-privacy-settings.ts';
import { migrateSettings } from './migrate-settings.ts';
import { modelSettings } from './model-settings.ts';
import { explorerSettings } from './explorer-settings.ts';
import { mapSettings } from './map-settings.ts';
import { releaseSettings } from './release-settings.ts';
import { releaseShardSettings } from './release-shard-settings.ts';
import { serveSettings } from './serve-settings.ts';
import { studySettings } from './study-settings.ts';
import type { Setting } from './setting.ts';

/** Every setting of every command, in the order docs/settings.md lists them. */
export const allSettings: readonly Setting[] = [
  ...serveSettings,
  ...protectionSettings,
  ...datasetSettings,
  ...releaseSettings,
  ...releaseShardSettings,
  ...releasePrivacySettings,
  ...modelSettings,
  ...studySettings,
  ...migrateSettings,
  ...explorerSettings,
  ...mapSettings,
];
