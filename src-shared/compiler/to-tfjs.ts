/** Graph document → tf.LayersModel through the functional API. tfjs is passed in. */
import { ensureWasmKernels } from './wasm-kernels';
import type * as tfjs from '@tensorflow/tfjs';
import type { Diagnostic } from '../graph/analyze';
import type { GraphDocument } from '../graph/document';
import type { TfModule } from '../layers/types';
import type { RecurrentImpl } from '../train/settings';
import { buildLayer } from './layer';
import { fusedFactories, referenceFactories } from './fused/index';
import { planModel, type Plan } from './plan';

export class CompileError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(
      `The model cannot be compiled (${diagnostics.length} error${diagnostics.length === 1 ? '' : 's'}):\n` +
        diagnostics.slice(0, 10).map((d) => `  - ${d.message}`).join('\n'),
    );
    this.name = 'CompileError';
  }
}

export interface CompiledModel {
  model: tfjs.LayersModel;
  /** Node id → the tfjs layer built for it (InputLayer for Input nodes). */
  layers: Map<string, tfjs.layers.Layer>;
  /** Node id → layer name. */
  names: Map<string, string>;
  plan: Plan;
}

export interface CompileOptions {
  /**
   * Recurrent layers as Layerloom's fused layers (same weights, names and saved form) or the stock tfjs ones
   * (default; GRU with reset_after=True, which tfjs lacks, is then Layerloom's plain per-step implementation).
   */
  recurrent?: RecurrentImpl;
}

export function compileToTfjs(tf: TfModule, doc: GraphDocument, plan: Plan = planModel(doc), opts: CompileOptions = {}): CompiledModel {
  if (plan.errors.length > 0) throw new CompileError(plan.errors);
  if (plan.steps.some((s) => s.node.kind === 'Embedding')) ensureWasmKernels(tf);
  const factories = opts.recurrent === 'fused' ? fusedFactories(tf) : referenceFactories(tf);
  const tensors = new Map<string, tfjs.SymbolicTensor>();
  const layers = new Map<string, tfjs.layers.Layer>();
  const names = new Map<string, string>();
  for (const step of plan.steps) {
    names.set(step.node.id, step.name);
    if (step.def.isInput) {
      tensors.set(step.node.id, tf.input({ shape: step.def.resolve(step.node.params).shape as number[], name: step.name }));
      continue;
    }
    const layer = buildLayer(tf, step.def, step.node.params, step.name, factories);
    const ins = step.inputs.map((id) => tensors.get(id)!);
    const out = layer.apply(ins.length === 1 ? ins[0]! : ins) as tfjs.SymbolicTensor;
    tensors.set(step.node.id, out);
    layers.set(step.node.id, layer);
  }
  const model = tf.model({
    inputs: plan.inputs.map((id) => tensors.get(id)!),
    outputs: plan.outputs.map((id) => tensors.get(id)!),
    name: plan.modelName,
  });
  for (const step of plan.steps) if (step.def.isInput) layers.set(step.node.id, model.getLayer(step.name));
  return { model, layers, names, plan };
}
