/**
 * Runs an experiment: for each trial index, the strategy picks a point, the point is applied to the
 * project (a point that makes it invalid becomes a failed trial with the reason), and the trial trains
 * as an ordinary run through the shared pipeline and the API recorder, with the pruning rule deciding
 * after each epoch. When the trial ends its record (point, run, status, metric, curve) is written with
 * `experiments.recordTrial`; resuming an experiment reads those back and continues at the next index,
 * so a crash loses at most the trial in flight. Host-free: the API client and tfjs are passed in.
 */
import type { ApiClient } from '../api/contract';
import type { ExperimentStatus, TrialRecord } from '../api/experiments';
import type { Dataset } from '../data/dataset';
import { runPipeline, type TfProvider } from '../train/pipeline';
import { apiRecorder } from '../train/recorder';
import type { EpochInfo } from '../train/loop';
import { applyPoint, type TrialSetup } from './apply';
import { pruneDecision } from './prune';
import type { Point } from './spec';
import { nextPoint, type Observation } from './strategy';
import type { ValidSpec } from './validate';
import { bestTrial, savedByPruning } from './trials-table';

export { bestTrial, savedByPruning };

export interface ExperimentRunOptions {
  api: Pick<ApiClient, 'call'>;
  projectId: string;
  spec: ValidSpec;
  base: TrialSetup;
  dataset: Dataset;
  tfp: TfProvider;
  /** Resume this experiment (its recorded trials are kept, the next index runs); absent = create one. */
  experimentId?: string;
  /** Override of spec.budget.trials (the CLI's --trials). */
  maxTrials?: number;
  /** Checked between batches: stops the trial in flight (not recorded) and the experiment (resumable). */
  shouldStop?: () => boolean;
  onTrialStart?: (t: { trial: number; point: Point }) => void;
  onTrial?: (t: TrialRecord) => void;
  onEpoch?: (t: { trial: number; epoch: EpochInfo }) => void;
  now?: () => number;
}

export interface ExperimentOutcome {
  experimentId: string;
  status: ExperimentStatus;
  trials: TrialRecord[];
  best: TrialRecord | null;
  /** Epochs pruning cut from the plan, and the seconds that saved at each pruned trial's own pace. */
  saved: { epochs: number; seconds: number };
}

/** The name of a trial's run: "<experiment> #3: gru_1.units=16, training.learningRate=0.003". */
export function trialRunName(name: string, trial: number, point: Point): string {
  const fmt = (v: unknown): string => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(3)).toString() : String(v));
  const s = `${name} #${trial + 1}: ${Object.entries(point).map(([k, v]) => `${k}=${fmt(v)}`).join(', ')}`;
  return s.length > 200 ? `${s.slice(0, 199)}…` : s;
}

const curveValues = (c: (number | null)[]): number[] => c.map((v) => (v === null ? Number.NaN : v));

export async function runExperiment(o: ExperimentRunOptions): Promise<ExperimentOutcome> {
  const { api, spec: valid } = o;
  const spec = valid.spec;
  const minimize = spec.direction === 'minimize';
  const now = o.now ?? (() => Date.now());
  let experimentId: string;
  const trials: TrialRecord[] = [];
  if (o.experimentId) {
    const e = await api.call('experiments.get', { id: o.experimentId });
    if (e.projectId !== o.projectId) throw new Error(`The experiment ${o.experimentId} belongs to another project.`);
    trials.push(...e.trialRecords);
    await api.call('experiments.resume', { experimentId: e.id });
    experimentId = e.id;
  } else experimentId = (await api.call('experiments.create', { projectId: o.projectId, spec })).id;

  const budget = o.maxTrials ?? spec.budget.trials;
  const t0 = now();
  const spentBefore = trials.reduce((s, t) => s + t.seconds, 0);
  let stopped = false;
  let exhausted = false;
  for (let index = trials.length === 0 ? 0 : Math.max(...trials.map((t) => t.trial)) + 1; trials.length < budget; index++) {
    if (spec.budget.seconds !== undefined && spentBefore + (now() - t0) / 1000 >= spec.budget.seconds) break;
    if (o.shouldStop?.()) {
      stopped = true;
      break;
    }
    const history: Observation[] = trials.map((t) => ({ point: t.point, value: t.value }));
    const point = nextPoint(spec, valid.dimensions, index, history);
    if (!point) {
      exhausted = true;
      break;
    }
    o.onTrialStart?.({ trial: index, point });
    const started = now();
    const record = async (t: Omit<TrialRecord, 'trial' | 'point' | 'seconds'>): Promise<void> => {
      const rec: TrialRecord = { trial: index, point, seconds: (now() - started) / 1000, ...t };
      await api.call('experiments.recordTrial', { experimentId, ...rec });
      trials.push(rec);
      o.onTrial?.(rec);
    };
    const applied = applyPoint(o.base, valid.dimensions, point);
    if (!applied.ok) {
      await record({ runId: null, status: 'failed', value: null, epochs: 0, epochsPlanned: o.base.settings.epochs, curve: [], reason: applied.reason });
      continue;
    }
    const { setup } = applied;
    const curve: number[] = [];
    const others = trials.filter((t) => t.status !== 'failed').map((t) => curveValues(t.curve));
    let pruned = null as string | null;
    const recorder = apiRecorder(api, { projectId: o.projectId, name: trialRunName(spec.name, index, point) });
    const out = await runPipeline({
      doc: setup.doc,
      prep: setup.prep,
      data: { dataset: o.dataset },
      settings: setup.settings,
      tfp: o.tfp,
      recorder,
      ...(o.shouldStop ? { shouldStop: o.shouldStop } : {}),
      ...(o.now ? { now: o.now } : {}),
      onEpoch: (e) => {
        if (!e.partial) curve.push(e.logs[spec.metric] ?? Number.NaN);
        o.onEpoch?.({ trial: index, epoch: e });
      },
      prune: () => {
        const d = pruneDecision(spec.pruning, curve, others, minimize);
        if (d.stop) pruned = `Pruned by the experiment: ${d.reason}`;
        return pruned;
      },
    });
    const epochsPlanned = setup.settings.epochs;
    if (out.status === 'refused') {
      await record({ runId: null, status: 'failed', value: null, epochs: 0, epochsPlanned, curve: [], reason: out.reason });
      continue;
    }
    if (out.status === 'stopped' && pruned === null) {
      // stopped by the user: the trial is not recorded, resuming runs this index again
      stopped = true;
      break;
    }
    const finite = curve.filter(Number.isFinite);
    const value = finite.length ? (minimize ? Math.min(...finite) : Math.max(...finite)) : null;
    const missing = value === null && out.status !== 'failed' ? `no finite ${spec.metric} was logged (is there a validation split?)` : null;
    await record({
      runId: recorder.runId,
      status: out.status === 'failed' ? 'failed' : pruned !== null ? 'pruned' : value === null ? 'failed' : 'completed',
      value,
      epochs: out.train?.epochsRun ?? 0,
      epochsPlanned,
      curve: curve.map((v) => (Number.isFinite(v) ? v : null)),
      reason: out.status === 'failed' ? out.reason : (pruned ?? missing ?? out.reason),
    });
  }
  const status: ExperimentStatus = stopped ? 'stopped' : exhausted || trials.length >= budget || spec.budget.seconds !== undefined ? 'finished' : 'stopped';
  await api.call('experiments.finish', { experimentId, status });
  return { experimentId, status, trials, best: bestTrial(trials, minimize), saved: savedByPruning(trials) };
}
