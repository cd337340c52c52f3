/**
 * Multi-step forecasts in the run views, as plain data: the "error by forecast step" table (MAE / RMSE per
 * output next to each baseline's MAE for that step) and the H-step paths from several origins as small
 * line charts. Fed by a run's test `Evaluation` (byStep, paths) or an evaluation report's `byOutput`.
 */

/** One output's error: from Evaluation.byStep, or RegressionEvaluation.byOutput (step and baselines optional there). */
export interface StepError {
  name: string;
  step?: number | undefined;
  mae: number;
  rmse: number;
  baselines?: Record<string, number> | undefined;
}

export interface StepRow {
  name: string;
  step: number;
  mae: number;
  rmse: number;
  /** Per column key, the baseline's MAE for this step (null when that baseline has none here). */
  baselines: (number | null)[];
  /** The lowest baseline MAE of this step (its column index), null without baselines. */
  best: number | null;
  /** Whether the model's MAE is below the best baseline's for this step; null without baselines. */
  beats: boolean | null;
}

export interface StepTable {
  /** Baseline columns, in the order the baselines are listed (then any other key met). */
  columns: { key: string; name: string }[];
  rows: StepRow[];
  /** Steps where the model beats every baseline, out of the steps with baselines. */
  beaten: number;
  judged: number;
}

/**
 * The table of errors per forecast step; null when the outputs carry no step (a one-step forecast or
 * a report recorded before multi-step horizons) — the plain per-output table covers those.
 * `names` maps baseline keys to their display names (Evaluation.baselines / RegressionEvaluation.baselines).
 */
export function stepTable(outputs: readonly StepError[] | undefined, names: readonly { key: string; name: string }[] = []): StepTable | null {
  const withStep = (outputs ?? []).filter((o): o is StepError & { step: number } => typeof o.step === 'number' && o.step > 0);
  if (withStep.length < 2) return null;
  const keys: string[] = names.map((n) => n.key).filter((k) => withStep.some((o) => o.baselines && k in o.baselines));
  for (const o of withStep) for (const k of Object.keys(o.baselines ?? {})) if (!keys.includes(k)) keys.push(k);
  const columns = keys.map((key) => ({ key, name: shortBaselineName(names.find((n) => n.key === key)?.name ?? key) }));
  let beaten = 0;
  let judged = 0;
  const rows = withStep.map((o): StepRow => {
    const baselines = keys.map((k) => {
      const v = o.baselines?.[k];
      return typeof v === 'number' && Number.isFinite(v) ? v : null;
    });
    let best: number | null = null;
    baselines.forEach((v, i) => {
      if (v !== null && (best === null || v < baselines[best]!)) best = i;
    });
    const beats = best === null || !Number.isFinite(o.mae) ? null : o.mae < baselines[best]!;
    if (beats !== null) {
      judged++;
      if (beats) beaten++;
    }
    return { name: o.name, step: o.step, mae: o.mae, rmse: o.rmse, baselines, best, beats };
  });
  return { columns, rows, beaten, judged };
}

/** "persistence (last value)" → "persistence"; "linear autoregression (ridge on …)" → "linear autoregression": column headers stay short. */
export function shortBaselineName(name: string): string {
  const cut = name.replace(/\s*\((?!period)[^)]*\)\s*$/, '').trim();
  return cut || name;
}

export interface ForecastPath {
  origin: number;
  label: string;
  actual: number[];
  predicted: number[];
}

export interface PathChart {
  title: string;
  /** Steps ahead of the origin (the x axis). */
  x: number[];
  ys: (number | null)[][];
}

/**
 * One small chart per origin: actual and predicted over the steps ahead. `steps` are the forecast steps
 * of the first target (from the step table); when they do not match a path's length, 1 … n.
 */
export function pathCharts(paths: readonly ForecastPath[] | undefined, steps: readonly number[] = []): PathChart[] {
  return (paths ?? [])
    .filter((p) => p.actual.length > 0 && p.actual.length === p.predicted.length)
    .map((p) => {
      const x = steps.length === p.actual.length ? steps.slice() : p.actual.map((_, i) => i + 1);
      const clean = (v: number[]): (number | null)[] => v.map((n) => (Number.isFinite(n) ? n : null));
      return { title: `From ${p.label}`, x, ys: [clean(p.actual), clean(p.predicted)] };
    });
}

/** The steps of the first target in a step table (the paths are the first target's). */
export function firstTargetSteps(table: StepTable | null): number[] {
  if (!table || table.rows.length === 0) return [];
  const first = table.rows[0]!.name.replace(/ t\+\d+$/, '');
  return table.rows.filter((r) => r.name.replace(/ t\+\d+$/, '') === first).map((r) => r.step);
}
