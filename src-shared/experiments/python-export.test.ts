import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { sequential } from '../graph/builder';
import { validateSpec } from './validate';
import { optunaScript } from './python-export';

const doc = sequential('m', [
  { kind: 'Input', params: { shape: [14, 1] } },
  { kind: 'GRU', label: 'gru"; import os #', params: { units: 8 } },
  { kind: 'Dense', label: 'head', params: { units: 1 } },
]);

describe('optunaScript', () => {
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
    { doc },
  );
  const py = optunaScript(v);

  it('writes the same space, sampler, budget and pruning rule', () => {
    expect(py).toContain('trial.suggest_float("training.learningRate", 0.0001, 0.1, log=True)');
    expect(py).toContain('trial.suggest_int("training.batchSize", 8, 64, log=False)');
    expect(py).toContain('optuna.samplers.TPESampler(seed=4, n_startup_trials=3');
    expect(py).toContain('optuna.pruners.MedianPruner(n_startup_trials=3, n_warmup_steps=2)');
    expect(py).toContain('N_TRIALS = 12');
    expect(py).toContain('TIMEOUT = 600');
  });

  it('is valid Python whose strings hold hostile labels verbatim (nothing runs from them)', () => {
    const out = execFileSync('python3', ['-c', 'import ast,sys; t=ast.parse(sys.stdin.read()); print(sum(isinstance(n, ast.Import) for n in ast.walk(t)))'], { input: py, encoding: 'utf8' });
    expect(out.trim()).toBe('1'); // only `import optuna`
    expect(py).toContain('"gru\\"; import os #.units"');
    const name = execFileSync('python3', ['-c', 'import ast,sys; t=ast.parse(sys.stdin.read()); print([n.value.value for n in t.body if isinstance(n, ast.Assign) and n.targets[0].id == "NAME"][0])'], { input: py, encoding: 'utf8' });
    expect(name.trim()).toBe('x"""; import os');
  });
});
