/** Shared parameter metadata and helpers, so GRU/LSTM/SimpleRNN/Dense… declare params without repeating. */
import type { ConfigValue, ParamSpec, ParamType, ParamTypeValue, ParamValue, Params } from './types';

export const ACTIVATIONS = ['linear', 'relu', 'relu6', 'elu', 'selu', 'sigmoid', 'hardSigmoid', 'tanh', 'softmax', 'softplus', 'softsign', 'swish', 'mish', 'gelu'] as const;
export const INITIALIZERS = ['glorotUniform', 'glorotNormal', 'heNormal', 'heUniform', 'leCunNormal', 'leCunUniform', 'orthogonal', 'randomNormal', 'randomUniform', 'truncatedNormal', 'zeros', 'ones'] as const;
/** Initializers valid for 1-D weights (orthogonal needs a matrix). */
export const BIAS_INITIALIZERS = INITIALIZERS.filter((i) => i !== 'orthogonal');
export const RECURRENT_KINDS = ['GRU', 'LSTM', 'SimpleRNN'] as const;

/** The optional metadata of a spec (range, choices, flags). */
export type SpecExtras = Omit<Partial<ParamSpec>, 'name' | 'label' | 'type' | 'default' | 'description'>;

function spec<N extends string, T extends ParamType>(name: N, label: string, type: T, def: ParamTypeValue[T], description: string, extra: SpecExtras): ParamSpec<N, T> {
  return { name, label, type, default: def, description, ...extra };
}
export const num = <N extends string>(name: N, label: string, def: number, description: string, range: SpecExtras = {}) => spec(name, label, 'number', def, description, range);
export const int = <N extends string>(name: N, label: string, def: number, description: string, range: SpecExtras = {}) =>
  spec(name, label, 'integer', def, description, { step: 1, ...range });
export const bool = <N extends string>(name: N, label: string, def: boolean, description: string, extra: SpecExtras = {}) => spec(name, label, 'boolean', def, description, extra);
export const choice = <N extends string>(name: N, label: string, choices: readonly string[], def: string, description: string, extra: SpecExtras = {}) =>
  spec(name, label, 'choice', def, description, { choices, ...extra });
export const shape = <N extends string>(name: N, label: string, def: number[], description: string, extra: SpecExtras = {}) => spec(name, label, 'shape', def, description, extra);

export const units = (def = 64, what = 'Number of units (size of the output / hidden state).') => int('units', 'Units', def, what, { min: 1, max: 8192 });
export const activation = <N extends string = 'activation'>(def = 'linear', name: N = 'activation' as N, label = 'Activation', description = 'Activation function applied to the output.') =>
  choice(name, label, ACTIVATIONS, def, description);
export const useBias = () => bool('useBias', 'Use bias', true, 'Add a learned bias vector.');
export const initializer = <N extends string>(name: N, label: string, def: string, description: string) =>
  choice(name, label, name === 'biasInitializer' ? BIAS_INITIALIZERS : INITIALIZERS, def, description, { advanced: true });
export const rate = <N extends string = 'rate'>(name: N = 'rate' as N, label = 'Rate', def = 0.5, description = 'Fraction of inputs set to zero during training.') =>
  num(name, label, def, description, { min: 0, max: 1, maxExclusive: true, step: 0.05 });

/** kernelL1 / kernelL2, turned into one `kernelRegularizer` by `regularizerConfig`. */
export const kernelRegularizer = () =>
  [
    num('kernelL1', 'Kernel L1', 0, 'L1 penalty on the kernel weights (0 = none).', { min: 0, max: 1, step: 0.0001, configKey: false, advanced: true }),
    num('kernelL2', 'Kernel L2', 0, 'L2 penalty on the kernel weights (0 = none).', { min: 0, max: 1, step: 0.0001, configKey: false, advanced: true }),
  ] as const;

/** Params common to the recurrent kinds (built once here, used by GRU, LSTM, SimpleRNN, Bidirectional). */
export function recurrentParams<G extends boolean>(opts: { activation: string; gated: G }) {
  const head = [
    units(64, 'Number of units (size of the hidden state and of the output per step).'),
    activation(opts.activation, 'activation', 'Activation', 'Activation of the candidate / output.'),
  ] as const;
  const gate = [
    activation('sigmoid', 'recurrentActivation', 'Recurrent activation', 'Activation of the gates. Always passed explicitly (tfjs defaults to hardSigmoid, Keras to sigmoid).'),
  ] as const;
  const tail = [
    bool('returnSequences', 'Return sequences', false, 'Output the state at every time step ([batch, time, units]) instead of only the last one ([batch, units]).'),
    bool('goBackwards', 'Go backwards', false, 'Process the sequence in reverse order.', { advanced: true }),
    rate('dropout', 'Input dropout', 0, 'Fraction of the input units dropped at each step during training.'),
    rate('recurrentDropout', 'Recurrent dropout', 0, 'Fraction of the recurrent state units dropped during training.'),
    useBias(),
    initializer('kernelInitializer', 'Kernel initializer', 'glorotUniform', 'Initializer of the input weights (Glorot/Xavier by default).'),
    initializer('recurrentInitializer', 'Recurrent initializer', 'glorotUniform', "Initializer of the recurrent weights. Keras's default is orthogonal, but tfjs computes it very slowly for large layers (seconds per layer), so Layerloom defaults to Glorot uniform; exported code always states it."),
    initializer('biasInitializer', 'Bias initializer', 'zeros', 'Initializer of the bias.'),
    ...kernelRegularizer(),
  ] as const;
  type Out = G extends true ? readonly [...typeof head, ...typeof gate, ...typeof tail] : readonly [...typeof head, ...typeof tail];
  return (opts.gated ? [...head, ...gate, ...tail] : [...head, ...tail]) as unknown as Out;
}

