/**
 * One loaded model: the tokenizer windows and the ONNX session, run in padded batches. The
 * inputs are the BERT-shaped ones (input_ids, attention_mask, token_type_ids when the graph
 * has it); the first output is returned with its shape.
 */
import path from 'node:path';
import { ModelError } from './model-error.ts';
import { readModelFolder, type ModelFolder } from './model-folder.ts';
import { loadOnnxRuntime, type OnnxSession } from './onnx-runtime.ts';
import { WindowedTokenizer, type EncodedWindow } from './windowed-tokenizer.ts';

export interface ModelOutput {
  /** Row-major values of the first output for the whole batch. */
  data: Float32Array;
  dims: readonly number[];
  /** Padded length of the batch. */
  sequenceLength: number;
}

export interface LoadedModel {
  /** Identifies the model in stage versions and manifests (model id and revision, or folder name). */
  readonly id: string;
  readonly folder: ModelFolder;
  readonly tokenizer: WindowedTokenizer;
  /** Runs windows (at most batchSize at a time) and hands each batch's output to `consume`. */
  run(windows: readonly EncodedWindow[], consume: (batch: readonly EncodedWindow[], output: ModelOutput) => void): Promise<void>;
  /** Frees the ONNX session; the model is unusable afterwards. */
  close(): Promise<void>;
}

export interface LoadModelOptions {
  /** Shown in stage versions; defaults to the folder name. */
  id?: string;
  batchSize?: number;
  /** Threads ONNX Runtime uses inside one run; 0 lets it decide. */
  threads?: number;
}

function toBigInts(rows: readonly number[][], length: number, fill: (row: number, column: number) => number): BigInt64Array {
  const out = new BigInt64Array(rows.length * length);
  for (let row = 0; row < rows.length; row += 1) for (let column = 0; column < length; column += 1) out[row * length + column] = BigInt(fill(row, column));
  return out;
}

export async function loadModel(folderPath: string, options: LoadModelOptions = {}): Promise<LoadedModel> {
  const folder = readModelFolder(folderPath);
  const tokenizer = new WindowedTokenizer(folder.tokenizerJson, folder.tokenizerConfig, folder.maxTokens);
  const ort = await loadOnnxRuntime();
  let session: OnnxSession;
  try {
    session = await ort.InferenceSession.create(path.join(folder.folder, folder.onnxFile), {
      graphOptimizationLevel: 'all',
      ...(options.threads !== undefined && options.threads > 0 ? { intraOpNumThreads: options.threads } : {}),
    });
  } catch (error) {
    throw new ModelError(`model folder ${folderPath}: ONNX Runtime cannot load ${folder.onnxFile} (${(error as Error).message.split('\n')[0] ?? ''})`);
  }
  for (const required of ['input_ids', 'attention_mask'])
    if (!session.inputNames.includes(required))
      throw new ModelError(`model ${folder.onnxFile} has no ${required} input (inputs: ${session.inputNames.join(', ')})`);
  const known = new Set(['input_ids', 'attention_mask', 'token_type_ids']);
  const unknown = session.inputNames.filter((name) => !known.has(name));
  if (unknown.length > 0) throw new ModelError(`model ${folder.onnxFile} needs inputs this runner does not provide: ${unknown.join(', ')}`);
  const outputName = session.outputNames[0];
  if (outputName === undefined) throw new ModelError(`model ${folder.onnxFile} has no output`);
  const batchSize = Math.max(1, options.batchSize ?? 16);
  const withTokenTypes = session.inputNames.includes('token_type_ids');

  return {
    id: options.id ?? path.basename(path.resolve(folderPath)),
    folder,
    tokenizer,
    async run(windows, consume) {
      // Similar lengths together: less padding per batch. Results are handed back per window, so order does not matter.
      const ordered = [...windows].sort((left, right) => left.ids.length - right.ids.length);
      for (let start = 0; start < ordered.length; start += batchSize) {
        const batch = ordered.slice(start, start + batchSize);
        const length = Math.max(...batch.map((window) => window.ids.length));
        const rows = batch.map((window) => window.ids);
        const feeds: Record<string, InstanceType<typeof ort.Tensor>> = {
          input_ids: new ort.Tensor(
            'int64',
            toBigInts(rows, length, (row, column) => rows[row]?.[column] ?? tokenizer.padId),
            [batch.length, length],
          ),
          attention_mask: new ort.Tensor(
            'int64',
            toBigInts(rows, length, (row, column) => (column < (rows[row]?.length ?? 0) ? 1 : 0)),
            [batch.length, length],
          ),
        };
        if (withTokenTypes) feeds.token_type_ids = new ort.Tensor('int64', new BigInt64Array(batch.length * length), [batch.length, length]);
        let results: Awaited<ReturnType<OnnxSession['run']>>;
        try {
          results = await session.run(feeds);
        } catch (error) {
          throw new ModelError(`model ${folder.onnxFile} failed to run (${(error as Error).message.split('\n')[0] ?? ''})`);
        }
        const output = results[outputName];
        if (output === undefined || output.type !== 'float32') throw new ModelError(`model ${folder.onnxFile}: output ${outputName} is not float32`);
        consume(batch, { data: output.data as Float32Array, dims: output.dims, sequenceLength: length });
      }
    },
    close: () => session.release(),
  };
}
