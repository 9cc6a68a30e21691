/**
 * What a model folder holds, in the Hugging Face layout: config.json (labels, problem type),
 * tokenizer.json (+ tokenizer_config.json) and an ONNX export (onnx/model.onnx as Optimum and
 * Transformers.js write it, or model.onnx at the top).
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ModelError } from './model-error.ts';

/** Looked for in this order; the first that exists is used. */
export const ONNX_FILE_CANDIDATES = ['onnx/model.onnx', 'model.onnx', 'onnx/model_quantized.onnx'] as const;
export const REQUIRED_TEXT_FILES = ['config.json', 'tokenizer.json'] as const;
export const OPTIONAL_TEXT_FILES = ['tokenizer_config.json'] as const;

const configSchema = z
  .object({
    id2label: z.record(z.string(), z.string()).optional(),
    problem_type: z.string().optional(),
    max_position_embeddings: z.number().int().positive().optional(),
    model_type: z.string().optional(),
  })
  .loose();

const tokenizerConfigSchema = z.object({ model_max_length: z.number().optional() }).loose();

export interface ModelFolder {
  folder: string;
  onnxFile: string;
  /** Index → label name (empty for feature-extraction models). */
  labels: string[];
  problemType: string | null;
  /** Longest token sequence the model accepts, special tokens included. */
  maxTokens: number;
  tokenizerJson: object;
  tokenizerConfig: Record<string, unknown>;
}

function readJson(folder: string, file: string): unknown {
  const full = path.join(folder, file);
  let text: string;
  try {
    text = fs.readFileSync(full, 'utf8');
  } catch (error) {
    throw new ModelError(`model folder ${folder}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ModelError(`model folder ${folder}: ${file} is not valid JSON`);
  }
}

function labelList(id2label: Record<string, string> | undefined, folder: string): string[] {
  if (id2label === undefined) return [];
  const labels: string[] = [];
  for (const [index, label] of Object.entries(id2label)) {
    const position = Number(index);
    if (!Number.isInteger(position) || position < 0) throw new ModelError(`model folder ${folder}: config.json id2label has a non-integer key`);
    labels[position] = label;
  }
  for (let index = 0; index < labels.length; index += 1)
    if (labels[index] === undefined) throw new ModelError(`model folder ${folder}: config.json id2label misses index ${index}`);
  return labels;
}

export function findOnnxFile(folder: string): string | null {
  for (const candidate of ONNX_FILE_CANDIDATES) if (fs.existsSync(path.join(folder, candidate))) return candidate;
  return null;
}

export function readModelFolder(folder: string): ModelFolder {
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) throw new ModelError(`model folder ${folder} does not exist`);
  const onnxFile = findOnnxFile(folder);
  if (onnxFile === null) throw new ModelError(`model folder ${folder} has no ONNX file (looked for ${ONNX_FILE_CANDIDATES.join(', ')})`);
  const config = configSchema.safeParse(readJson(folder, 'config.json'));
  if (!config.success) throw new ModelError(`model folder ${folder}: config.json does not look like a model config`);
  const tokenizerJson = readJson(folder, 'tokenizer.json');
  if (typeof tokenizerJson !== 'object' || tokenizerJson === null || !('model' in tokenizerJson))
    throw new ModelError(`model folder ${folder}: tokenizer.json has no tokenizer model`);
  const tokenizerConfigPath = path.join(folder, 'tokenizer_config.json');
  const tokenizerConfig = fs.existsSync(tokenizerConfigPath) ? tokenizerConfigSchema.safeParse(readJson(folder, 'tokenizer_config.json')) : null;
  if (tokenizerConfig !== null && !tokenizerConfig.success) throw new ModelError(`model folder ${folder}: tokenizer_config.json is malformed`);
  // model_max_length is a huge sentinel (1e30) when the tokenizer does not know it.
  const fromTokenizer = tokenizerConfig?.data.model_max_length;
  const limits = [config.data.max_position_embeddings ?? 512, fromTokenizer !== undefined && fromTokenizer < 100_000 ? fromTokenizer : 512];
  return {
    folder,
    onnxFile,
    labels: labelList(config.data.id2label, folder),
    problemType: config.data.problem_type ?? null,
    maxTokens: Math.min(...limits),
    tokenizerJson,
    tokenizerConfig: tokenizerConfig?.data ?? {},
  };
}
