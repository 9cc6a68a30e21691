/**
 * Writes tiny but real Hugging Face-layout model folders (config.json, tokenizer.json,
 * tokenizer_config.json, onnx/model.onnx) whose weights are chosen by hand, so tests can assert
 * what the real loading and inference code outputs: an uncased WordPiece vocabulary, a Gather
 * embedding per token, then a MatMul (+ bias) to logits.
 *   - NER (token classification): "alice" is B-PER, "smith" I-PER, "paris" B-LOC, "acme" B-ORG,
 *     "bo" + "##bby" is a two-piece B-PER, "王" B-PER and "伟" I-PER.
 *   - Toxicity (sequence classification, Detoxify's 7 heads, mean pooled): "idiot" lifts
 *     toxicity and insult, "kill" toxicity and threat; other words push every head down.
 *   - Embeddings (feature extraction): last_hidden_state is the token embedding.
 */
import fs from 'node:fs';
import path from 'node:path';
import { encodeOnnxModel, ONNX_FLOAT, ONNX_INT64, type OnnxNode, type OnnxTensor } from './onnx-protobuf.ts';

const SPECIAL = ['[PAD]', '[UNK]', '[CLS]', '[SEP]'] as const;
const WORDS = [
  'alice',
  'smith',
  'paris',
  'acme',
  'bo',
  '##bby',
  '王',
  '伟',
  'idiot',
  'kill',
  'you',
  'are',
  'an',
  'hello',
  'there',
  'friend',
  'i',
  'will',
  'met',
  'in',
  'at',
  'works',
  'for',
  'and',
  'the',
  'my',
  'name',
  'is',
  'cat',
  'dog',
  'a',
  'sat',
  '.',
  ',',
  '!',
  '?',
  '在',
  '工',
  '作',
] as const;
export const TINY_VOCAB: readonly string[] = [...SPECIAL, ...WORDS];

export const NER_LABELS = ['O', 'B-PER', 'I-PER', 'B-LOC', 'I-LOC', 'B-ORG', 'I-ORG'] as const;
const NER_TAGS: Readonly<Record<string, (typeof NER_LABELS)[number]>> = {
  alice: 'B-PER',
  smith: 'I-PER',
  bo: 'B-PER',
  '##bby': 'I-PER',
  paris: 'B-LOC',
  acme: 'B-ORG',
  王: 'B-PER',
  伟: 'I-PER',
};

export const TOXICITY_LABELS = ['toxicity', 'severe_toxicity', 'obscene', 'threat', 'insult', 'identity_attack', 'sexual_explicit'] as const;
const TOXIC_WORDS: Readonly<Record<string, readonly (typeof TOXICITY_LABELS)[number][]>> = {
  idiot: ['toxicity', 'insult'],
  kill: ['toxicity', 'threat'],
};

function tokenizerJson(): object {
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL.map((content, id) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: { '[CLS]': { id: '[CLS]', ids: [2], tokens: ['[CLS]'] }, '[SEP]': { id: '[SEP]', ids: [3], tokens: ['[SEP]'] } },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(TINY_VOCAB.map((token, id) => [token, id])),
    },
  };
}

const tokenizerConfig = {
  do_lower_case: true,
  model_max_length: 512,
  cls_token: '[CLS]',
  sep_token: '[SEP]',
  pad_token: '[PAD]',
  unk_token: '[UNK]',
  tokenizer_class: 'BertTokenizer',
};

function identity(size: number): number[] {
  return Array.from({ length: size * size }, (_, index) => (index % (size + 1) === 0 ? 1 : 0));
}

const BERT_INPUTS = [
  { name: 'input_ids', elementType: ONNX_INT64, shape: ['batch', 'sequence'] },
  { name: 'attention_mask', elementType: ONNX_INT64, shape: ['batch', 'sequence'] },
  { name: 'token_type_ids', elementType: ONNX_INT64, shape: ['batch', 'sequence'] },
] as const;

/** embedding(input_ids) + type_embedding(token_type_ids), masked: hidden [batch, sequence, size]. */
function embeddingNodes(size: number, table: number[]): { nodes: OnnxNode[]; initializers: OnnxTensor[] } {
  return {
    initializers: [
      { name: 'word_embeddings', dataType: ONNX_FLOAT, dims: [TINY_VOCAB.length, size], values: table },
      { name: 'type_embeddings', dataType: ONNX_FLOAT, dims: [2, size], values: new Array<number>(2 * size).fill(0) },
      { name: 'last_axis', dataType: ONNX_INT64, dims: [1], values: [-1] },
    ],
    nodes: [
      { opType: 'Gather', inputs: ['word_embeddings', 'input_ids'], outputs: ['words'] },
      { opType: 'Gather', inputs: ['type_embeddings', 'token_type_ids'], outputs: ['types'] },
      { opType: 'Add', inputs: ['words', 'types'], outputs: ['embedded'] },
      { opType: 'Cast', inputs: ['attention_mask'], outputs: ['mask'], attributes: [{ name: 'to', int: ONNX_FLOAT }] },
      { opType: 'Unsqueeze', inputs: ['mask', 'last_axis'], outputs: ['mask3'] },
      { opType: 'Mul', inputs: ['embedded', 'mask3'], outputs: ['hidden'] },
    ],
  };
}