/** A stored value usable as this spec's type (not range-checked: the analysis reports ranges). */
function hasType(s: ParamSpec, v: unknown): v is ParamValue {
  switch (s.type) {
    case 'number':
    case 'integer':
      return typeof v === 'number' && Number.isFinite(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'choice':
    case 'string':
      return typeof v === 'string';
    case 'shape':
      return Array.isArray(v) && v.every((d) => typeof d === 'number');
  }
}

const copy = (v: ParamValue): ParamValue => (Array.isArray(v) ? [...v] : v);

/**
 * Every spec's value: the stored one when it has the spec's type, else (missing or mistyped) a fresh copy of
 * the default; unknown names dropped. What a declaration's functions receive, and what a new node stores.
 */
export function typedParams(specs: readonly ParamSpec[], raw: Params | undefined): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const s of specs) {
    const v = raw?.[s.name];
    out[s.name] = copy(hasType(s, v) ? v : s.default);
  }
  return out;
}

/**
 * The params a new node stores: the given ones (copied, unchanged: the analysis reports bad values) with a copy
 * of the default for every missing spec, so a later change of a default never changes the node.
 */
export function explicitParams(specs: readonly ParamSpec[], raw: Params | undefined): Params {
  const out: Params = {};
  for (const s of specs) out[s.name] = copy(s.default);
  for (const [k, v] of Object.entries(raw ?? {})) if (v !== undefined) out[k] = Array.isArray(v) ? [...(v as unknown[])] : v;
  return out;
}

/** Params merged with defaults; unknown names dropped. Never throws. */
export function resolveParams(specs: readonly ParamSpec[], raw: Params | undefined): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const s of specs) {
    const v = raw?.[s.name];
    out[s.name] = v === undefined || v === null ? s.default : (v as ParamValue);
  }
  return out;
}

/** Problem with one param value, in words (without the node name), or null. */
export function checkParam(s: ParamSpec, v: unknown): string | null {
  switch (s.type) {
    case 'number':
    case 'integer': {
      if (typeof v !== 'number' || !Number.isFinite(v)) return `${s.label} must be a number`;
      if (s.type === 'integer' && !Number.isInteger(v)) return `${s.label} must be a whole number`;
      return checkRange(s, v);
    }
    case 'boolean':
      return typeof v === 'boolean' ? null : `${s.label} must be on or off`;
    case 'choice':
      return typeof v === 'string' && s.choices?.includes(v) ? null : `${s.label} must be one of ${s.choices?.join(', ')}`;
    case 'string':
      return typeof v === 'string' ? null : `${s.label} must be text`;
    case 'shape': {
      if (!Array.isArray(v) || !v.every((d) => typeof d === 'number' && Number.isInteger(d)))
        return `${s.label} must be a list of whole numbers, e.g. [30, 6]`;
      const lim = s.shapeLength ?? { min: 1, max: 8 };
      if (v.length < lim.min || v.length > lim.max)
        return lim.min === lim.max ? `${s.label} must have ${lim.min} dimension(s)` : `${s.label} must have ${lim.min} to ${lim.max} dimensions`;
      const minus = v.filter((d) => d === -1).length;
      if (minus > (s.allowMinusOne ? 1 : 0)) return s.allowMinusOne ? `${s.label} may contain at most one -1` : `${s.label} must not contain -1`;
      if (v.some((d) => d === 0 || d < -1)) return `${s.label} dimensions must be positive`;
      return null;
    }
  }
}

function checkRange(s: ParamSpec, v: number): string | null {
  const lo = s.min, hi = s.max;
  const tooLow = lo !== undefined && (s.minExclusive ? v <= lo : v < lo);
  const tooHigh = hi !== undefined && (s.maxExclusive ? v >= hi : v > hi);
  if (!tooLow && !tooHigh) return null;
  const l = lo === undefined ? '' : s.minExclusive ? `greater than ${lo}` : `at least ${lo}`;
  const h = hi === undefined ? '' : s.maxExclusive ? `less than ${hi}` : `at most ${hi}`;
  return `${s.label} is ${v}; it must be ${[l, h].filter(Boolean).join(' and ')}`;
}

/** Config entries for every spec with a config key (the spec name unless `configKey` says otherwise). */
export function plainConfig(specs: readonly ParamSpec[], p: Params): Record<string, ConfigValue> {
  const out: Record<string, ConfigValue> = {};
  const r = resolveParams(specs, p);
  for (const s of specs) {
    if (s.configKey === false) continue;
    out[s.configKey ?? s.name] = r[s.name] as ConfigValue;
  }
  return out;
}

/** `kernelRegularizer` entry when kernelL1/kernelL2 are set. */
export function regularizerConfig(p: { kernelL1?: unknown; kernelL2?: unknown }): Record<string, ConfigValue> {
  const l1 = typeof p.kernelL1 === 'number' ? p.kernelL1 : 0;
  const l2 = typeof p.kernelL2 === 'number' ? p.kernelL2 : 0;
  return l1 > 0 || l2 > 0 ? { kernelRegularizer: { $regularizer: { l1, l2 } } } : {};
}
