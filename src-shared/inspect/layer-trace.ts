/**
 * The gate inspector on a compiled model: for one sample, the input each GRU/LSTM layer receives (a
 * sub-model up to the layer's input tensor), the layer's weights and configuration, its gate trace
 * (gates.ts), and a check that the trace's h_t equals what the layer itself returns. tfjs is passed in.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { CompiledModel } from '../compiler/to-tfjs';
import type { TfModule } from '../layers/types';
import { gateTrace, type GateTrace, type RecurrentKind, type RecurrentWeights } from './gates';

export interface LayerGateTrace {
  nodeId: string;
  /** Layer name, with "(forward)" / "(backward)" for the halves of a Bidirectional wrapper. */
  name: string;
  kind: RecurrentKind;
  resetAfter: boolean;
  /** The sequence the layer reads, [steps, features] row-major. */
  input: Float32Array;
  features: number;
  trace: GateTrace;
  /** max |h_t (trace) − the layer's own output| over the steps the layer returns. */
  outputDiff: number;
}

export interface SampleTrace {
  layers: LayerGateTrace[];
  /** The model's prediction for the sample (first output, flattened). */
  prediction: Float32Array;
}

type RnnLayer = tfjs.layers.Layer & { cell?: tfjs.layers.Layer };

const RECURRENT = new Set(['GRU', 'LSTM']);

/** The recurrent layers the inspector can open (GRU, LSTM and Bidirectional wrappers of them), by node id. */
export function recurrentNodes(compiled: CompiledModel): { nodeId: string; layer: tfjs.layers.Layer }[] {
  const out: { nodeId: string; layer: tfjs.layers.Layer }[] = [];
  for (const [nodeId, layer] of compiled.layers) {
    const c = layer.getClassName();
    if (RECURRENT.has(c)) out.push({ nodeId, layer });
    else if (c === 'Bidirectional') {
      const inner = (layer as unknown as { forwardLayer?: tfjs.layers.Layer }).forwardLayer;
      if (inner && RECURRENT.has(inner.getClassName())) out.push({ nodeId, layer });
    }
  }
  return out;
}

/** Weights and settings of one GRU/LSTM layer as the gate arithmetic reads them. */
export function recurrentWeightsOf(layer: RnnLayer, features: number): RecurrentWeights {
  const kind = layer.getClassName() as RecurrentKind;
  const cfg = layer.getConfig() as Record<string, unknown>;
  const ws = layer.getWeights();
  if (ws.length < 2) throw new Error(`Layer "${layer.name}" has ${ws.length} weight tensors; a ${kind} needs at least a kernel and a recurrent kernel.`);
  const [kernel, recurrent, bias] = ws.map((t) => t.dataSync() as Float32Array);
  const units = Number(cfg.units);
  const G = kind === 'GRU' ? 3 : 4;
  // A bias of [2, 3u] is Keras's reset_after = True, whatever the config says (tfjs itself supports only False).
  const resetAfter = kind === 'GRU' && (cfg.resetAfter === true || (bias !== undefined && bias.length === 2 * G * units));
  const name = (v: unknown, fallback: string): string => (typeof v === 'string' ? v : typeof (v as { className?: unknown })?.className === 'string' ? (v as { className: string }).className : fallback);
  return {
    kind,
    units,
    features,
    kernel: kernel!,
    recurrentKernel: recurrent!,
    bias: bias ?? null,
    activation: name(cfg.activation, 'tanh'),
    recurrentActivation: name(cfg.recurrentActivation, 'hardSigmoid'),
    resetAfter,
    goBackwards: cfg.goBackwards === true,
  };
}

function maxAbsDiff(a: Float32Array, b: ArrayLike<number>, offset: number): number {
  let m = 0;
  for (let k = 0; k < b.length; k++) m = Math.max(m, Math.abs(a[offset + k]! - b[k]!));
  return m;
}

/**
 * Gate traces of every recurrent layer of the compiled (weights loaded) model for one sample x of shape
 * xShape (batch 1). Returns the layers in graph order and the model's prediction.
 */
