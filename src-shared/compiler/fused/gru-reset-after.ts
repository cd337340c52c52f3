/**
 * GRU with reset_after=True (Keras's default, the cuDNN layout), which tfjs's stock GRU refuses:
 *
 *   z = σ(W_z·x + b_z + U_z·h + b'_z),  r = σ(W_r·x + b_r + U_r·h + b'_r),
 *   h~ = act(W_h·x + b_h + r ⊙ (U_h·h + b'_h)),  h_new = z ⊙ h + (1 − z) ⊙ h~
 *
 * Weights as Keras: kernel [in, 3u], recurrent_kernel [u, 3u], bias [2, 3u] (row 0 input bias, row 1 recurrent
 * bias). The class subclasses tfjs's GRU (same class name, weight names, initializers) and replaces the cell's
 * weight creation and the computation: `reference` is a plain per-step implementation differentiated by tfjs
 * (the stock path when a run asks for reference layers), `fused` is the fused scan (cells.ts, scan.ts).
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { TfLayer, TfModule } from '../../layers/types';
import { fusedCall, type StockRnn } from './layers';

type T = tfjs.Tensor;
type Kwargs = Record<string, unknown> | undefined;
type Ctor = new (config: Record<string, unknown>) => TfLayer;

interface CellInternals {
  units: number;
  useBias: boolean;
  kernelInitializer: unknown;
  recurrentInitializer: unknown;
  biasInitializer: unknown;
  kernelRegularizer: unknown;
  recurrentRegularizer: unknown;
  biasRegularizer: unknown;
  kernelConstraint: unknown;
  recurrentConstraint: unknown;
  biasConstraint: unknown;
  kernel: unknown;
  recurrentKernel: unknown;
  bias: unknown;
  built: boolean;
  build(inputShape: unknown): void;
  addWeight(name: string, shape: number[], dtype: null, init: unknown, reg: unknown, trainable: boolean, constraint: unknown): unknown;
}

/** The plain per-step computation (autodiff through tfjs ops). x: [B, T, in]. */
export function referenceResetAfter(tf: TfModule, layer: StockRnn, x: T, training: boolean): T {
  const c = layer.cell;
  const u = c.units;
  const [B, steps, D] = x.shape as [number, number, number];
  const W = c.kernel.read();
  const U = c.recurrentKernel.read();
  const bias = c.useBias && c.bias ? c.bias.read() : null;
  const rec = c.recurrentActivation!;
  const xMask = training && c.dropout > 0 && c.dropout < 1 ? tf.dropout(tf.ones([B, D]), c.dropout) : null;
  const hMask = training && c.recurrentDropout > 0 && c.recurrentDropout < 1 ? tf.dropout(tf.ones([B, u]), c.recurrentDropout) : null;
  let h: T = tf.zeros([B, u]);
  const hs: T[] = [];
  for (let s = 0; s < steps; s++) {
    const t = layer.goBackwards ? steps - 1 - s : s;
    let xt: T = tf.reshape(tf.slice(x, [0, t, 0], [B, 1, D]), [B, D]);
    if (xMask) xt = tf.mul(xt, xMask);
    const hd = hMask ? tf.mul(h, hMask) : h;
    let p = tf.matMul(xt, W);
    let q = tf.matMul(hd, U);
    if (bias) {
      p = tf.add(p, tf.reshape(tf.slice(bias, [0, 0], [1, 3 * u]), [3 * u]));
      q = tf.add(q, tf.reshape(tf.slice(bias, [1, 0], [1, 3 * u]), [3 * u]));
    }
    const [pz, pr, ph] = tf.split(p, 3, 1);
    const [qz, qr, qh] = tf.split(q, 3, 1);
    const z = rec.apply(tf.add(pz!, qz!));
    const r = rec.apply(tf.add(pr!, qr!));
    const a = c.activation.apply(tf.add(ph!, tf.mul(r, qh!)));
    h = tf.add(tf.mul(z, h), tf.mul(tf.sub(1, z), a));
    hs.push(h);
  }
  return layer.returnSequences ? tf.stack(hs, 1) : h;
}

const CACHE = new WeakMap<object, { reference: Ctor; fused: Ctor }>();

/** The reset_after=True GRU classes for this tf module: the reference one and the fused one. */
export function resetAfterGruClasses(tf: TfModule): { reference: Ctor; fused: Ctor } {
  const hit = CACHE.get(tf);
  if (hit) return hit;
  const entry = (tf.serialization.SerializationMap.getMap().classNameMap as Record<string, [unknown, unknown] | undefined>).GRU;
  if (!entry) throw new Error('tfjs has no registered layer class "GRU".');
  const StockGRU = entry[0] as new (config: Record<string, unknown>) => TfLayer & { call(inputs: T | T[], kwargs: Kwargs): T | T[] };
  const make = (fused: boolean): Ctor =>
    class extends StockGRU {
      constructor(config: Record<string, unknown>) {
        // tfjs's GRU cell throws on resetAfter: true; it is built without, then given Keras's [2, 3u] bias
        super({ ...config, resetAfter: false });
        const cell = (this as unknown as { cell: CellInternals }).cell;
        cell.build = function (this: CellInternals, inputShape: unknown): void {
          const shape = (Array.isArray((inputShape as unknown[])[0]) ? (inputShape as unknown[])[0] : inputShape) as (number | null)[];
          const inputDim = shape[shape.length - 1]!;
          const u = this.units;
          this.kernel = this.addWeight('kernel', [inputDim, 3 * u], null, this.kernelInitializer, this.kernelRegularizer, true, this.kernelConstraint);
          this.recurrentKernel = this.addWeight('recurrent_kernel', [u, 3 * u], null, this.recurrentInitializer, this.recurrentRegularizer, true, this.recurrentConstraint);
          this.bias = this.useBias ? this.addWeight('bias', [2, 3 * u], null, this.biasInitializer, this.biasRegularizer, true, this.biasConstraint) : null;
          this.built = true;
        };
      }
      override getConfig(): tfjs.serialization.ConfigDict {
        return { ...super.getConfig(), resetAfter: true };
      }
      override call(inputs: T | T[], kwargs: Kwargs): T | T[] {
        const x = Array.isArray(inputs) ? inputs[0]! : inputs;
        if (kwargs && kwargs.mask != null)
          throw new Error(
            `GRU "${this.name}" with reset_after=True cannot skip masked (padding) steps in Layerloom: turn off "Mask padding (id 0)" on the Embedding before it, or turn off "Reset after" on the GRU.`,
          );
        if (kwargs && kwargs.initialState != null) throw new Error(`GRU "${this.name}" with reset_after=True does not take initial states in Layerloom.`);
        const self = this as unknown as StockRnn;
        return tf.tidy(() => (fused ? fusedCall(tf, 'gruResetAfter', self, x, kwargs) : null) ?? referenceResetAfter(tf, self, x, kwargs?.training === true));
      }
    } as unknown as Ctor;
  const classes = { reference: make(false), fused: make(true) };
  CACHE.set(tf, classes);
  return classes;
}
