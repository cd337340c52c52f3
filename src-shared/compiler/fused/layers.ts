/**
 * The fused recurrent layers as tfjs layer classes. Each subclasses the stock tfjs layer (GRU, LSTM, SimpleRNN,
 * Bidirectional) and overrides only `call`: the cell, its weights (names, shapes, initializers, regularizers),
 * `getConfig`, the class name ('GRU' …) and so the saved model.json and every export are the stock layer's.
 * A model trained with the fused layers loads into the stock ones and back, weight for weight.
 *
 * `call` falls back to the stock computation for what the fused scan does not cover: an activation without a
 * hand-written derivative (see activations.ts), masks, initial states, stateful or returnState layers.
 * src-shared never imports tfjs at runtime: the classes are made from the `tf` module passed in.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { TfLayer, TfModule } from '../../layers/types';
import type { LayerFactories } from '../config-emit';
import { fusedActivation, type FusedActivation } from './activations';
import { gruCell, gruResetAfterCell, lstmCell, simpleRnnCell, type CellMath } from './cells';
import { resetAfterGruClasses } from './gru-reset-after';
import { fusedScan } from './scan';
import { registerFusedKernels } from './kernels/register';

type T = tfjs.Tensor;
type Kwargs = Record<string, unknown> | undefined;
type Ctor = new (config: Record<string, unknown>) => TfLayer;

/** What the fused call reads from a stock RNN layer and its cell (tfjs internals, stable across 4.x). */
export interface StockRnn {
  cell: {
    units: number;
    activation: { apply(x: T): T; getClassName(): string };
    recurrentActivation?: { apply(x: T): T; getClassName(): string };
    kernel: { read(): T };
    recurrentKernel: { read(): T };
    bias: { read(): T } | null;
    useBias: boolean;
    dropout: number;
    recurrentDropout: number;
  };
  returnSequences: boolean;
  goBackwards: boolean;
  stateful: boolean;
  returnState: boolean;
}

type Kind = 'gru' | 'gruResetAfter' | 'lstm' | 'simpleRNN';

function cellFor(kind: Kind, act: FusedActivation, rec: FusedActivation | null, units: number): CellMath | null {
  if (kind === 'simpleRNN') return simpleRnnCell(act, units);
  if (!rec) return null;
  if (kind === 'gruResetAfter') return gruResetAfterCell(act, rec, units);
  return kind === 'gru' ? gruCell(act, rec, units) : lstmCell(act, rec, units);
}

/** The fused output of `layer` for input x, or null when the fused scan does not cover this layer or call. */
export function fusedCall(tf: TfModule, kind: Kind, layer: StockRnn, x: T, kwargs: Kwargs): T | null {
  if (layer.stateful || layer.returnState) return null;
  registerFusedKernels(tf);
  if (kwargs && (kwargs.mask != null || kwargs.initialState != null)) return null;
  if (x.rank !== 3) return null;
  const c = layer.cell;
  const act = fusedActivation(tf, c.activation);
  const rec = c.recurrentActivation ? fusedActivation(tf, c.recurrentActivation) : null;
  if (!act) return null;
  const cell = cellFor(kind, act, rec, c.units);
  if (!cell) return null;
  const training = kwargs?.training === true;
  return tf.tidy(() => {
    let xin = x;
    // Keras semantics: one mask per sample for the whole sequence (inputs) and one for the state.
    if (training && c.dropout > 0 && c.dropout < 1) {
      const [B, , D] = x.shape as [number, number, number];
      xin = tf.mul(x, tf.expandDims(tf.dropout(tf.ones([B, D]), c.dropout), 1));
    }
    const recMask = training && c.recurrentDropout > 0 && c.recurrentDropout < 1 ? tf.dropout(tf.ones([x.shape[0], c.units]), c.recurrentDropout) : null;
    return fusedScan(
      tf,
      cell,
      { units: c.units, returnSequences: layer.returnSequences, goBackwards: layer.goBackwards },
      xin,
      c.kernel.read(),
      c.recurrentKernel.read(),
      c.useBias && c.bias ? c.bias.read() : null,
      recMask,
    );
  });
}