export function traceSample(tf: TfModule, compiled: CompiledModel, x: Float32Array, xShape: number[]): SampleTrace {
  if (xShape[0] !== 1) throw new Error(`traceSample takes one sample (batch 1), got a batch of ${xShape[0]}.`);
  const { model } = compiled;
  if (model.inputs.length !== 1) throw new Error(`The gate inspector handles models with one input; this one has ${model.inputs.length}.`);
  const nodes = recurrentNodes(compiled);
  if (nodes.length === 0) throw new Error('This model has no GRU or LSTM layer to inspect.');
  const layers: LayerGateTrace[] = [];
  // Token ids into an Embedding with maskZero: id 0 is padding the recurrent layers skip (the mask follows the sequence through them).
  const masking = xShape.length === 2 && model.layers.some((l) => l.getClassName() === 'Embedding' && (l.getConfig() as { maskZero?: unknown }).maskZero === true);
  const mask = masking ? Array.from(x, (id) => id !== 0) : null;
  const xt = tf.tensor(x, xShape, 'float32');
  try {
    const pred = model.predict(xt) as tfjs.Tensor | tfjs.Tensor[];
    const first = Array.isArray(pred) ? pred[0]! : pred;
    const prediction = first.dataSync() as Float32Array;
    for (const t of Array.isArray(pred) ? pred : [pred]) t.dispose();

    for (const { nodeId, layer } of nodes) {
      const inT = layer.input as tfjs.SymbolicTensor;
      const outT = layer.output as tfjs.SymbolicTensor;
      const sub = tf.model({ inputs: model.inputs, outputs: [inT, outT] });
      const [seqT, outValT] = sub.predict(xt) as tfjs.Tensor[];
      const input = seqT!.dataSync() as Float32Array;
      const steps = seqT!.shape[1]!;
      const features = seqT!.shape[2]!;
      const outVal = outValT!.dataSync() as Float32Array;
      const outShape = outValT!.shape;
      seqT!.dispose();
      outValT!.dispose();

      const halves: { layer: RnnLayer; label: string; outOffset: number; outStride: number }[] = [];
      if (layer.getClassName() === 'Bidirectional') {
        const b = layer as unknown as { forwardLayer: RnnLayer; backwardLayer: RnnLayer; mergeMode?: string };
        const u = Number((b.forwardLayer.getConfig() as { units: number }).units);
        // Only mergeMode 'concat' lets each half's state be read back from the output.
        const concat = (layer.getConfig() as { mergeMode?: string }).mergeMode === 'concat';
        halves.push({ layer: b.forwardLayer, label: `${layer.name} (forward)`, outOffset: concat ? 0 : -1, outStride: 2 * u });
        halves.push({ layer: b.backwardLayer, label: `${layer.name} (backward)`, outOffset: concat ? u : -1, outStride: 2 * u });
      } else halves.push({ layer: layer as RnnLayer, label: layer.name, outOffset: 0, outStride: -1 });

      for (const half of halves) {
        const w = recurrentWeightsOf(half.layer, features);
        const trace = gateTrace(w, input, steps, mask && mask.length === steps ? mask : null);
        const u = w.units;
        const stride = half.outStride > 0 ? half.outStride : u;
        let outputDiff = NaN;
        if (half.outOffset >= 0) {
          const seq = outShape.length === 3;
          // The layer returns every processing step (returnSequences) or only the last one.
          const n = seq ? steps : 1;
          outputDiff = 0;
          for (let k = 0; k < n; k++) {
            const step = seq ? k : steps - 1;
            // A Bidirectional wrapper reverses its backward half's sequence back to input order.
            const outStep = half.label.endsWith('(backward)') && seq ? steps - 1 - k : k;
            const row = outVal.subarray(outStep * stride + half.outOffset, outStep * stride + half.outOffset + u);
            outputDiff = Math.max(outputDiff, maxAbsDiff(trace.gates.h!, row, step * u));
          }
        }
        layers.push({ nodeId, name: half.label, kind: w.kind, resetAfter: w.resetAfter === true, input, features, trace, outputDiff });
      }
    }
    return { layers, prediction };
  } finally {
    xt.dispose();
  }
}
