/**
 * The worker thread of a serving store's checkpointer: its own connection to the database file,
 * checkpointing when the main thread asks. A checkpoint copies pages and fsyncs the main file,
 * tens of milliseconds under load that would otherwise stall every request on the event loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { checkpointWal } from './wal-checkpoint.ts';

const startSchema = z.object({ path: z.string().min(1), stopped: z.instanceof(SharedArrayBuffer) });
const messageSchema = z.object({ type: z.enum(['checkpoint', 'stop']) });

export type CheckpointWorkerReply = { type: 'checkpointed'; unfinished: boolean } | { type: 'failed'; errorName: string };

const start = startSchema.parse(workerData);
const port = parentPort;
if (port === null) throw new Error('wal-checkpoint-worker runs only as a worker thread');
const database = new Database(start.path, { fileMustExist: true });
// Never waits on the serving connection: a busy checkpoint simply tries again on a later tick.
database.pragma('busy_timeout = 0');
const stopped = new Int32Array(start.stopped);

port.on('message', (raw: unknown) => {
  const message = messageSchema.parse(raw);
  if (message.type === 'stop') {
    database.close();
    port.close();
    // The main thread waits on this flag, so the file has only its own connection when it closes.
    Atomics.store(stopped, 0, 1);
    Atomics.notify(stopped, 0);
    return;
  }
  let reply: CheckpointWorkerReply;
  try {
    reply = { type: 'checkpointed', unfinished: checkpointWal(database) };
  } catch (caught) {
    reply = { type: 'failed', errorName: caught instanceof Error ? caught.name : typeof caught };
  }
  port.postMessage(reply);
});
