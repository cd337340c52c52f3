/**
 * A stub of the experiment as a Python (Optuna) script: the same search space (value lists become
 * categorical choices, ranges float/int suggestions, log where the spec says log), the same strategy
 * (grid → GridSampler, random → RandomSampler(seed), tpe → TPESampler(seed, n_startup_trials)), the same
 * budget and the same pruning rule (MedianPruner with the spec's warm-up and minimum trials). What a trial
 * trains is left to `train_trial(params, report)`, to wire to the exported Keras script's model builder;
 * the generated file says so. Every value is written with `pyLiteral`, so labels and keys cannot break out.
 */
import { pyLiteral } from '../export/literals';
import { gridValues } from './strategy';
import type { ValidSpec } from './validate';

export function optunaScript(v: ValidSpec): string {
  const { spec, dimensions } = v;
  const suggest = dimensions.map((d) => {
    const k = pyLiteral(d.key);
    if (d.values) return `        ${k}: trial.suggest_categorical(${k}, ${pyLiteral(d.values)}),`;
    const r = d.range!;
    const fn = r.integer ? 'suggest_int' : 'suggest_float';
    const lo = r.integer ? Math.ceil(r.min) : r.min;
    const hi = r.integer ? Math.floor(r.max) : r.max;
    return `        ${k}: trial.${fn}(${k}, ${pyLiteral(lo)}, ${pyLiteral(hi)}, log=${r.log ? 'True' : 'False'}),`;
  });
  const s = spec.strategy;
  const sampler =
    s.type === 'grid'
      ? `optuna.samplers.GridSampler(${pyLiteral(Object.fromEntries(dimensions.map((d) => [d.key, gridValues(d)])))})`
      : s.type === 'random'
        ? `optuna.samplers.RandomSampler(seed=${s.seed})`
        : `optuna.samplers.TPESampler(seed=${s.seed}, n_startup_trials=${s.startupTrials}, gamma=lambda n: max(1, int(${s.gamma} * n + 0.999999)), n_ei_candidates=${s.candidates})`;
  const pruner = spec.pruning.rule === 'median' ? `optuna.pruners.MedianPruner(n_startup_trials=${spec.pruning.minTrials}, n_warmup_steps=${spec.pruning.warmupEpochs})` : 'optuna.pruners.NopPruner()';
  return `"""A Layerloom experiment as an Optuna study (a stub: fill in train_trial).

Same search space, strategy, budget and pruning rule as in Layerloom (docs/experiments.md). Wire
train_trial to the exported Keras script (model.py): apply the point's values to the model builder,
the training settings and the data preparation, train, and call report(epoch, value) after each epoch.
"""
import optuna

NAME = ${pyLiteral(spec.name)}
METRIC = ${pyLiteral(spec.metric)}
DIRECTION = ${pyLiteral(spec.direction)}
N_TRIALS = ${spec.budget.trials}
TIMEOUT = ${spec.budget.seconds === undefined ? 'None' : pyLiteral(spec.budget.seconds)}


def train_trial(params, report):
    """Train one point; call report(epoch, value) after each epoch; return the best value of METRIC."""
    raise NotImplementedError("wire this to the exported Keras script's model builder (model.py)")


def objective(trial):
    params = {
${suggest.join('\n')}
    }
    best = None

    def report(epoch, value):
        nonlocal best
        best = value if best is None else (min(best, value) if DIRECTION == "minimize" else max(best, value))
        trial.report(value, epoch)
        if trial.should_prune():
            raise optuna.TrialPruned()

    result = train_trial(params, report)
    return result if result is not None else best


if __name__ == "__main__":
    study = optuna.create_study(direction=DIRECTION, sampler=${sampler}, pruner=${pruner})
    study.optimize(objective, n_trials=N_TRIALS, timeout=TIMEOUT)
    print("best", study.best_params, study.best_value)
`;
}
