/**
 * The experiment's Python study against the app: for points the app's own strategies draw, the study
 * (run under Debian's Python + numpy, with Keras and Optuna replaced by recording stubs) must ask Optuna
 * for the same space and build the model with exactly the layer classes and arguments that the app's
 * applyPoint → Keras emitter gives, and set the same training and data values. One check runs a real
 * 3-trial sweep when KERAS_PYTHON names a Python with Keras and Optuna.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { emitKerasModel } from '../compiler/emit-keras';
import { defaultDataPrep, parseCsvText, prepare } from '../data/index';
import { sequential } from '../graph/builder';
import { fitGraphToShape } from '../graph/data-inputs';
import { generateKerasScript, preprocessingFromPrepared, type ExportFile } from '../export/index';
import { numpyPython } from '../testing/numpy-python';
import { KERAS_STUB_PY } from '../testing/keras-stub';
import { trainingSettings } from '../train/settings';
import { applyPoint } from './apply';
import { optunaScript, studyFileName, StudyExportError } from './python-export';
import type { ExperimentSpecInput, Point } from './spec';
import { gridPoint, nextPoint } from './strategy';
import { validateSpec } from './validate';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TMP = join(ROOT, '.tmp', `python-study-${process.pid}`);
afterAll(() => process.env.KEEP_TMP || rmSync(TMP, { recursive: true, force: true }));

const doc = sequential('m', [
  { kind: 'Input', params: { shape: [6, 2] } },
  { kind: 'GRU', label: 'gru', params: { units: 8 } },
  { kind: 'Dense', label: 'head', params: { units: 1 } },
]);

/** Every kind of dimension: param values and range, string param with a custom Keras activation, kind, training, data. */
const SPEC: ExperimentSpecInput = {
  name: 'every-dimension',
  dimensions: [
    { kind: 'gru', values: ['GRU', 'LSTM', 'SimpleRNN'] },
    { param: 'gru.units', values: [4, 16] },
    { param: 'gru.dropout', range: { min: 0, max: 0.5 } },
    { param: 'head.activation', values: ['linear', 'hardSigmoid'] },
    { training: 'learningRate', range: { min: 1e-4, max: 0.1, log: true } },
    { training: 'batchSize', range: { min: 8, max: 64, integer: true } },
    { training: 'optimizer', values: ['adam', 'sgd'] },
    { data: 'lookback', values: [5, 7] },
    { data: 'windowTransform', values: ['level', 'last-value'] },
  ],
  strategy: { type: 'random', seed: 3 },
  budget: { trials: 6 },
  pruning: { rule: 'median', warmupEpochs: 2, minTrials: 3 },
};

const CSV = ['date,temp,wind', ...Array.from({ length: 80 }, (_, i) => `2024-01-${String((i % 28) + 1).padStart(2, '0')}T${String(Math.floor(i / 28)).padStart(2, '0')}:00,${(10 + 5 * Math.sin(i / 4)).toFixed(3)},${(i % 7) * 0.5}`)].join('\n') + '\n';
const PREP = { task: 'regression' as const, targets: ['temp'], features: ['temp', 'wind'], dateColumn: 'date', lookback: 6 };

function writeFiles(dir: string, files: ExportFile[]): void {
  for (const f of files) {
    const p = join(dir, f.path);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, f.bytes);
  }
}

/** Writes a Keras export of `doc` on CSV and the study next to its model.py; returns the keras folder. */
async function exportWithStudy(name: string, spec: ExperimentSpecInput) {
  const ds = await parseCsvText(CSV);
  const prep = defaultDataPrep(PREP);
  const p = prepare(ds, prep);
  const graph = fitGraphToShape(doc, [p.lookback, p.nFeatures]);
  const dir = join(TMP, name);
  const pre = preprocessingFromPrepared(p, prep, ds);
  writeFiles(dir, generateKerasScript({ graph, weights: { weightSpecs: [], data: new Uint8Array(0) }, pre, title: name }, 'keras'));
  const v = validateSpec(spec, { doc });
  const settings = trainingSettings({ epochs: 4, batchSize: 16 });
  const study = join(dir, 'keras', studyFileName(v.spec.name));
  writeFileSync(study, optunaScript({ spec: v, doc: graph, settings }));
  writeFileSync(join(dir, 'data.csv'), CSV);
  return { dir: join(dir, 'keras'), study, v, base: { doc: graph, prep, settings }, nFeatures: p.nFeatures };
}

