/**
 * A minimal writer for ONNX model files (protobuf wire format, field numbers from onnx.proto3),
 * enough for the tiny test models: float/int64 initializers, graph inputs/outputs with symbolic
 * dimensions, nodes with int/ints/float attributes.
 */

class ProtoWriter {
  private readonly parts: Uint8Array[] = [];

  private varint(value: bigint): void {
    let remaining = BigInt.asUintN(64, value);
    const bytes: number[] = [];
    do {
      let byte = Number(remaining & 0x7fn);
      remaining >>= 7n;
      if (remaining !== 0n) byte |= 0x80;
      bytes.push(byte);
    } while (remaining !== 0n);
    this.parts.push(Uint8Array.from(bytes));
  }

  private tag(field: number, wireType: number): void {
    this.varint(BigInt((field << 3) | wireType));
  }

  integer(field: number, value: number | bigint): this {
    this.tag(field, 0);
    this.varint(BigInt(value));
    return this;
  }

  float(field: number, value: number): this {
    this.tag(field, 5);
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setFloat32(0, value, true);
    this.parts.push(bytes);
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.tag(field, 2);
    this.varint(BigInt(value.length));
    this.parts.push(value);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  message(field: number, build: (writer: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    return this.bytes(field, inner.finish());
  }

  finish(): Uint8Array {
    const total = this.parts.reduce((sum, part) => sum + part.length, 0);
    const out = new Uint8Array(total);
    let offset = 0;
    for (const part of this.parts) {
      out.set(part, offset);
      offset += part.length;
    }
    return out;
  }
}

export const ONNX_FLOAT = 1;
export const ONNX_INT64 = 7;

export interface OnnxTensor {
  name: string;
  dataType: typeof ONNX_FLOAT | typeof ONNX_INT64;
  dims: readonly number[];
  values: readonly number[];
}

export type OnnxAttribute = { name: string; int: number } | { name: string; ints: readonly number[] } | { name: string; float: number };

export interface OnnxNode {
  opType: string;
  inputs: readonly string[];
  outputs: readonly string[];
  attributes?: readonly OnnxAttribute[];
}

export interface OnnxValueInfo {
  name: string;
  elementType: typeof ONNX_FLOAT | typeof ONNX_INT64;
  /** A number is a fixed dimension, a string a symbolic one (batch, sequence). */
  shape: readonly (number | string)[];
}

export interface OnnxGraph {
  name: string;
  nodes: readonly OnnxNode[];
  initializers: readonly OnnxTensor[];
  inputs: readonly OnnxValueInfo[];
  outputs: readonly OnnxValueInfo[];
  opset: number;
}

function tensorBytes(tensor: OnnxTensor): Uint8Array {
  if (tensor.dataType === ONNX_FLOAT) return new Uint8Array(Float32Array.from(tensor.values).buffer);
  return new Uint8Array(BigInt64Array.from(tensor.values.map((value) => BigInt(value))).buffer);
}

function writeValueInfo(writer: ProtoWriter, info: OnnxValueInfo): void {
  writer.string(1, info.name).message(2, (type) =>
    type.message(1, (tensorType) =>
      tensorType.integer(1, info.elementType).message(2, (shape) => {
        for (const dimension of info.shape) shape.message(1, (dim) => (typeof dimension === 'number' ? dim.integer(1, dimension) : dim.string(2, dimension)));
      }),
    ),
  );
}

/** The bytes of a ModelProto (IR version 8) holding the graph. */
export function encodeOnnxModel(graph: OnnxGraph): Uint8Array {
  const model = new ProtoWriter();
  model
    .integer(1, 8)
    .string(2, 'wildchat-test')
    .message(8, (opset) => opset.string(1, '').integer(2, graph.opset));
  model.message(7, (writer) => {
    graph.nodes.forEach((node, index) => {
      writer.message(1, (nodeWriter) => {
        for (const input of node.inputs) nodeWriter.string(1, input);
        for (const output of node.outputs) nodeWriter.string(2, output);
        nodeWriter.string(3, `${node.opType.toLowerCase()}_${index}`).string(4, node.opType);
        for (const attribute of node.attributes ?? []) {
          nodeWriter.message(5, (attributeWriter) => {
            attributeWriter.string(1, attribute.name);
            // AttributeProto.type: FLOAT = 1, INT = 2, INTS = 7.
            if ('int' in attribute) attributeWriter.integer(3, attribute.int).integer(20, 2);
            else if ('float' in attribute) attributeWriter.float(2, attribute.float).integer(20, 1);
            else {
              for (const value of attribute.ints) attributeWriter.integer(8, value);
              attributeWriter.integer(20, 7);
            }
          });
        }
      });
    });
    writer.string(2, graph.name);
    for (const tensor of graph.initializers) {
      writer.message(5, (tensorWriter) => {
        for (const dimension of tensor.dims) tensorWriter.integer(1, dimension);
        tensorWriter.integer(2, tensor.dataType).string(8, tensor.name).bytes(9, tensorBytes(tensor));
      });
    }
    for (const input of graph.inputs) writer.message(11, (inputWriter) => writeValueInfo(inputWriter, input));
    for (const output of graph.outputs) writer.message(12, (outputWriter) => writeValueInfo(outputWriter, output));
  });
  return model.finish();
}
