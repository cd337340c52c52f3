/**
 * The experiment as a Python script that runs the same sweep with Optuna on the exported Keras model
 * (model.py of a run's Keras export): the same search space (value lists as categorical choices, ranges
 * as float/int suggestions, log where the spec says log), the same strategy (grid → GridSampler over the
 * same grid values, random → RandomSampler(seed), tpe → TPESampler(seed, n_startup_trials)), the same
 * budget, metric and direction, and the median rule as Optuna's MedianPruner (same warm-up, same minimum
 * of trials at an epoch). The tables written here say where each dimension lands — a layer kind picks the
 * class build_model() instantiates, a layer param the Keras argument(s) the kind's own emitter writes for
 * it (so the value means in Keras what it means in the app), training and data values go to compile/fit
 * and to model.py's preprocessing; python-study.ts does the rest. Every value is written with pyLiteral /
 * pyString, so labels and keys cannot break out.
 */
import type { GraphDocument } from '../graph/document';
import { pyKwargs, snake } from '../compiler/config-emit';
import { kerasActivationPrelude } from '../compiler/keras-activations';
import { planModel } from '../compiler/plan';
import { fileName, pyComment, pyString } from '../compiler/sanitize';
import { dataFedInputs } from '../graph/data-inputs';
import { getLayer } from '../layers/registry';
import type { Params } from '../layers/types';
import { pyLiteral } from '../export/literals';
import type { TrainingSettings } from '../train/settings';
import { changeKind } from './apply';
import type { DimValue } from './spec';
import { gridValues } from './strategy';
import type { Dimension, ValidSpec } from './validate';
import { PY_STUDY } from './python-study';
import { textFile, type ExportFile } from '../export/files';
import { markdownText } from '../export/text';
import { SpecError, validateSpec } from './validate';

export interface StudyInput {
  spec: ValidSpec;
  /** The graph model.py was exported from (the run's), to find each swept layer's name and arguments. */
  doc: GraphDocument;
  /** The training settings the points start from (the run's or the project's). */
  settings: TrainingSettings;
}

/** Data preparation values the study can change on model.py's exported preprocessing (its statistics are per row, fitted once). */
export const PY_DATA_FIELDS = ['lookback', 'windowTransform', 'windowScale', 'stride', 'seasonalPeriod'] as const;

export class StudyExportError extends Error {
  constructor(readonly problems: string[]) {
    super(`The experiment cannot be written as a Python study:\n${problems.map((p) => `- ${p}`).join('\n')}`);
    this.name = 'StudyExportError';
  }
}

/** `study_<name>.py`, safe as a file name. */
export function studyFileName(name: string): string {
  return `study_${fileName(name, 'experiment').replace(/[^A-Za-z0-9_]/g, '_')}.py`;
}

const kwargsText = (kw: [string, string][]): string => `{${kw.map(([k, v]) => `${pyString(k)}: ${v}`).join(', ')}}`;

interface SweptLayer {
  kindKey: string | null;
  /** Keras class → kwargs text (kind dimensions only). */
  classes: Map<string, string>;
  /** dimension key → Keras class → Python text of the update rule. */
  params: Map<string, Map<string, string>>;
}

/** How a param's value reaches the Keras call of one kind, or a problem. */
function paramRule(kind: string, params: Params, d: Dimension, param: string): string | { problem: string } {
  const def = getLayer(kind)!;
  const kw = (v: unknown): Map<string, string> => new Map(pyKwargs(def.call({ ...params, [param]: v })));
  if (d.values) {
    const base = kw(params[param]);
    const each = d.values.map((v) => kw(v));
    const keys = new Set([...base.keys(), ...each.flatMap((m) => [...m.keys()])]);
    const affected = [...keys].filter((k) => [base, ...each].some((m) => m.get(k) !== base.get(k)));
    const updates = each.map((m) => `{${affected.map((k) => `${pyString(k)}: ${m.get(k) ?? '_DROP'}`).join(', ')}}`);
    return `("values", [${updates.join(', ')}])`;
  }
  const r = d.range!;
  const probe = r.integer ? [Math.ceil(r.min), Math.floor(r.max)] : [r.min, r.max];
  const calls = probe.map((v) => def.call({ ...params, [param]: v }).config);
  for (const k of Object.keys(calls[0]!)) {
    const same = calls.every((c, i) => c[k] === probe[i]);
    const tuple = calls.every((c, i) => Array.isArray(c[k]) && (c[k] as unknown[]).length === 1 && (c[k] as unknown[])[0] === probe[i]);
    if (same || tuple) return `("range", ${pyString(snake(k))}, ${tuple ? 'True' : 'False'})`;
  }
  return { problem: `${d.key}: ${kind}'s Keras call has no argument that takes the range's values as they are; give the values as a list` };
}

