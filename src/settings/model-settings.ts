import type { Setting } from './setting.ts';

/**
 * Settings of the in-process model backends (src/models): the NER PII backend, ONNX moderation,
 * and where models come from. A model is a local folder in the Hugging Face layout or a hub id
 * pinned to a commit (hf:owner/name@<40-hex commit>), fetched on first use (docs/models.md).
 */
export const modelSettings = [
  {
    key: 'piiBackend',
    commands: ['release'],
    type: 'string',
    defaultValue: 'offline',
    choices: ['offline', 'ner'],
    env: ['WILDCHAT_PII_BACKEND'],
    help: 'PII names and places: offline (built-in rules and name statistics) or ner (an in-process token-classification model, see --pii-ner-model), merged with the structured recognizers either way.',
  },
  {
    key: 'piiNerModel',
    commands: ['release'],
    type: 'string',
    defaultValue: null,
    env: ['WILDCHAT_PII_NER_MODEL'],
    help: 'NER model for --pii-backend ner: a local folder (config.json, tokenizer.json, onnx/model.onnx) or hf:owner/name@<commit>.',
  },
  {
    key: 'moderationOnnxModel',
    commands: ['release'],
    type: 'string',
    defaultValue: null,
    env: ['WILDCHAT_MODERATION_ONNX_MODEL'],
    help: 'Detoxify-class text-classification model for --moderation onnx: a local folder or hf:owner/name@<commit>. It also fills detoxify_moderation unless --detoxify-url is set.',
  },
  {
    key: 'moderationOnnxLabels',
    commands: ['release'],
    type: 'list',
    defaultValue: null,
    env: ['WILDCHAT_MODERATION_ONNX_LABELS'],
    help: "How the model's labels map to Detoxify's keys, as label=key pairs (e.g. toxic=toxicity,identity_hate=identity_attack); the usual Jigsaw and Detoxify names are known without it.",
  },
  {
    key: 'modelBatchSize',
    commands: ['release'],
    type: 'integer',
    defaultValue: '16',
    min: 1,
    max: 1024,
    unit: 'texts',
    env: ['WILDCHAT_MODEL_BATCH_SIZE'],
    help: 'Texts (windows of up to the model length) per ONNX run.',
  },
  {
    key: 'modelThreads',
    commands: ['release'],
    type: 'integer',
    defaultValue: '0',
    min: 0,
    max: 256,
    unit: 'threads',
    env: ['WILDCHAT_MODEL_THREADS'],
    help: 'Threads ONNX Runtime uses within one run; 0 lets it choose (one per core).',
  },
  {
    key: 'modelCacheDir',
    commands: ['release'],
    type: 'path',
    defaultValue: null,
    env: ['WILDCHAT_MODEL_CACHE_DIR'],
    help: 'Where models fetched from the hub are kept (default: the models folder in --data-dir).',
  },
  {
    key: 'hubUrl',
    commands: ['release'],
    type: 'string',
    defaultValue: 'https://huggingface.co',
    env: ['WILDCHAT_HUB_URL', 'HF_ENDPOINT'],
    help: 'Hugging Face hub (or mirror) that hf: models are fetched from.',
  },
  {
    key: 'hubToken',
    commands: ['release'],
    type: 'string',
    defaultValue: null,
    env: ['WILDCHAT_HUB_TOKEN', 'HF_TOKEN'],
    help: 'Hugging Face access token, for gated models.',
    secret: true,
  },
] as const satisfies readonly Setting[];
