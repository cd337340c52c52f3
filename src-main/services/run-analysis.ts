import type { Handlers } from '../../src-shared/api/dispatch';
import { ApiError } from '../../src-shared/api/errors';
import { MAX_EVALUATION_CHARS, type CompareRun, type RunComparison, type RunTableRow } from '../../src-shared/api/run-analysis';
import { runResultSchema, type RunResult } from '../../src-shared/api/runs';
import { runEvaluationSchema, type RunEvaluation } from '../../src-shared/eval/run-evaluation';
import { analyze, safeParseDocument } from '../../src-shared/graph/index';
import { diffGraphs } from '../../src-shared/graph/diff';
import { modelText } from '../../src-shared/graph/model-text';
import { alignSeries, isCurveMetric, type CurvePoint, type Series } from '../../src-shared/runs/align';
import { varyingSettings } from '../../src-shared/runs/settings-diff';
import { runAnalysisRepo, type TableRowRaw } from '../store/run-analysis-repo';
import { damagedNote, readJson, readStored } from '../store/stored-json';
import { storeCall } from './store-call';
import type { ServiceDeps } from './deps';

type RunAnalysisHandlers = Pick<Handlers, 'runs.table' | 'runs.rename' | 'runs.setNote' | 'runs.compare' | 'runs.saveEvaluation' | 'runs.evaluations'>;

const json = (s: string | null): unknown => readJson(s, 'value').value;

/** A run's stored result, or null with the reason it cannot be used (reported with the row). */
const resultOf = (r: Pick<TableRowRaw, 'summary'>): { result: RunResult | null; problem?: string } => {
  const x = readStored(r.summary, runResultSchema, 'the result');
  return { result: x.value as RunResult | null, ...(x.problem ? { problem: x.problem } : {}) };
};


function durationMs(r: Pick<TableRowRaw, 'started_at' | 'ended_at' | 'updated_at' | 'status'>, now = Date.now()): number | null {
  const start = Date.parse(r.started_at);
  const end = r.ended_at ? Date.parse(r.ended_at) : r.status === 'running' ? now : r.updated_at ? Date.parse(r.updated_at) : NaN;
  const d = end - start;
  return Number.isFinite(d) && d >= 0 ? d : null;
}

function keySettings(s: unknown): RunTableRow['settings'] {
  const o = (s ?? {}) as Record<string, unknown>;
  const num = (v: unknown, d: number) => (typeof v === 'number' ? v : d);
  const str = (v: unknown, d: string) => (typeof v === 'string' ? v : d);
  return { optimizer: str(o.optimizer, '?'), learningRate: num(o.learningRate, NaN), batchSize: num(o.batchSize, NaN), epochs: num(o.epochs, NaN), loss: str(o.loss, '?') };
}

function testMetric(result: RunResult | null): RunTableRow['test'] {
  const ev = result?.evaluation;
  if (!ev) return null;
  const name = 'mae' in ev.metrics ? 'mae' : 'accuracy' in ev.metrics ? 'accuracy' : Object.keys(ev.metrics)[0];
  if (!name || typeof ev.metrics[name] !== 'number') return null;
  const b = ev.baseline?.metrics[name];
  return { name, value: ev.metrics[name]!, baseline: typeof b === 'number' ? b : null };
}

/** The quantity a run's "best" refers to: what early stopping monitored, else val_loss when logged. */
function monitorOf(result: RunResult | null, hasVal: boolean): string {
  return result?.monitor ?? (hasVal ? 'val_loss' : 'loss');
}