/** The LAYERS table: every layer a kind or param dimension touches, by its Keras layer name. */
function sweptLayers(doc: GraphDocument, dims: readonly Dimension[], problems: string[]): Map<string, SweptLayer> {
  const plan = planModel(doc);
  const nameOf = new Map(plan.steps.map((s) => [s.node.id, s.name]));
  const out = new Map<string, SweptLayer>();
  const entry = (nodeId: string): SweptLayer => {
    const name = nameOf.get(nodeId)!;
    let e = out.get(name);
    if (!e) out.set(name, (e = { kindKey: null, classes: new Map(), params: new Map() }));
    return e;
  };
  const kindOf = new Map<string, Dimension>();
  for (const d of dims) if (d.target.type === 'kind') kindOf.set(d.target.nodeId, d);
  for (const d of dims) {
    const t = d.target;
    if (t.type !== 'kind' && t.type !== 'param') continue;
    const e = entry(t.nodeId);
    const kd = kindOf.get(t.nodeId);
    const node = doc.nodes.find((n) => n.id === t.nodeId)!;
    const kinds = kd ? kd.values!.map(String) : [node.kind];
    const paramsOf = (kind: string): Params => changeKind(doc, t.nodeId, kind).nodes.find((n) => n.id === t.nodeId)!.params;
    if (t.type === 'kind') {
      e.kindKey = d.key;
      for (const k of kinds) {
        const call = getLayer(k)!.call(paramsOf(k));
        e.classes.set(k, pyString(call.kerasClass) + ', ' + kwargsText(pyKwargs(call)));
      }
      continue;
    }
    const rules = new Map<string, string>();
    for (const k of kinds) {
      const def = getLayer(k)!;
      if (!def.params.some((p) => p.name === t.param)) {
        problems.push(`${d.key}: a ${k} layer has no param "${t.param}" (the kind dimension ${kd?.key} offers ${k})`);
        continue;
      }
      const rule = paramRule(k, paramsOf(k), d, t.param);
      if (typeof rule !== 'string') problems.push(rule.problem);
      else rules.set(def.call(paramsOf(k)).kerasClass, rule);
    }
    e.params.set(d.key, rules);
  }
  return out;
}

function layersText(layers: Map<string, SweptLayer>): string {
  const rows = [...layers].map(([name, l]) => {
    const classes = [...l.classes].map(([k, v]) => `${pyString(k)}: (${v})`).join(',\n            ');
    const params = [...l.params]
      .map(([key, per]) => `${pyString(key)}: {${[...per].map(([cls, rule]) => `${pyString(cls)}: ${rule}`).join(', ')}}`)
      .join(',\n            ');
    const block = (body: string): string => (body ? `{\n            ${body}\n        }` : '{}');
    return `    ${pyString(name)}: {\n        "kind": ${l.kindKey === null ? 'None' : pyString(l.kindKey)},\n        "classes": ${block(classes)},\n        "params": ${block(params)},\n    },`;
  });
  return `{\n${rows.join('\n')}\n}`;
}

function spaceEntry(d: Dimension): Record<string, unknown> {
  const t = d.target;
  const target = { key: d.key, target: t.type, field: t.type === 'training' || t.type === 'data' ? t.field : null };
  if (d.values) return { ...target, values: d.values };
  const r = d.range!;
  return { ...target, low: r.integer ? Math.ceil(r.min) : r.min, high: r.integer ? Math.floor(r.max) : r.max, log: r.log, int: r.integer };
}

/** Why this experiment cannot run as a Python study (empty when it can). */
export function studyProblems(input: StudyInput): string[] {
  const problems: string[] = [];
  for (const d of input.spec.dimensions) {
    if (d.target.type === 'data' && !(PY_DATA_FIELDS as readonly string[]).includes(d.target.field))
      problems.push(
        `${d.key}: the Python study keeps the exported preprocessing statistics, so it can change ${PY_DATA_FIELDS.join(', ')} but not "${d.target.field}" (sweep it with layerloom sweep, or export one run per value)`,
      );
  }
  sweptLayers(input.doc, input.spec.dimensions, problems);
  return problems;
}