/** Optuna stubbed: a trial answers with the point it is given and records what it was asked. */
const HARNESS = String.raw`
import copy
optuna = types.ModuleType("optuna")
class TrialPruned(Exception):
    pass
optuna.TrialPruned = TrialPruned
optuna.samplers = Stub("optuna.samplers")
optuna.pruners = Stub("optuna.pruners")
sys.modules["optuna"] = optuna

class FixedTrial:
    def __init__(self, point):
        self.point, self.asked = point, []
    def suggest_categorical(self, k, values):
        self.asked.append([k, "categorical", list(values)])
        assert self.point[k] in values, (k, self.point[k], values)
        return self.point[k]
    def suggest_float(self, k, lo, hi, log=False):
        self.asked.append([k, "float", lo, hi, log])
        assert lo <= self.point[k] <= hi, (k, self.point[k], lo, hi)
        return self.point[k]
    def suggest_int(self, k, lo, hi, log=False):
        self.asked.append([k, "int", lo, hi, log])
        assert lo <= self.point[k] <= hi and self.point[k] == int(self.point[k]), (k, self.point[k])
        return int(self.point[k])

model = load(sys.argv[1])
spec = importlib.util.spec_from_file_location("study", sys.argv[2])
study = importlib.util.module_from_spec(spec)
spec.loader.exec_module(study)
layer_calls = lambda: [c for c in CALLS if c["path"] == "keras.Input" or (c["path"].startswith("keras.layers.") and not c["path"].endswith(")"))]
out = []
for case in json.load(open(sys.argv[3])):
    trial = FixedTrial(case["point"])
    point = study.suggest(trial)
    settings, data = study.trial_setup(point)
    saved = (copy.deepcopy(model.PRE), model.TRANSFORM)
    study.use_data(model, data)
    pre = {"lookback": model.PRE["lookback"], "windowTransform": model.PRE.get("windowTransform"), "transform": model.TRANSFORM}
    model.PRE, model.TRANSFORM = saved
    CALLS.clear()
    study.build(model, point, case["shape"])
    got = layer_calls()
    CALLS.clear()
    ns = {"keras": sys.modules["keras"], "layers": sys.modules["keras.layers"], "regularizers": sys.modules["keras.regularizers"]}
    exec(case["expected"], ns)
    ns["build_model"]()
    out.append({"asked": trial.asked, "settings": settings, "pre": pre, "got": got, "want": layer_calls()})
print(json.dumps(out))
`;

const itPy = numpyPython.ok ? it : it.skip;

// A real sweep needs a Python with Keras 3 and Optuna: KERAS_PYTHON=/path/to/python (JAX backend by default).
const kerasPython = process.env.KERAS_PYTHON;
const kerasEnv = { ...process.env, KERAS_BACKEND: process.env.KERAS_BACKEND ?? 'jax' };
const hasKeras = ((): boolean => {
  if (!kerasPython) return false;
  try {
    execFileSync(kerasPython, ['-c', 'import keras, optuna, numpy'], { stdio: 'ignore', env: kerasEnv });
    return true;
  } catch {
    return false;
  }
})();
const itKeras = (title: string, fn: () => unknown): void =>
  hasKeras ? it(title, fn, 600_000) : it.skip(`${title} — skipped: needs Keras (set KERAS_PYTHON to a Python with keras, optuna and numpy)`, fn);

