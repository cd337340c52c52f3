import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../store/store';
import { runsRepo } from '../store/runs-repo';
import { artifactsRepo } from '../store/artifacts-repo';
import { createHandlers } from './index';
import { dispatch, type HandlerContext } from '../../src-shared/api/dispatch';
import type { Project } from '../../src-shared/api/projects';
import type { MetricRow, RunSummary, Run, Artifact } from '../../src-shared/api/runs';
import { trainingSettings } from '../../src-shared/train/settings';

let dir: string;
let store: Store;
let call: (method: unknown, args: unknown) => ReturnType<typeof dispatch>;
const ctx: HandlerContext = { emit: () => undefined };

function open(): void {
  store = openStore(join(dir, 'layerloom.db'));
  const handlers = createHandlers({ store, host: 'web', version: '0.0.0-test', dataDir: dir, resourcesDir: join(dir, 'resources') });
  call = (m, a) => dispatch(handlers, m, a, ctx);
}
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'll-runs-'));
  open();
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});
const value = <T>(r: Awaited<ReturnType<typeof call>>): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value as T;
};

async function startRun(): Promise<{ project: Project; run: RunSummary }> {
  const project = value<Project>(await call('projects.create', { name: 'Weather' }));
  const run = value<RunSummary>(
    await call('runs.start', { projectId: project.id, graph: { version: 2, nodes: [], edges: [] }, dataPrep: { targets: ['t'] }, settings: trainingSettings({ epochs: 3 }), backend: 'wasm' }),
  );
  return { project, run };
}
const rows = (epoch: number): MetricRow[] => [
  { epoch, batch: 0, name: 'loss', value: 1 / epoch, tMs: epoch * 10 },
  { epoch, batch: null, name: 'loss', value: 0.9 / epoch, tMs: epoch * 10 + 1 },
  { epoch, batch: null, name: 'val_loss', value: 1.1 / epoch, tMs: epoch * 10 + 2 },
];

