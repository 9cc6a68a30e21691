/**
 * onnxruntime-node is a 290 MB native package: it is imported on first use only, so no command
 * pays for it unless a model backend was chosen.
 */
type OnnxRuntimeModule = typeof import('onnxruntime-node');

let loading: Promise<OnnxRuntimeModule> | null = null;

export function loadOnnxRuntime(): Promise<OnnxRuntimeModule> {
  loading ??= import('onnxruntime-node');
  return loading;
}

export type OnnxSession = import('onnxruntime-node').InferenceSession;
export type OnnxTensor = import('onnxruntime-node').Tensor;