export interface FusedClasses {
  GRU: Ctor;
  LSTM: Ctor;
  SimpleRNN: Ctor;
  Bidirectional: Ctor;
}

const CACHE = new WeakMap<object, FusedClasses>();

/** The fused layer classes for this tf module (made once per module). */
export function fusedClasses(tf: TfModule): FusedClasses {
  const hit = CACHE.get(tf);
  if (hit) return hit;
  // the stock classes as tfjs registered them (no throwaway instances: those would advance tfjs's layer-name counters)
  const stock = (className: string): Ctor => {
    const entry = (tf.serialization.SerializationMap.getMap().classNameMap as Record<string, [unknown, unknown] | undefined>)[className];
    if (!entry) throw new Error(`tfjs has no registered layer class "${className}"; the fused recurrent layers need it.`);
    return entry[0] as Ctor;
  };
  const fuse = (kind: Kind, Base: Ctor): Ctor => {
    const Fused = class extends (Base as unknown as new (config: Record<string, unknown>) => TfLayer & { call(inputs: T | T[], kwargs: Kwargs): T | T[] }) {
      override call(inputs: T | T[], kwargs: Kwargs): T | T[] {
        const x = Array.isArray(inputs) ? (inputs.length === 1 ? inputs[0]! : null) : inputs;
        const out = x ? fusedCall(tf, kind, this as unknown as StockRnn, x, kwargs) : null;
        return out ?? super.call(inputs, kwargs ?? {});
      }
    };
    return Fused as unknown as Ctor;
  };
  const GRU = fuse('gru', stock('GRU'));
  const LSTM = fuse('lstm', stock('LSTM'));
  const SimpleRNN = fuse('simpleRNN', stock('SimpleRNN'));
  const byClass: Record<string, Ctor> = { GRU, LSTM, SimpleRNN };
  const BidiBase = stock('Bidirectional');
  const Bidirectional = class extends (BidiBase as unknown as new (config: Record<string, unknown>) => TfLayer) {
    constructor(config: Record<string, unknown>) {
      super(config);
      // The stock constructor clones the wrapped layer through its class name (stock classes): swap in fused copies.
      const self = this as unknown as { forwardLayer: TfLayer; backwardLayer: TfLayer };
      for (const side of ['forwardLayer', 'backwardLayer'] as const) {
        const l = self[side];
        const Cls = byClass[l.getClassName()];
        if (Cls) self[side] = new Cls(l.getConfig() as Record<string, unknown>);
      }
    }
  } as unknown as Ctor;
  const classes = { GRU, LSTM, SimpleRNN, Bidirectional };
  CACHE.set(tf, classes);
  return classes;
}

/** `tf.layers` factory overrides for the compiler: the fused layer for every recurrent factory. */
export function fusedFactories(tf: TfModule): LayerFactories {
  const c = fusedClasses(tf);
  return {
    gru: (cfg) => (cfg.resetAfter === true ? new (resetAfterGruClasses(tf).fused)(cfg) : new c.GRU(cfg)),
    lstm: (cfg) => new c.LSTM(cfg),
    simpleRNN: (cfg) => new c.SimpleRNN(cfg),
    bidirectional: (cfg) => new c.Bidirectional(cfg),
  };
}

/** Factory overrides for the stock (reference) layers: only what tfjs lacks, GRU with reset_after=True. */
export function referenceFactories(tf: TfModule): LayerFactories {
  return { gru: (cfg) => (cfg.resetAfter === true ? new (resetAfterGruClasses(tf).reference)(cfg) : tf.layers.gru(cfg as unknown as Parameters<TfModule['layers']['gru']>[0])) };
}
