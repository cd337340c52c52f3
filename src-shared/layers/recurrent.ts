/** Shared shape/param logic for the recurrent kinds (GRU, LSTM, SimpleRNN) and the Bidirectional wrapper. */
import { plainConfig, regularizerConfig } from './params';
import { fail, fmtShape, last, needRank, ok } from './shape';
import { recurrentParams } from './params';
import type { ConfigValue, InferResult, ParamCount, ParamSpec, ParamsOf, Shape } from './types';
import { plural } from '../format/number';

/** The params every recurrent kind has (SimpleRNN has no recurrentActivation). */
export type RecurrentParams = ParamsOf<ReturnType<typeof recurrentParams<false>>>;

export interface RecurrentInfo {
  kind: 'GRU' | 'LSTM' | 'SimpleRNN';
  factory: 'gru' | 'lstm' | 'simpleRNN';
  kerasClass: 'GRU' | 'LSTM' | 'SimpleRNN';
  /** Weight blocks: GRU 3 gates, LSTM 4, SimpleRNN 1. */
  gates: number;
}

export const RECURRENT: Record<RecurrentInfo['kind'], RecurrentInfo> = {
  GRU: { kind: 'GRU', factory: 'gru', kerasClass: 'GRU', gates: 3 },
  LSTM: { kind: 'LSTM', factory: 'lstm', kerasClass: 'LSTM', gates: 4 },
  SimpleRNN: { kind: 'SimpleRNN', factory: 'simpleRNN', kerasClass: 'SimpleRNN', gates: 1 },
};

export const RNN_FIX = 'Recurrent layers need a sequence: feed it from a sequence Input [timesteps, features], a recurrent layer with "Return sequences" on, or a RepeatVector.';

export function recurrentInfer(inputs: Shape[], p: RecurrentParams, widthFactor = 1, gates = 3): InferResult {
  const bad = needRank(inputs[0], 3, 3, RNN_FIX);
  if (bad) return bad;
  const x = inputs[0]!;
  if (last(x) === null) return fail('unknown-features', `needs a known number of features, got ${fmtShape(x)}`);
  const units = p.units;
  const u = units * widthFactor;
  const shape = p.returnSequences ? [null, x[1] ?? null, u] : [null, u];
  if (p.recurrentInitializer === 'orthogonal' && units * units * gates > 2000)
    return ok(shape, {
      code: 'slow-initializer',
      message: `uses the orthogonal recurrent initializer on a ${units}×${units * gates} matrix, which tfjs computes very slowly (seconds per layer when the model is built). Choose glorotUniform for fast building.`,
    });
  return ok(shape);
}

/** `resetAfter` (GRU only): Keras's reset_after=True, with an input and a recurrent bias. */
export function recurrentCount(info: RecurrentInfo, inputs: Shape[], p: RecurrentParams, resetAfter = false): ParamCount {
  const d = last(inputs[0] ?? []) ?? 0;
  const u = p.units;
  const biases = p.useBias ? (resetAfter ? 2 : 1) : 0;
  return { trainable: info.gates * (u * (u + d) + biases * u), nonTrainable: 0 };
}

/** Config of one recurrent layer; recurrentActivation always explicit, GRU resetAfter explicit (false unless the node says so), LSTM unitForgetBias=false. */
export function recurrentConfig(info: RecurrentInfo, specs: readonly ParamSpec[], p: RecurrentParams): Record<string, ConfigValue> {
  const cfg: Record<string, ConfigValue> = { ...plainConfig(specs, p), ...regularizerConfig(p) };
  if (info.kind === 'GRU') cfg.resetAfter = (p as { resetAfter?: unknown }).resetAfter === true;
  // tfjs initialises the LSTM forget-gate bias like the others (its unitForgetBias is off unless set);
  // Keras defaults to unit_forget_bias=True. Explicit, so a model rebuilt in Keras starts the same.
  if (info.kind === 'LSTM') cfg.unitForgetBias = false;
  return cfg;
}

export function recurrentSummary(label: string, p: RecurrentParams): string {
  const parts = [label, plural(p.units, 'unit'), p.returnSequences ? 'returns sequences' : 'last state'];
  if (p.goBackwards) parts.push('backwards');
  if (p.dropout > 0 || p.recurrentDropout > 0) parts.push(`dropout ${p.dropout}/${p.recurrentDropout}`);
  return parts.join(' · ');
}
