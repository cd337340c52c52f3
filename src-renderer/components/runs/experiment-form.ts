/**
 * The experiment form's draft and how it becomes a spec: a dimension points at a layer param, a training
 * setting, a data-prep value or a recurrent layer's kind, with a values list ("16, 32, 64") or a range
 * (min, max, log, whole numbers). The spec is then checked by `validateSpec` like the CLI's.
 */
import type { DimValue, DimensionInput, ExperimentSpecInput } from '@shared/experiments/spec';

export type DimTarget = 'param' | 'training' | 'data' | 'kind';

export interface DimDraft {
  target: DimTarget;
  /** param / kind: the layer's label. */
  layer: string;
  /** param: the layer's param name. */
  param: string;
  /** training / data: the field. */
  field: string;
  mode: 'values' | 'range';
  values: string;
  min: string;
  max: string;
  log: boolean;
  integer: boolean;
  /** kind: the kinds to try. */
  kinds: string[];
}

export interface FormDraft {
  name: string;
  dims: DimDraft[];
  strategy: 'grid' | 'random' | 'tpe';
  seed: number;
  trials: number;
  /** Minutes; empty = no time budget. */
  minutes: string;
  metric: string;
  pruning: boolean;
}

export function newDim(target: DimTarget, layer = ''): DimDraft {
  return { target, layer, param: '', field: '', mode: 'values', values: '', min: '', max: '', log: false, integer: false, kinds: ['GRU', 'LSTM'] };
}

/** "16, 32; 64" → [16, 32, 64]; "true"/"false" are booleans, anything else not a number stays text. */
export function parseValues(text: string): DimValue[] {
  return text
    .split(/[,;\s]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => (s === 'true' ? true : s === 'false' ? false : s !== '' && Number.isFinite(Number(s)) ? Number(s) : s));
}

/** An empty box is NaN, which the spec's schema refuses with the field's path. */
const num = (s: string): number => (s.trim() === '' ? Number.NaN : Number(s));

export function dimToInput(d: DimDraft): DimensionInput {
  if (d.target === 'kind') return { kind: d.layer, values: [...d.kinds] };
  const v = d.mode === 'values' ? { values: parseValues(d.values) } : { range: { min: num(d.min), max: num(d.max), log: d.log, integer: d.integer } };
  if (d.target === 'param') return { param: `${d.layer}.${d.param}`, ...v } as DimensionInput;
  if (d.target === 'training') return { training: d.field, ...v } as DimensionInput;
  return { data: d.field, ...v } as DimensionInput;
}

export function draftToSpec(f: FormDraft): ExperimentSpecInput {
  const minutes = f.minutes.trim() === '' ? undefined : num(f.minutes);
  return {
    name: f.name.trim() || 'experiment',
    dimensions: f.dims.map(dimToInput),
    strategy: f.strategy === 'grid' ? { type: 'grid' } : { type: f.strategy, seed: f.seed },
    budget: { trials: f.trials, ...(minutes === undefined ? {} : { seconds: minutes * 60 }) },
    metric: f.metric,
    pruning: f.pruning ? { rule: 'median', warmupEpochs: 1, minTrials: 2 } : { rule: 'none' },
  };
}