export function runAnalysisHandlers(deps: ServiceDeps): RunAnalysisHandlers {
  const repo = runAnalysisRepo(deps.store.db);
  const mustExist = (id: string, path = 'id'): void => {
    if (!repo.exists(id)) throw new ApiError('not_found', `No run with id ${id}; it may have been deleted.`, path);
  };

  /**
   * Best monitored value and epochs finished. A finished run's summary names its best epoch, so that is one
   * index lookup; runs without one (running, interrupted) scan their own rows. The epoch count is always the
   * whole epochs logged (a Stop mid-epoch does not count that epoch; its summary's epochsRun does), the same
   * count Compare shows.
   */
  function progress(id: string, result: RunResult | null, monitor: string): { epochs: number; best: RunTableRow['best'] } {
    if (result && typeof result.bestEpoch === 'number' && typeof result.epochsRun === 'number') {
      const v = repo.valueAt(id, monitor, result.bestEpoch);
      if (v !== null) return { epochs: repo.epochsOf(id), best: { name: monitor, value: v, epoch: result.bestEpoch } };
    }
    let name = monitor;
    let b = repo.bestOf(id, monitor);
    if (!b && monitor === 'val_loss') {
      name = 'loss';
      b = repo.bestOf(id, 'loss');
    }
    return { epochs: repo.epochsOf(id), best: b ? { name, value: b.value, epoch: b.epoch } : null };
  }

  function table(projectId: string): RunTableRow[] {
    const rows = repo.table(projectId);
    const now = Date.now();
    return rows.map((r, i) => {
      const { result, problem } = resultOf(r);
      const graph = readJson(r.graph, 'the graph snapshot');
      const monitor = result?.monitor ?? 'val_loss';
      const { epochs, best } = progress(r.id, result, monitor);
      return {
        id: r.id,
        number: rows.length - i,
        name: r.name,
        note: r.note,
        status: r.status,
        reason: r.reason,
        startedAt: r.started_at,
        endedAt: r.ended_at,
        durationMs: durationMs(r, now),
        backend: r.backend,
        model: modelText(graph.value),
        params: typeof result?.params === 'number' ? result.params : null,
        settings: keySettings(json(r.settings)),
        epochs,
        best,
        test: testMetric(result),
        evaluated: r.evaluated === 1,
        ...damagedNote(problem, graph.problem),
      };
    });
  }

  function paramsOf(graph: unknown, result: RunResult | null): number | null {
    if (typeof result?.params === 'number') return result.params;
    const d = safeParseDocument(graph);
    if (!d.ok) return null;
    let n = 0;
    for (const a of analyze(d.doc).nodes.values()) n += a.params.trainable + a.params.nonTrainable;
    return n;
  }

  function compare(ids: string[], by: 'epoch' | 'time', maxPoints: number): RunComparison {
    const infos = ids.map((id, i) => {
      const r = repo.one(id);
      if (!r) throw new ApiError('not_found', `No run with id ${id}; it may have been deleted.`, `ids[${i}]`);
      return r;
    });
    // Labels: the user's name, or "Run N" by start order within its project.
    const numbers = new Map<string, number>();
    for (const projectId of new Set(infos.map((r) => r.project_id))) for (const [k, v] of repo.numbers(projectId)) numbers.set(k, v);
    const labelOf = (r: TableRowRaw): string => r.name ?? `Run ${numbers.get(r.id) ?? '?'}`;

    const curvesByRun = infos.map((r) => {
      const byName = new Map<string, CurvePoint[]>();
      for (const m of repo.epochRows(r.id)) {
        let list = byName.get(m.name);
        if (!list) byName.set(m.name, (list = []));
        list.push({ epoch: m.epoch, t: m.t_ms, value: m.value });
      }
      return byName;
    });
    const runs: CompareRun[] = infos.map((r, i) => {
      const { result, problem } = resultOf(r);
      const graph = readJson(r.graph, 'the graph snapshot');
      const byName = curvesByRun[i]!;
      const loss = byName.get('loss') ?? [];
      const epochs = loss.length ? loss[loss.length - 1]!.epoch : 0;
      const final: Record<string, number> = {};
      for (const [name, pts] of byName) if (pts.length && isCurveMetric(name)) final[name] = pts[pts.length - 1]!.value;
      const monitor = monitorOf(result, byName.has('val_loss'));
      const best = repo.bestOf(r.id, monitor);
      const lastT = loss.length ? loss[loss.length - 1]!.t : null;
      return {
        id: r.id,
        label: labelOf(r),
        status: r.status,
        model: modelText(graph.value),
        params: paramsOf(graph.value, result),
        epochs,
        durationMs: durationMs(r),
        msPerEpoch: lastT !== null && epochs > 0 ? lastT / epochs : null,
        final,
        best: best ? { name: monitor, value: best.value, epoch: best.epoch } : null,
        test: testMetric(result),
        ...damagedNote(problem, graph.problem),
      };
    });

    const bases = new Set<string>();
    for (const m of curvesByRun) for (const name of m.keys()) if (isCurveMetric(name)) bases.add(name.startsWith('val_') ? name.slice(4) : name);
    const ordered = [...bases].sort((a, b) => (a === 'loss' ? -1 : b === 'loss' ? 1 : a.localeCompare(b)));
    const curves: RunComparison['curves'] = ordered.map((metric) => {
      const series: Series[] = [];
      const runIndex: number[] = [];
      const validation: boolean[] = [];
      curvesByRun.forEach((m, i) => {
        for (const val of [false, true]) {
          const pts = m.get(val ? `val_${metric}` : metric);
          if (!pts?.length) continue;
          series.push({ label: `${runs[i]!.label} · ${val ? 'validation' : 'train'}`, points: pts });
          runIndex.push(i);
          validation.push(val);
        }
      });
      return { metric, aligned: alignSeries(series, by, maxPoints), runIndex, validation };
    });

    const graphs = infos.map((r) => safeParseDocument(json(r.graph)));
    const first = graphs[0]!;
    return {
      runs,
      curves,
      by,
      settings: varyingSettings(infos.map((r) => json(r.settings))),
      dataPrep: varyingSettings(infos.map((r) => json(r.data_prep))),
      graphs: first.ok
        ? infos.slice(1).flatMap((r, i) => {
            const g = graphs[i + 1]!;
            return g.ok ? [{ id: r.id, label: runs[i + 1]!.label, diff: diffGraphs(first.doc, g.doc) }] : [];
          })
        : [],
    };
  }

  return {
    'runs.table': ({ projectId }) => storeCall(() => table(projectId)),
    'runs.rename': ({ id, name }) =>
      storeCall(() => {
        mustExist(id);
        const n = name && name.length ? name : null;
        repo.rename(id, n);
        return { id, name: n };
      }),
    'runs.setNote': ({ id, note }) =>
      storeCall(() => {
        mustExist(id);
        const n = note && note.trim().length ? note : null;
        repo.setNote(id, n);
        return { id, note: n };
      }),
    'runs.compare': ({ ids, by, maxPoints }) => storeCall(() => compare(ids, by, maxPoints)),
    'runs.saveEvaluation': ({ id, evaluation }) =>
      storeCall(() => {
        mustExist(id);
        const size = JSON.stringify(evaluation).length;
        if (size > MAX_EVALUATION_CHARS)
          throw new ApiError('bad_request', `The evaluation report is too large (${size} characters, limit ${MAX_EVALUATION_CHARS}).`, 'evaluation');
        repo.saveEvaluation(id, evaluation);
        return { saved: true as const };
      }),
    'runs.evaluations': ({ id }) =>
      storeCall(() => {
        mustExist(id);
        return repo.evaluations(id).flatMap((e) => (runEvaluationSchema.safeParse(e).success ? [e as RunEvaluation] : []));
      }),
  };
}
