import * as tf from '@tensorflow/tfjs';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileToTfjs } from '../../../src-shared/compiler/to-tfjs';
import { defaultDataPrep, parseCsvText, prepare } from '../../../src-shared/data/index';
import { encodeModelWeights } from '../../../src-shared/export/index';
import { graphOf } from '../../../src-shared/graph/builder';
import { preprocessingMeta } from '../../../src-shared/train/artifacts';
import { trainingSettingsSchema } from '../../../src-shared/train/settings';
import { dbFileIn } from '../../store/data-dir';
import { projectsRepo } from '../../store/projects-repo';
import { runsRepo } from '../../store/runs-repo';
import { openStore } from '../../store/store';
import type { CliIO } from '../command';
import { main } from '../index';

function io(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const x: CliIO = { out: (t) => out.push(t), err: (t) => err.push(t), cwd };
  return { io: x, text: () => out.join('\n'), errText: () => err.join('\n') };
}

let dataDir: string;
let runId: string;
let projectId: string;

beforeAll(async () => {
  await tf.setBackend('cpu');
  dataDir = mkdtempSync(join(tmpdir(), 'layerloom-export-cli-'));
  const csv = 'x,y\n' + Array.from({ length: 40 }, (_, i) => `${i % 5},${(i * 7) % 11}`).join('\n') + '\n';
  const prep = defaultDataPrep({ task: 'regression', mode: 'tabular', targets: ['y'], features: ['x'] });
  const p = prepare(await parseCsvText(csv), prep);
  const graph = graphOf('Tiny', [{ kind: 'Input', params: { shape: [1] } }, { kind: 'Dense', params: { units: 1 } }], [[0, 1]]);
  const { model } = compileToTfjs(tf, graph);
  const w = await encodeModelWeights(tf, model);
  model.dispose();
  const store = openStore(dbFileIn(dataDir));
  const project = projectsRepo(store.db).create('Tiny', graph, { dataPrep: prep });
  projectId = project.id;
  const runs = runsRepo(store.db);
  const run = runs.start({ projectId, graph, dataPrep: prep, settings: trainingSettingsSchema.parse({}) } as Parameters<typeof runs.start>[0]);
  runId = run.id;
  runs.finish(runId, 'completed', null, null, [
    { kind: 'weights-final', meta: { format: 'tfjs-weights', weightSpecs: w.weightSpecs, epoch: 1 }, data: w.data },
    { kind: 'preprocessing', meta: preprocessingMeta(p, prep), data: null },
  ]);
  store.close();
});

describe('layerloom export / project export / project import', () => {
  it('exports a run by id prefix into the folder', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'layerloom-export-out-'));
    const c = io(cwd);
    expect(await main(['export', runId.slice(0, 8), '--format', 'ts', '--out', 'out', '--data-dir', dataDir], c.io)).toBe(0);
    expect(c.text()).toContain('typescript/model.ts');
    expect(readFileSync(join(cwd, 'out/typescript/model.ts'), 'utf8')).toContain('export async function loadModel');
    expect(existsSync(join(cwd, 'out/typescript/group1-shard1of1.bin'))).toBe(true);
    expect(existsSync(join(cwd, 'out/tfjs'))).toBe(false);
    const bad = io(cwd);
    expect(await main(['export', 'ffffffff', '--format', 'tfjs', '--out', 'out', '--data-dir', dataDir], bad.io)).toBe(2);
    expect(bad.errText()).toMatch(/No run with id ffffffff/);
    const usage = io(cwd);
    expect(await main(['export', runId, '--format', 'onnx', '--out', 'out', '--data-dir', dataDir], usage.io)).toBe(2);
    expect(usage.errText()).toMatch(/--format must be one of/);
  });

  it('round-trips a project file and refuses a future version', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'layerloom-export-proj-'));
    const e = io(cwd);
    expect(await main(['project', 'export', projectId, '--out', 'tiny.loom.json', '--data-dir', dataDir], e.io)).toBe(0);
    const text = readFileSync(join(cwd, 'tiny.loom.json'), 'utf8');
    expect(JSON.parse(text).name).toBe('Tiny');
    const i = io(cwd);
    expect(await main(['project', 'import', 'tiny.loom.json', '--name', 'Tiny copy', '--data-dir', dataDir], i.io)).toBe(0);
    expect(i.text()).toMatch(/Imported project "Tiny copy"/);
    writeFileSync(join(cwd, 'future.loom.json'), text.replace('"version": 1', '"version": 7'));
    const f = io(cwd);
    expect(await main(['project', 'import', 'future.loom.json', '--data-dir', dataDir], f.io)).toBe(2);
    expect(f.errText()).toMatch(/version 7, newer than this Layerloom understands/);
  });

  it('project import applies the name rule to --name, and prints what it refuses terminal-safe (issue 12)', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'layerloom-export-names-'));
    expect(await main(['project', 'export', projectId, '--out', 'tiny.loom.json', '--data-dir', dataDir], io(cwd).io)).toBe(0);
    const text = readFileSync(join(cwd, 'tiny.loom.json'), 'utf8');
    const count = () => {
      const store = openStore(dbFileIn(dataDir));
      try {
        return store.db.prepare('SELECT count(*) FROM projects').pluck().get() as number;
      } finally {
        store.close();
      }
    };
    const before = count();
    for (const name of ['\u001b[2J\u0007', 'n'.repeat(5000)]) {
      const c = io(cwd);
      expect(await main(['project', 'import', 'tiny.loom.json', '--name', name, '--data-dir', dataDir], c.io)).toBe(2);
      expect(c.errText()).toMatch(/"name" must (not contain control characters|be at most 200 characters)/);
    }
    // a hostile name inside the file: refused, and the message printed has no raw control characters
    writeFileSync(join(cwd, 'evil\u001b[2J.loom.json'), text.replace('"name": "Tiny"', '"name": "\\u001b[2J\\u0007"'));
    const c = io(cwd);
    expect(await main(['project', 'import', 'evil\u001b[2J.loom.json', '--data-dir', dataDir], c.io)).toBe(2);
    expect(c.errText()).toMatch(/name: must not contain control characters/);
    const missing = io(cwd);
    expect(await main(['project', 'import', 'gone\u001b[2J\u0007.loom.json', '--data-dir', dataDir], missing.io)).toBe(2);
    expect(missing.errText()).toContain('gone\\u001b[2J\\u0007.loom.json');
    // eslint-disable-next-line no-control-regex
    for (const t of [c.errText(), missing.errText()]) expect(t).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(count()).toBe(before);
  });
});