describe('runs service', () => {
  it('records a run, its metrics in order, its result and artifacts', async () => {
    const { project, run } = await startRun();
    expect(run).toMatchObject({ status: 'running', backend: 'wasm', endedAt: null, epochsLogged: 0 });
    value(await call('runs.appendMetrics', { runId: run.id, rows: rows(1) }));
    value(await call('runs.appendMetrics', { runId: run.id, rows: rows(2) }));
    expect(value<MetricRow[]>(await call('runs.metrics', { id: run.id }))).toEqual([...rows(1), ...rows(2)]);
    expect(value<MetricRow[]>(await call('runs.metrics', { id: run.id, epochOnly: true })).every((r) => r.batch === null)).toBe(true);
    const weights = new Uint8Array(new Float32Array([1, 2, 3]).buffer);
    const meta = { format: 'tfjs-weights', weightSpecs: [{ name: 'd/kernel', shape: [3], dtype: 'float32' }], epoch: 2 };
    const done = value<RunSummary>(
      await call('runs.finish', {
        runId: run.id,
        status: 'completed',
        reason: null,
        result: { epochsRun: 2, epochs: 3, monitor: 'val_loss', bestEpoch: 2, finalLogs: { loss: 0.45 }, evaluation: null },
        artifacts: [
          { kind: 'weights-final', meta, data: weights },
          { kind: 'weights-best', meta, data: weights },
        ],
      }),
    );
    expect(done).toMatchObject({ status: 'completed', epochsLogged: 2, result: { epochsRun: 2, finalLogs: { loss: 0.45 } } });
    expect(done.endedAt).not.toBeNull();
    const list = value<RunSummary[]>(await call('runs.list', { projectId: project.id }));
    expect(list.map((r) => r.id)).toEqual([run.id]);
    const full = value<Run>(await call('runs.get', { id: run.id }));
    expect(full.settings.epochs).toBe(3);
    expect(full.dataPrep).toEqual({ targets: ['t'] });
    const a = value<Artifact>(await call('runs.artifact', { id: run.id, kind: 'weights-final' }));
    expect(Array.from(new Float32Array(a.data!.slice().buffer))).toEqual([1, 2, 3]);
    expect(artifactsRepo(store.db).weights(run.id, 'best')!.meta.weightSpecs[0]!.name).toBe('d/kernel');
    // a finished run takes no more rows
    expect(await call('runs.appendMetrics', { runId: run.id, rows: rows(3) })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('refuses non-finite metric values and unknown runs with a clear error, writing nothing', async () => {
    const { run } = await startRun();
    const bad = await call('runs.appendMetrics', { runId: run.id, rows: [...rows(1), { epoch: 1, batch: 1, name: 'loss', value: Number.NaN, tMs: 1 }] });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(value<MetricRow[]>(await call('runs.metrics', { id: run.id }))).toEqual([]);
    expect(await call('runs.metrics', { id: '00000000-0000-0000-0000-000000000000' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('marks runs of dead processes interrupted on open, keeping their metrics; live owners are left alone', async () => {
    const { run } = await startRun();
    const other = value<Project>(await call('projects.create', { name: 'Other' }));
    const live = value<RunSummary>(await call('runs.start', { projectId: other.id, graph: {}, dataPrep: null, settings: trainingSettings() }));
    value(await call('runs.appendMetrics', { runId: run.id, rows: [...rows(1), ...rows(2)] }));
    // pretend `run` belongs to a dead process and `live` to a live one (pid 1 always exists)
    store.db.prepare('UPDATE runs SET owner_pid = ? WHERE id = ?').run(2 ** 22 + 12345, run.id);
    store.db.prepare('UPDATE runs SET owner_pid = 1 WHERE id = ?').run(live.id);
    store.close();
    open();
    const got = value<Run>(await call('runs.get', { id: run.id }));
    expect(got.status).toBe('interrupted');
    expect(got.reason).toMatch(/metrics up to epoch 2 are kept/);
    expect(got.epochsLogged).toBe(2);
    expect(value<MetricRow[]>(await call('runs.metrics', { id: run.id }))).toHaveLength(6);
    expect(value<Run>(await call('runs.get', { id: live.id })).status).toBe('running');
    expect(runsRepo(store.db).markOrphaned(() => false)).toEqual([live.id]);
  });

  it("marks this process's runs interrupted when their window stopped writing (closed or reloaded), not live ones", async () => {
    const { project, run } = await startRun();
    const live = value<RunSummary>(await call('runs.start', { projectId: project.id, graph: {}, dataPrep: null, settings: trainingSettings() }));
    value(await call('runs.appendMetrics', { runId: run.id, rows: rows(1) }));
    store.db.prepare('UPDATE runs SET updated_at = ? WHERE id = ?').run(new Date(Date.now() - 120_000).toISOString(), run.id);
    value(await call('runs.appendMetrics', { runId: live.id, rows: [] })); // heartbeat
    const list = value<RunSummary[]>(await call('runs.list', { projectId: project.id }));
    const byId = new Map(list.map((r) => [r.id, r]));
    expect(byId.get(run.id)!.status).toBe('interrupted');
    expect(byId.get(run.id)!.reason).toMatch(/window .* closed or reloaded.*epoch 1 are kept/);
    expect(byId.get(live.id)!.status).toBe('running');
  });

  it('applies the one name rule to run names (issue 12)', async () => {
    const { project } = await startRun();
    const start = (name: unknown) => call('runs.start', { projectId: project.id, graph: null, dataPrep: null, settings: trainingSettings({}), name });
    for (const [name, msg] of [
      ['x'.repeat(5000), /"name" must be at most 200 characters/],
      ['\u001b[2J\u0007', /"name" must not contain control characters/],
      ['a\u0000b', /"name" must not contain control characters/],
    ] as const) {
      const r = await start(name);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message).toMatch(msg);
    }
    expect(value<RunSummary>(await start('  Named  ')).name).toBe('Named');
    expect(value<RunSummary>(await start('   ')).name).toBeNull();
    const renamed = await call('runs.rename', { id: value<RunSummary>(await start('ok')).id, name: '\u009b2J' });
    expect(renamed.ok).toBe(false);
  });
});
