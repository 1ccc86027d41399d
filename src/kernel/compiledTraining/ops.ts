/**
 * Typed helpers over the addon's generic `addOp`: one method per TensorFlow op the compiler uses, with unique
 * names. Knows nothing of models; only imports the addon's types, so tests can hand it a fake graph.
 */
import type { AttrValue, GraphDtype, NativeGraph, OutputRef } from './addon';

const t = (value: GraphDtype): AttrValue => ({ kind: 'type', value });

export class Ops {
  private count = 0;
  constructor(readonly graph: NativeGraph) {}

  unique(base: string): string {
    return `${base}_${++this.count}`;
  }

  op(type: string, inputs: (OutputRef | OutputRef[])[], attrs: Record<string, AttrValue> = {}, name?: string, control?: string[]): OutputRef {
    return this.graph.addOp(type, name ?? this.unique(type), inputs, attrs, control);
  }

  placeholder(name: string, dtype: GraphDtype, shape: number[]): OutputRef {
    return this.op('Placeholder', [], { dtype: t(dtype), shape: { kind: 'shape', value: shape } }, name);
  }
  float(value: number): OutputRef {
    return this.op('Const', [], { dtype: t('float32'), value: { kind: 'tensor', value: { dtype: 'float32', shape: [], data: [value] } } }, this.unique('Const_f'));
  }
  ints(values: number[]): OutputRef {
    return this.op('Const', [], { dtype: t('int32'), value: { kind: 'tensor', value: { dtype: 'int32', shape: [values.length], data: values } } }, this.unique('Const_i'));
  }
  int(value: number): OutputRef {
    return this.op('Const', [], { dtype: t('int32'), value: { kind: 'tensor', value: { dtype: 'int32', shape: [], data: [value] } } }, this.unique('Const_i'));
  }
  /** A float32 ref variable living in the session, with a placeholder + Assign to set it from JavaScript. */
  variable(name: string, shape: number[]): { variable: string; read: OutputRef; assignInput: string; assign: string } {
    const variable = this.op('VariableV2', [], { dtype: t('float32'), shape: { kind: 'shape', value: shape } }, name);
    const assignInput = this.placeholder(`${name}/set_value`, 'float32', shape);
    const assign = this.op('Assign', [variable, assignInput], {}, `${name}/set`);
    const read = this.op('Identity', [variable], {}, `${name}/read`);
    return { variable, read, assignInput, assign };
  }

  add(a: OutputRef, b: OutputRef) { return this.op('AddV2', [a, b]); }
  sub(a: OutputRef, b: OutputRef) { return this.op('Sub', [a, b]); }
  mul(a: OutputRef, b: OutputRef) { return this.op('Mul', [a, b]); }
  div(a: OutputRef, b: OutputRef) { return this.op('RealDiv', [a, b]); }
  maximum(a: OutputRef, b: OutputRef) { return this.op('Maximum', [a, b]); }
  minimum(a: OutputRef, b: OutputRef) { return this.op('Minimum', [a, b]); }
  unary(type: string, x: OutputRef) { return this.op(type, [x]); }
  matMul(a: OutputRef, b: OutputRef) { return this.op('MatMul', [a, b]); }
  biasAdd(x: OutputRef, bias: OutputRef) { return this.op('BiasAdd', [x, bias]); }
  reshape(x: OutputRef, shape: number[]) { return this.op('Reshape', [x, this.ints(shape)]); }
  mean(x: OutputRef, axes: number[], keepDims = false) { return this.op('Mean', [x, this.ints(axes)], { keep_dims: { kind: 'bool', value: keepDims } }); }
  sum(x: OutputRef, axes: number[], keepDims = false) { return this.op('Sum', [x, this.ints(axes)], { keep_dims: { kind: 'bool', value: keepDims } }); }
  cast(x: OutputRef, to: GraphDtype) { return this.op('Cast', [x], { DstT: t(to) }); }
  argMax(x: OutputRef, axis: number) { return this.op('ArgMax', [x, this.int(axis)], { output_type: t('int32') }); }
  equal(a: OutputRef, b: OutputRef) { return this.op('Equal', [a, b]); }
  greater(a: OutputRef, b: OutputRef) { return this.op('Greater', [a, b]); }
  oneHot(indices: OutputRef, depth: number) {
    return this.op('OneHot', [indices, this.int(depth), this.float(1), this.float(0)], { axis: { kind: 'int', value: -1 } });
  }
  /** tfjs clipByValue; Maximum/Minimum have gradients in TF's C++ registry (ClipByValue may not), the same ones. */
  clip(x: OutputRef, lo: number, hi: number) { return this.minimum(this.maximum(x, this.float(lo)), this.float(hi)); }
  noOp(name: string, control: string[]) { return this.op('NoOp', [], {}, name, control); }
}

/** The op name of an output reference ("op:1" -> "op"), for control dependencies and targets. */
export function opName(ref: OutputRef): string {
  const colon = ref.lastIndexOf(':');
  return colon > 0 && /^\d+$/.test(ref.slice(colon + 1)) ? ref.slice(0, colon) : ref;
}