describe('optunaScript: the experiment as a Python study on the Keras export', () => {
  itPy(`puts the app's sampled points where applyPoint puts them (layer class and arguments, compile/fit settings, preprocessing)${numpyPython.ok ? '' : ` — ${numpyPython.why}`}`, async () => {
    const { dir, study, v, base, nFeatures } = await exportWithStudy('every', SPEC);
    const random = Array.from({ length: 6 }, (_, i) => nextPoint(v.spec, v.dimensions, i, [])!);
    const grid = [0, 37, 101, 400].map((i) => gridPoint(v.dimensions, i)!);
    const points: Point[] = [...random, ...grid];
    const cases = points.map((point) => {
      const applied = applyPoint(base, v.dimensions, point);
      if (!applied.ok) throw new Error(applied.reason);
      const { setup } = applied;
      const shape = [setup.prep.lookback, nFeatures];
      return { point, shape, expected: emitKerasModel(fitGraphToShape(setup.doc, shape))!, setup };
    });
    const casesFile = join(dir, 'cases.json');
    writeFileSync(casesFile, JSON.stringify(cases.map(({ point, shape, expected }) => ({ point, shape, expected }))));
    const out = JSON.parse(
      execFileSync(numpyPython.path, ['-c', KERAS_STUB_PY + HARNESS, join(dir, 'model.py'), study, casesFile], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }),
    ) as { asked: unknown[][]; settings: Record<string, unknown>; pre: Record<string, unknown>; got: unknown[]; want: unknown[] }[];
    expect(out).toHaveLength(points.length);
    const kinds = new Set<string>();
    out.forEach((r, i) => {
      const { setup } = cases[i]!;
      expect(r.got, `layer calls at ${JSON.stringify(points[i])}`).toEqual(r.want);
      expect(r.settings.learningRate).toBe(setup.settings.learningRate);
      expect(r.settings.batchSize).toBe(setup.settings.batchSize);
      expect(r.settings.optimizer).toBe(setup.settings.optimizer);
      expect(r.settings.epochs).toBe(4);
      expect(r.pre).toEqual({ lookback: setup.prep.lookback, windowTransform: setup.prep.windowTransform, transform: setup.prep.windowTransform });
      kinds.add((r.got as { path: string }[])[1]!.path);
    });
    expect([...kinds].sort()).toEqual(['keras.layers.GRU', 'keras.layers.LSTM', 'keras.layers.SimpleRNN']);
    expect(out[0]!.asked).toEqual([
      ['kind:gru', 'categorical', ['GRU', 'LSTM', 'SimpleRNN']],
      ['gru.units', 'categorical', [4, 16]],
      ['gru.dropout', 'float', 0, 0.5, false],
      ['head.activation', 'categorical', ['linear', 'hardSigmoid']],
      ['training.learningRate', 'float', 0.0001, 0.1, true],
      ['training.batchSize', 'int', 8, 64, false],
      ['training.optimizer', 'categorical', ['adam', 'sgd']],
      ['data.lookback', 'categorical', [5, 7]],
      ['data.windowTransform', 'categorical', ['level', 'last-value']],
    ]);
  });

  itKeras('runs a real 3-trial sweep with Keras and Optuna: every trial trains and reports its metric', async () => {
    const { dir, study } = await exportWithStudy('real', SPEC);
    const out = execFileSync(kerasPython!, [study, '--csv', join(dir, '..', 'data.csv'), '--trials', '3'], { cwd: dir, encoding: 'utf8', env: kerasEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    expect(out).toMatch(/^3 trials: \d completed, \d pruned, 0 failed$/m);
    const best = /^best (\{.*\}) val_loss (\S+)$/m.exec(out);
    expect(best, out).not.toBeNull();
    expect(Number(best![2])).toBeGreaterThan(0);
    expect(Object.keys(JSON.parse(best![1]!) as object)).toHaveLength(SPEC.dimensions.length);
  });

  const v = validateSpec(
    {
      name: 'x"""; import os',
      dimensions: [
        { param: 'gru"; import os #.units', values: [8, 16] },
        { training: 'learningRate', range: { min: 1e-4, max: 0.1, log: true } },
        { training: 'batchSize', range: { min: 8, max: 64, integer: true } },
      ],
      strategy: { type: 'tpe', seed: 4, startupTrials: 3 },
      budget: { trials: 12, seconds: 600 },
      pruning: { rule: 'median', warmupEpochs: 2, minTrials: 3 },
    },
    {
      doc: sequential('m', [
        { kind: 'Input', params: { shape: [14, 1] } },
        { kind: 'GRU', label: 'gru"; import os #', params: { units: 8 } },
        { kind: 'Dense', label: 'head', params: { units: 1 } },
      ]),
    },
  );
  const hostileDoc = sequential('m', [
    { kind: 'Input', params: { shape: [14, 1] } },
    { kind: 'GRU', label: 'gru"; import os #', params: { units: 8 } },
    { kind: 'Dense', label: 'head', params: { units: 1 } },
  ]);
  const py = optunaScript({ spec: v, doc: hostileDoc, settings: trainingSettings() });

  it('writes the same sampler, budget and pruning rule', () => {
    expect(py).toContain('optuna.samplers.TPESampler(seed=4, n_startup_trials=3');
    expect(py).toContain('optuna.pruners.MedianPruner(n_startup_trials=0, n_warmup_steps=2, n_min_trials=3)');
    expect(py).toContain('N_TRIALS = 12');
    expect(py).toContain('TIMEOUT = 600');
  });

  it('is valid Python whose strings hold hostile labels verbatim (nothing runs from them)', () => {
    const imports = execFileSync(
      'python3',
      ['-c', 'import ast,sys; t=ast.parse(sys.stdin.read()); print(sorted(a.name for n in ast.walk(t) if isinstance(n, ast.Import) for a in n.names))'],
      { input: py, encoding: 'utf8' },
    );
    expect(imports.trim()).toBe("['argparse', 'copy', 'importlib.util', 'json', 'keras', 'math', 'optuna', 'os', 're']");
    expect(py).toContain('"gru\\"; import os #.units"');
    const name = execFileSync('python3', ['-c', 'import ast,sys; t=ast.parse(sys.stdin.read()); print([n.value.value for n in t.body if isinstance(n, ast.Assign) and n.targets[0].id == "NAME"][0])'], {
      input: py,
      encoding: 'utf8',
    });
    expect(name.trim()).toBe('x"""; import os');
  });

  it('refuses, naming the dimension, what the exported preprocessing cannot change', () => {
    const bad = validateSpec({ dimensions: [{ data: 'normalization', values: ['zscore', 'minmax'] }] }, { doc });
    expect(() => optunaScript({ spec: bad, doc, settings: trainingSettings() })).toThrow(StudyExportError);
    expect(() => optunaScript({ spec: bad, doc, settings: trainingSettings() })).toThrow(/data\.normalization: .*keeps the exported preprocessing statistics/);
  });
});
