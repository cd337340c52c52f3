/**
 * An experiment spec checked against a project before anything runs: every dimension must point at
 * something that exists (a layer by label or id and one of its params, a training setting, a data
 * preparation value, a recurrent layer), every value list and range must be non-empty, the budget
 * positive. Problems name the dimension (index and key) and say what is wrong.
 */
import type { GraphDocument } from '../graph/document';
import { getLayer } from '../layers/registry';
import { RECURRENT_KINDS } from '../layers/params';
import { trainingSettingsSchema } from '../train/settings';
import { dataPrepSchema } from '../data/spec';
import { formatPath } from '../graph/document';
import { dimensionKey, experimentSpecSchema, type DimValue, type ExperimentSpec, type Range } from './spec';

export type Target =
  | { type: 'param'; nodeId: string; param: string }
  | { type: 'training'; field: string }
  | { type: 'data'; field: string }
  | { type: 'kind'; nodeId: string };

/** A dimension resolved against the project. */
export interface Dimension {
  key: string;
  target: Target;
  values?: DimValue[];
  range?: Range;
}

export interface ValidSpec {
  spec: ExperimentSpec;
  dimensions: Dimension[];
}

/** Training settings and data-prep fields a sweep may set (scalars; lists and nested objects are not searched). */
export const TRAINING_FIELDS = ['optimizer', 'learningRate', 'momentum', 'batchSize', 'epochs', 'loss', 'validationSplit', 'clipNorm', 'shuffle'] as const;
export const DATA_FIELDS = ['lookback', 'horizon', 'windowTransform', 'windowScale', 'stride', 'normalization', 'normalizeTarget', 'missing', 'seasonalPeriod'] as const;

export class SpecError extends Error {
  constructor(readonly problems: string[]) {
    super(`The experiment spec cannot run:\n${problems.map((p) => `- ${p}`).join('\n')}`);
    this.name = 'SpecError';
  }
}

function findNode(doc: GraphDocument, ref: string) {
  return doc.nodes.find((n) => n.id === ref) ?? doc.nodes.find((n) => n.label === ref);
}

/** Checks `input` (parsed JSON) against the project; throws SpecError listing every problem. */
export function validateSpec(input: unknown, project: { doc: GraphDocument }): ValidSpec {
  const parsed = experimentSpecSchema.safeParse(input);
  if (!parsed.success) throw new SpecError(parsed.error.issues.map((i) => `${formatPath(i.path) || 'spec'}: ${i.message}`));
  const spec = parsed.data;
  const problems: string[] = [];
  const dimensions: Dimension[] = [];
  const seen = new Set<string>();
  const labels = project.doc.nodes.map((n) => n.label).join(', ');
  spec.dimensions.forEach((d, i) => {
    const key = dimensionKey(d);
    const where = `dimensions[${i}] (${key})`;
    const bad = (m: string): void => void problems.push(`${where}: ${m}`);
    if (seen.has(key)) return bad('appears twice');
    seen.add(key);
    let target: Target | null = null;
    if ('kind' in d) {
      const node = findNode(project.doc, d.kind);
      if (!node) return bad(`no layer called "${d.kind}" (layers: ${labels})`);
      if (!(RECURRENT_KINDS as readonly string[]).includes(node.kind)) return bad(`"${node.label}" is a ${node.kind}; only ${RECURRENT_KINDS.join(' | ')} layers can change kind`);
      if (d.values.length === 0) return bad('the list of kinds is empty');
      const wrong = d.values.filter((v) => !(RECURRENT_KINDS as readonly string[]).includes(v));
      if (wrong.length) return bad(`unknown kind ${wrong.map((w) => `"${w}"`).join(', ')} (choose from ${RECURRENT_KINDS.join(', ')})`);
      dimensions.push({ key, target: { type: 'kind', nodeId: node.id }, values: d.values });
      return;
    }
    if ('param' in d) {
      const dot = d.param.lastIndexOf('.');
      if (dot <= 0 || dot === d.param.length - 1) return bad('write a layer param as "<layer name or id>.<param>", e.g. "gru_1.units"');
      const ref = d.param.slice(0, dot);
      const name = d.param.slice(dot + 1);
      const node = findNode(project.doc, ref);
      if (!node) return bad(`no layer called "${ref}" (layers: ${labels})`);
      const def = getLayer(node.kind);
      if (!def?.params.some((p) => p.name === name)) return bad(`${node.kind} "${node.label}" has no param "${name}" (params: ${(def?.params ?? []).map((p) => p.name).join(', ')})`);
      target = { type: 'param', nodeId: node.id, param: name };
    } else if ('training' in d) {
      if (!(TRAINING_FIELDS as readonly string[]).includes(d.training)) return bad(`"${d.training}" is not a training setting a sweep can set (choose from ${TRAINING_FIELDS.join(', ')})`);
      target = { type: 'training', field: d.training };
    } else {
      if (!(DATA_FIELDS as readonly string[]).includes(d.data)) return bad(`"${d.data}" is not a data preparation value a sweep can set (choose from ${DATA_FIELDS.join(', ')})`);
      target = { type: 'data', field: d.data };
    }
    if ((d.values === undefined) === (d.range === undefined)) return bad('give either "values" or "range"');
    if (d.values && d.values.length === 0) return bad('the list of values is empty');
    const r = d.range;
    if (r) {
      if (!(r.min < r.max)) return bad(`the range is empty: min (${r.min}) must be below max (${r.max})`);
      if (r.log && r.min <= 0) return bad(`a log range needs min > 0 (got ${r.min})`);
      if (r.integer && Math.floor(r.max) < Math.ceil(r.min)) return bad(`the range holds no whole number (${r.min}…${r.max})`);
    }
    dimensions.push({ key, target, ...(d.values ? { values: d.values } : {}), ...(r ? { range: r } : {}) });
  });
  if (spec.budget.trials < 1) problems.push(`budget.trials: must be at least 1 (got ${spec.budget.trials})`);
  if (spec.budget.seconds !== undefined && !(spec.budget.seconds > 0)) problems.push(`budget.seconds: must be above 0 (got ${spec.budget.seconds})`);
  if (problems.length) throw new SpecError(problems);
  return { spec, dimensions };
}

// keep the schemas' field lists honest: a renamed field breaks the build, not a sweep
const _t: readonly (keyof typeof trainingSettingsSchema.shape)[] = TRAINING_FIELDS;
const _d: readonly (keyof typeof dataPrepSchema.shape)[] = DATA_FIELDS;
void _t;
void _d;
