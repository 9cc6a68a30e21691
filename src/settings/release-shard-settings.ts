import type { Setting } from './setting.ts';

/** A release sharded over worker processes through the job queue on PostgreSQL (docs/postgres.md). */
export const releaseShardSettings = [
  {
    key: 'sharded',
    commands: ['release'],
    type: 'boolean',
    defaultValue: 'false',
    env: ['WILDCHAT_RELEASE_SHARDED'],
    help: 'Split the release of the collected conversations into shards run by worker processes through a job queue in PostgreSQL (needs --database-url); the output is byte-identical to a release in one process.',
  },
  {
    key: 'shardWorkers',
    commands: ['release'],
    type: 'integer',
    defaultValue: '2',
    min: 0,
    max: 64,
    unit: 'processes',
    env: ['WILDCHAT_RELEASE_SHARD_WORKERS'],
    help: 'With --sharded: worker processes this command starts on this machine; 0 leaves every shard to `wildchat worker` processes started elsewhere. Each runs the stages on --workers threads.',
  },
  {
    key: 'shardSize',
    commands: ['release'],
    type: 'integer',
    defaultValue: '5000',
    min: 1,
    max: 1000000,
    unit: 'conversations',
    env: ['WILDCHAT_RELEASE_SHARD_SIZE'],
    help: 'With --sharded: conversations per shard (one queue job per shard and pass).',
  },
  {
    key: 'shardTimeout',
    commands: ['release', 'worker'],
    type: 'integer',
    defaultValue: '900',
    min: 2,
    max: 86400,
    unit: 'seconds',
    env: ['WILDCHAT_RELEASE_SHARD_TIMEOUT'],
    help: 'With --sharded: a shard job still running after this long is taken as lost (its worker died) and handed to another worker, up to 3 times. For `wildchat worker`, how often it checks for such jobs (a tenth of this, at least every second).',
  },
] as const satisfies readonly Setting[];

/** The sharding part of the release config: null runs the release in this process. */
export interface ReleaseShardingConfig {
  workers: number;
  shardConversations: number;
  timeoutSeconds: number;
}
