/**
 * Kill the process at random points of a CSV import and of training, 20 times each: afterwards the
 * database passes `PRAGMA integrity_check`, nothing that was reported complete is lost, nothing is
 * half-written, and an interrupted run is marked interrupted with its finished epochs kept.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { openStore } from './store';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const out = join(root, 'out', 'test-crash');
const seattle = join(root, 'resources/samples/seattle-weather.csv');
const KILLS = 20;
let dir: string;

/** A small seeded generator so a failing kill schedule can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

beforeAll(async () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; version: string };
  const common = {
    absWorkingDir: root,
    bundle: true,
    platform: 'node' as const,
    format: 'esm' as const,
    target: 'node20',
    external: [...Object.keys(pkg.dependencies ?? {}), 'electron'],
    tsconfig: 'tsconfig.node.json',
    logLevel: 'warning' as const,
    banner: { js: "import { createRequire as __c } from 'node:module'; const require = __c(import.meta.url);" },
    define: { __LAYERLOOM_VERSION__: JSON.stringify(pkg.version) },
  };
  await build({ ...common, entryPoints: ['src-main/store/fixtures/import-loop.ts'], outfile: join(out, 'import-loop.mjs') });
  await build({ ...common, entryPoints: ['src-main/cli/index.ts'], outfile: join(out, 'cli', 'index.mjs') });
  dir = mkdtempSync(join(tmpdir(), 'll-crash-'));
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `args` and SIGKILLs it `delayMs` after it first prints `ready` (or at once if ready is null). */
function runAndKill(args: string[], ready: RegExp, delayMs: number): Promise<string> {
  return new Promise((res) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let armed = false;
    const onData = (d: Buffer): void => {
      output += d.toString();
      if (!armed && ready.test(output)) {
        armed = true;
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', () => res(output));
  });
}

function integrity(dataDir: string): string {
  const store = openStore(join(dataDir, 'layerloom.db'));
  try {
    return String(store.db.pragma('integrity_check', { simple: true }));
  } finally {
    store.close();
  }
}

describe('crash safety', () => {
  it(`a CSV import killed ${KILLS} times loses nothing stored and leaves nothing half-imported`, async () => {
    const dataDir = join(dir, 'import');
    const random = rng(7);
    let reported = 0;
    for (let i = 0; i < KILLS; i++) {
      // Killed somewhere from the first import's start to a few imports in.
      const output = await runAndKill([join(out, 'import-loop.mjs'), dataDir, seattle], /stored|^/, Math.floor(random() * 150));
      reported += (output.match(/stored \d+/g) ?? []).length;
      expect(integrity(dataDir)).toBe('ok');
    }
    const store = openStore(join(dataDir, 'layerloom.db'));
    try {
      const datasets = store.db.prepare<[], { id: string; row_count: number }>('SELECT id, row_count FROM datasets').all();
      expect(datasets.length).toBeGreaterThanOrEqual(reported);
      expect(reported).toBeGreaterThan(0);
      for (const d of datasets) {
        const cols = store.db.prepare<[string], { n: number; bytes: number }>('SELECT count(*) AS n, sum(length(data)) AS bytes FROM dataset_columns WHERE dataset_id = ?').get(d.id)!;
        expect(d.row_count).toBe(1461);
        expect(cols.n).toBe(6); // every dataset has all its columns
        expect(cols.bytes).toBeGreaterThan(0);
      }
    } finally {
      store.close();
    }
  }, 240_000);

  it(`training killed ${KILLS} times: integrity ok, killed runs marked interrupted with their finished epochs`, async () => {
    const dataDir = join(dir, 'train');
    const project = join(dir, 'gru.loom.json');
    const made = spawnSync(process.execPath, [join(out, 'cli', 'index.mjs'), 'new', '--template', 'gru-forecaster', '--out', project], { encoding: 'utf8' });
    expect(made.status, made.stderr).toBe(0);
    const random = rng(11);
    for (let i = 0; i < KILLS; i++) {
      const args = [join(out, 'cli', 'index.mjs'), 'train', project, '--data', seattle, '--target', 'temp_max', '--lookback', '7', '--epochs', '50', '--data-dir', dataDir, '--seed', String(i)];
      // From before the run is recorded to a few epochs in: every other kill is timed from the first finished
      // epoch, so some land mid-training however slow the machine is (a loaded CI box needs seconds an epoch).
      const afterEpoch = i % 2 === 1;
      await runAndKill(args, afterEpoch ? /^epoch 1\//m : /^/, Math.floor(random() * (afterEpoch ? 2000 : 4000)));
      expect(integrity(dataDir)).toBe('ok');
    }
    // Opening the store (as the next start of any host does) marks the dead runs interrupted.
    const store = openStore(join(dataDir, 'layerloom.db'));
    try {
      const runs = store.db.prepare<[], { id: string; status: string }>('SELECT id, status FROM runs').all();
      expect(runs.length).toBeGreaterThan(0);
      expect(runs.some((r) => r.status === 'interrupted')).toBe(true);
      let withEpochs = 0;
      for (const r of runs) {
        expect(['interrupted', 'completed']).toContain(r.status);
        // Finished epochs are complete: every logged epoch has its end-of-epoch loss row.
        const epochs = store.db.prepare<[string], { epoch: number }>("SELECT DISTINCT epoch FROM metrics WHERE run_id = ? AND batch IS NULL").all(r.id);
        if (r.status === 'interrupted' && epochs.length > 0) withEpochs++;
        for (const { epoch } of epochs) {
          const names = store.db.prepare<[string, number], { name: string }>('SELECT name FROM metrics WHERE run_id = ? AND epoch = ? AND batch IS NULL').all(r.id, epoch).map((x) => x.name);
          expect(names).toContain('loss');
          expect(names).toContain('val_loss');
        }
      }
      expect(withEpochs).toBeGreaterThan(0); // some kills landed mid-training, after finished epochs
    } finally {
      store.close();
    }
  }, 300_000);
});