/** The study script; throws StudyExportError when a dimension cannot reach the Keras export. */
export function optunaScript(input: StudyInput): string {
  const { spec, dimensions } = input.spec;
  const problems = studyProblems(input);
  if (problems.length) throw new StudyExportError(problems);
  const layers = layersText(sweptLayers(input.doc, dimensions, []));
  const s = spec.strategy;
  const sampler =
    s.type === 'grid'
      ? `optuna.samplers.GridSampler(${pyLiteral(Object.fromEntries(dimensions.map((d) => [d.key, gridValues(d)])))})`
      : s.type === 'random'
        ? `optuna.samplers.RandomSampler(seed=${s.seed})`
        : `optuna.samplers.TPESampler(seed=${s.seed}, n_startup_trials=${s.startupTrials}, gamma=lambda n: max(1, int(${s.gamma} * n + 0.999999)), n_ei_candidates=${s.candidates})`;
  const pruner =
    spec.pruning.rule === 'median'
      ? `optuna.pruners.MedianPruner(n_startup_trials=0, n_warmup_steps=${spec.pruning.warmupEpochs}, n_min_trials=${spec.pruning.minTrials})`
      : 'optuna.pruners.NopPruner()';
  const st = input.settings;
  const settings = {
    optimizer: st.optimizer,
    learningRate: st.learningRate,
    momentum: st.momentum,
    batchSize: st.batchSize,
    epochs: st.epochs,
    loss: st.loss,
    metrics: st.metrics,
    validationSplit: st.validationSplit,
    clipNorm: st.clipNorm ?? null,
    shuffle: st.shuffle,
  };
  const values: Record<string, DimValue[]> = Object.fromEntries(dimensions.filter((d) => d.values).map((d) => [d.key, d.values!]));
  const dataInputs = planModel(input.doc).steps.filter((x) => dataFedInputs(input.doc).includes(x.node.id)).map((x) => x.name);
  const prelude = kerasActivationPrelude(layers).join('\n');
  return `"""${pyComment(spec.name).replace(/"""|\\/g, '')} — a Layerloom experiment as an Optuna study on the exported Keras model.

Runs the same sweep as Layerloom (docs/experiments.md): the same search space, strategy, budget, metric
and pruning rule, each trial built by model.py's build_model() with the point's layer kinds and
params, compiled and fitted with the point's training settings, on windows prepared by model.py with
the point's data values.

    pip install optuna keras jax numpy        # or tensorflow instead of jax
    python ${studyFileName(spec.name)} --csv data.csv              # next to model.py (the run's keras/ export)
    python ${studyFileName(spec.name)} --csv data.csv --storage postgresql://…/optuna   # on every worker of a cluster

Differences from the app: Optuna's samplers draw their own points (the same space, not the same
sequence; the grid is the same set of points, in Optuna's order), and its MedianPruner compares with
the completed trials.
"""
import argparse
import copy
import importlib.util
import json
import math
import os
import re

import keras
import optuna
from keras import regularizers  # noqa: F401 (layer arguments below may use it)

HERE = os.path.dirname(os.path.abspath(__file__))

NAME = ${pyLiteral(spec.name)}
METRIC = ${pyLiteral(spec.metric)}
DIRECTION = ${pyLiteral(spec.direction)}
N_TRIALS = ${spec.budget.trials}
TIMEOUT = ${spec.budget.seconds === undefined ? 'None' : pyLiteral(spec.budget.seconds)}

# the search space: one entry per dimension (target: param | kind | training | data)
SPACE = ${pyLiteral(dimensions.map(spaceEntry))}
VALUES = ${pyLiteral(values)}

# the training settings the points start from
SETTINGS = json.loads(${pyString(JSON.stringify(settings))})

# Inputs that follow the prepared windows' shape
DATA_INPUTS = ${pyLiteral(dataInputs)}

${prelude}
_DROP = object()  # a keyword argument the layer's Keras call leaves out at this value

# the layers the experiment changes, by name in build_model(): a kind picks (Keras class, its arguments);
# a param: ("values", [arguments at each value of the list]) or ("range", argument, as a 1-tuple?)
LAYERS = ${layers}


def make_sampler():
    return ${sampler}


def make_pruner():
    return ${pruner}

${PY_STUDY}`;
}

/**
 * The studies shipped in a run's Keras export: one `study_<name>.py` per experiment of the project that
 * fits the run's graph, and `STUDIES.md` saying how to run them and why any experiment was left out
 * (a layer the run's graph does not have, a value the exported preprocessing cannot change).
 */
export function studyFiles(experiments: readonly { spec: unknown }[], doc: GraphDocument, settings: TrainingSettings, dir = 'keras'): ExportFile[] {
  if (experiments.length === 0) return [];
  const files: ExportFile[] = [];
  const lines: string[] = [];
  const used = new Set<string>();
  for (const e of experiments) {
    const raw = e.spec as { name?: unknown };
    let name = typeof raw?.name === 'string' ? raw.name : 'experiment';
    try {
      const spec = validateSpec(e.spec, { doc });
      name = spec.spec.name;
      let file = studyFileName(name);
      for (let i = 2; used.has(file); i++) file = studyFileName(`${name}_${i}`);
      files.push(textFile(`${dir}/${file}`, optunaScript({ spec, doc, settings })));
      used.add(file);
      lines.push(`- **${markdownText(name)}**: \`python ${file} --csv data.csv\``);
    } catch (err) {
      if (!(err instanceof SpecError || err instanceof StudyExportError)) throw err;
      lines.push(`- **${markdownText(name)}**: not exported — ${err.problems.map(markdownText).join('; ')}`);
    }
  }
  const text = `# Experiments as Optuna studies

Each \`study_*.py\` runs one of the project's experiments on this folder's \`model.py\`: the same search
space, strategy, budget, metric and median pruning as in Layerloom, each trial built by
\`build_model()\` with the point's layer kinds and params and trained with its settings on windows
prepared with its data values. \`pip install optuna keras jax numpy\`, then:

${lines.join('\n')}

Several machines: give every worker the same \`--storage\` (an Optuna storage URL, e.g.
\`postgresql://user@host/optuna\`) and start the same command on each.
`;
  return [...files, textFile(`${dir}/STUDIES.md`, text)];
}