function writeFolder(folder: string, config: object, model: Uint8Array): string {
  fs.mkdirSync(path.join(folder, 'onnx'), { recursive: true });
  fs.writeFileSync(path.join(folder, 'config.json'), JSON.stringify(config, null, 2));
  fs.writeFileSync(path.join(folder, 'tokenizer.json'), JSON.stringify(tokenizerJson()));
  fs.writeFileSync(path.join(folder, 'tokenizer_config.json'), JSON.stringify(tokenizerConfig, null, 2));
  fs.writeFileSync(path.join(folder, 'onnx', 'model.onnx'), model);
  return folder;
}

const id2label = (labels: readonly string[]): Record<string, string> => Object.fromEntries(labels.map((label, index) => [String(index), label]));

export function writeTinyNerModel(folder: string): string {
  const size = NER_LABELS.length;
  const table = TINY_VOCAB.flatMap((token) => {
    const row = new Array<number>(size).fill(0);
    row[NER_LABELS.indexOf(NER_TAGS[token] ?? 'O')] = 5;
    return row;
  });
  const embedding = embeddingNodes(size, table);
  const model = encodeOnnxModel({
    name: 'tiny-ner',
    opset: 13,
    initializers: [
      ...embedding.initializers,
      { name: 'classifier', dataType: ONNX_FLOAT, dims: [size, size], values: identity(size) },
      { name: 'classifier_bias', dataType: ONNX_FLOAT, dims: [size], values: new Array<number>(size).fill(0) },
    ],
    nodes: [
      ...embedding.nodes,
      { opType: 'MatMul', inputs: ['hidden', 'classifier'], outputs: ['projected'] },
      { opType: 'Add', inputs: ['projected', 'classifier_bias'], outputs: ['logits'] },
    ],
    inputs: BERT_INPUTS,
    outputs: [{ name: 'logits', elementType: ONNX_FLOAT, shape: ['batch', 'sequence', size] }],
  });
  return writeFolder(
    folder,
    { model_type: 'bert', architectures: ['BertForTokenClassification'], id2label: id2label(NER_LABELS), max_position_embeddings: 512 },
    model,
  );
}

export function writeTinyToxicityModel(folder: string): string {
  const size = TOXICITY_LABELS.length;
  const table = TINY_VOCAB.flatMap((token) => {
    // [CLS], [SEP] and [PAD] are neutral; unknown words count as harmless ones.
    if (token !== '[UNK]' && (SPECIAL as readonly string[]).includes(token)) return new Array<number>(size).fill(0);
    const heads = TOXIC_WORDS[token] ?? [];
    return TOXICITY_LABELS.map((label) => (heads.includes(label) ? 30 : -6));
  });
  const embedding = embeddingNodes(size, table);
  const model = encodeOnnxModel({
    name: 'tiny-toxicity',
    opset: 13,
    initializers: [
      ...embedding.initializers,
      { name: 'sequence_axis', dataType: ONNX_INT64, dims: [1], values: [1] },
      { name: 'classifier', dataType: ONNX_FLOAT, dims: [size, size], values: identity(size) },
      { name: 'classifier_bias', dataType: ONNX_FLOAT, dims: [size], values: new Array<number>(size).fill(0) },
    ],
    nodes: [
      ...embedding.nodes,
      { opType: 'ReduceSum', inputs: ['hidden', 'sequence_axis'], outputs: ['summed'], attributes: [{ name: 'keepdims', int: 0 }] },
      { opType: 'ReduceSum', inputs: ['mask3', 'sequence_axis'], outputs: ['counts'], attributes: [{ name: 'keepdims', int: 0 }] },
      { opType: 'Div', inputs: ['summed', 'counts'], outputs: ['pooled'] },
      { opType: 'MatMul', inputs: ['pooled', 'classifier'], outputs: ['projected'] },
      { opType: 'Add', inputs: ['projected', 'classifier_bias'], outputs: ['logits'] },
    ],
    inputs: BERT_INPUTS,
    outputs: [{ name: 'logits', elementType: ONNX_FLOAT, shape: ['batch', size] }],
  });
  return writeFolder(
    folder,
    {
      model_type: 'bert',
      architectures: ['BertForSequenceClassification'],
      problem_type: 'multi_label_classification',
      id2label: id2label(TOXICITY_LABELS),
      max_position_embeddings: 512,
    },
    model,
  );
}

export const EMBEDDING_DIMENSIONS = 4;

/** Token embedding of the tiny feature-extraction model: deterministic, distinct per token. */
export function tinyTokenEmbedding(id: number): number[] {
  return Array.from({ length: EMBEDDING_DIMENSIONS }, (_, dimension) => ((id * (dimension + 3)) % 7) - 3 + (dimension === 0 ? 0.5 : 0));
}

export function writeTinyEmbeddingModel(folder: string): string {
  const size = EMBEDDING_DIMENSIONS;
  const embedding = embeddingNodes(
    size,
    TINY_VOCAB.flatMap((_, id) => tinyTokenEmbedding(id)),
  );
  const model = encodeOnnxModel({
    name: 'tiny-embedding',
    opset: 13,
    initializers: [...embedding.initializers, { name: 'projection', dataType: ONNX_FLOAT, dims: [size, size], values: identity(size) }],
    nodes: [...embedding.nodes, { opType: 'MatMul', inputs: ['hidden', 'projection'], outputs: ['last_hidden_state'] }],
    inputs: BERT_INPUTS,
    outputs: [{ name: 'last_hidden_state', elementType: ONNX_FLOAT, shape: ['batch', 'sequence', size] }],
  });
  return writeFolder(folder, { model_type: 'bert', architectures: ['BertModel'], max_position_embeddings: 512, hidden_size: size }, model);
}
