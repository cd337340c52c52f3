import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { openStore } from '../../store/store';
import { artifactsRepo } from '../../store/artifacts-repo';

const root = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const cli = join(root, 'out/test-train-text/cli/index.mjs');
const spam = join(root, 'resources/samples/spam.csv');
let dir: string;

/** Bundles the CLI like scripts/build-node.mjs (dependencies stay external) so the test needs no full build. */
beforeAll(async () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; version: string };
  await build({
    absWorkingDir: root,
    entryPoints: ['src-main/cli/index.ts'],
    outfile: cli,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: [...Object.keys(pkg.dependencies ?? {}), 'electron'],
    tsconfig: 'tsconfig.node.json',
    logLevel: 'warning',
    banner: { js: "import { createRequire as __llCreateRequire } from 'node:module'; const require = __llCreateRequire(import.meta.url);" },
    define: { __LAYERLOOM_VERSION__: JSON.stringify(pkg.version) },
  });
  dir = mkdtempSync(join(tmpdir(), 'll-train-text-'));
  const r = spawnSync(process.execPath, [cli, 'new', '--template', 'text-classifier', '--out', join(dir, 'text.loom.json')], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('layerloom train with a text input', () => {
  it('trains the text classifier on the spam sample and beats the majority class on the test split', () => {
    const dataDir = join(dir, 'db');
    const args = [cli, 'train', join(dir, 'text.loom.json'), '--data', spam, '--target', 'label', '--text-column', 'text', '--min-count', '2', '--sequence-length', '48', '--padding', 'pre', '--truncating', 'post'];
    const r = spawnSync(process.execPath, [...args, '--epochs', '3', '--seed', '1', '--data-dir', dataDir, '--json'], { encoding: 'utf8', timeout: 170_000 });
    expect(r.status, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as { runId: string; status: string; test: { accuracy: number; samples: number }; baseline: { name: string; accuracy: number } };
    expect(s.status).toBe('completed');
    expect(s.test.samples).toBeGreaterThan(400);
    expect(s.baseline.name).toMatch(/majority/i);
    expect(s.test.accuracy).toBeGreaterThan(s.baseline.accuracy);
    // the run stores the text options and the vocabulary with its preprocessing
    const store = openStore(join(dataDir, 'layerloom.db'));
    try {
      const pre = artifactsRepo(store.db).preprocessing(s.runId)!;
      expect(pre.inputShape).toEqual([48]);
      expect(pre.text!.options).toMatchObject({ column: 'text', tokenizer: 'words', minCount: 2, sequenceLength: 48, padding: 'pre' });
      expect(pre.text!.vocabulary.slice(0, 2)).toEqual(['<pad>', '<oov>']);
    } finally {
      store.close();
    }
  }, 180_000);

  it('refuses a text option without --text-column, and a missing text column, naming the flag', () => {
    const base = [cli, 'train', join(dir, 'text.loom.json'), '--data', spam, '--target', 'label', '--data-dir', join(dir, 'db2')];
    const a = spawnSync(process.execPath, [...base, '--max-vocab', '500'], { encoding: 'utf8' });
    expect(a.status).toBe(2);
    expect(a.stderr).toContain('--max-vocab is a text option: give the text column with --text-column COL');
    const b = spawnSync(process.execPath, [...base, '--text-column', 'body'], { encoding: 'utf8' });
    expect(b.status).toBe(2);
    expect(b.stderr).toContain('--text-column: no column "body" in the CSV');
    const h = spawnSync(process.execPath, [cli, 'train', '--help'], { encoding: 'utf8' });
    expect(h.stdout + h.stderr).toContain('--sequence-length N');
  });
});
