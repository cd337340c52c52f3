/**
 * `layerloom export <runId> --format tfjs|ts|keras|all --out DIR [--weights final|best] [--data-dir DIR]`
 * `layerloom project export <projectId> --out FILE [--with-data] [--data-dir DIR]`
 * `layerloom project import <file.loom.json> [--name NAME] [--data-dir DIR]`
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { dispatch } from '../../../src-shared/api/dispatch';
import { ApiError } from '../../../src-shared/api/errors';
import { EXPORT_FORMAT_CHOICES, type ExportFormatChoice } from '../../../src-shared/api/exports';
import { isSafeEntryPath } from '../../../src-shared/export/zip';
import { exportStoredRun } from '../../services/exports';
import { createHandlers } from '../../services/index';
import { dbFileIn, defaultDataDir } from '../../store/data-dir';
import { openStore, type Store } from '../../store/store';
import { UsageError, type CliCommand, type CliIO } from '../command';
import { parseArgs } from './args';

function withStore<T>(io: CliIO, dataDir: string | undefined, fn: (store: Store, dir: string) => Promise<T>): Promise<T> | null {
  const dir = resolve(io.cwd, dataDir ?? defaultDataDir());
  const file = dbFileIn(dir);
  if (!existsSync(file)) {
    io.err(`layerloom: no database at ${file} (use --data-dir to point at the app's data folder).`);
    return null;
  }
  const store = openStore(file);
  return fn(store, dir).finally(() => store.close());
}

/** A full id, or a unique prefix of one (runs list shows 8 characters). */
function resolveId(store: Store, table: 'runs' | 'projects', given: string): string {
  const like = given.replace(/[%_\\]/g, '\\$&') + '%';
  const ids = store.db.prepare(`SELECT id FROM ${table} WHERE id LIKE ? ESCAPE '\\' LIMIT 3`).pluck().all(like) as string[];
  const what = table === 'runs' ? 'run' : 'project';
  if (ids.length === 0) throw new ApiError('not_found', `No ${what} with id ${given}.`);
  if (ids.length > 1) throw new ApiError('bad_request', `The id prefix ${given} matches several ${what}s; give more characters.`);
  return ids[0]!;
}

/**
 * Calls a service method the way the app does: through dispatch, so the CLI's arguments pass the same
 * contract checks (name rules, sizes) as the UI's. Failures come back as ApiError.
 */
async function callService(store: Store, dir: string, method: string, args: unknown): Promise<unknown> {
  const handlers = createHandlers({ store, host: 'web', version: '', dataDir: dir, resourcesDir: '' });
  const r = await dispatch(handlers, method, args, { emit: () => {} });
  if (!r.ok) throw ApiError.from(r.error);
  return r.value;
}

function report(io: CliIO, e: unknown): number {
  if (e instanceof ApiError) {
    io.err(`layerloom: ${e.message}`);
    return 2;
  }
  throw e;
}

export const exportCommand: CliCommand = {
  path: ['export'],
  summary: 'Export a trained run as a tfjs model, a TypeScript module or a Keras script',
  usage: 'layerloom export <runId> --format tfjs|ts|keras|all --out DIR [--weights final|best] [--data-dir DIR]',
  async run(argv, io) {
    const { options, positionals } = parseArgs(argv, { options: ['format', 'out', 'weights', 'data-dir'] });
    if (positionals.length !== 1) throw new UsageError('expected one run id (see `layerloom runs list`)');
    const format = options.get('format') ?? 'all';
    if (!(EXPORT_FORMAT_CHOICES as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${EXPORT_FORMAT_CHOICES.join(', ')}`);
    const which = options.get('weights') ?? 'final';
    if (which !== 'final' && which !== 'best') throw new UsageError('--weights must be final or best');
    const outOpt = options.get('out');
    if (!outOpt) throw new UsageError('--out DIR is required');
    const out = resolve(io.cwd, outOpt);
    const job = withStore(io, options.get('data-dir'), async (store) => {
      try {
        const runId = resolveId(store, 'runs', positionals[0]!);
        const result = await exportStoredRun(store.db, runId, format as ExportFormatChoice, which);
        for (const f of result.files) {
          const target = resolve(out, f.path);
          if (!isSafeEntryPath(f.path) || relative(out, target).startsWith('..') || !target.startsWith(out + sep))
            throw new ApiError('bad_request', `Refusing to write outside ${out}: ${f.path}`);
          mkdirSync(dirname(target), { recursive: true });
          writeFileSync(target, f.bytes);
        }
        io.out(`Exported run ${runId.slice(0, 8)} (${format}) to ${out}:`);
        for (const f of result.files) io.out(`  ${f.path}  (${f.bytes.length.toLocaleString('en-US')} bytes)`);
        return 0;
      } catch (e) {
        return report(io, e);
      }
    });
    return job ? await job : 2;
  },
};

export const projectExportCommand: CliCommand = {
  path: ['project', 'export'],
  summary: 'Write a project (graph, data preparation, training settings) to a .loom.json file',
  usage: 'layerloom project export <projectId> --out FILE [--with-data] [--force] [--data-dir DIR]',
  async run(argv, io) {
    const { flags, options, positionals } = parseArgs(argv, { flags: ['force', 'with-data'], options: ['out', 'data-dir'] });
    if (positionals.length !== 1) throw new UsageError('expected one project id');
    const outOpt = options.get('out');
    if (!outOpt) throw new UsageError('--out FILE is required');
    const out = resolve(io.cwd, outOpt);
    if (existsSync(out) && !flags.has('force')) {
      io.err(`layerloom: ${out} already exists; use --force to overwrite it.`);
      return 2;
    }
    const job = withStore(io, options.get('data-dir'), async (store, dir) => {
      try {
        const file = (await callService(store, dir, 'projects.exportFile', { id: resolveId(store, 'projects', positionals[0]!), includeData: flags.has('with-data') })) as {
          text: string;
        };
        writeFileSync(out, file.text);
        io.out(`Wrote ${out}`);
        return 0;
      } catch (e) {
        return report(io, e);
      }
    });
    return job ? await job : 2;
  },
};

export const projectImportCommand: CliCommand = {
  path: ['project', 'import'],
  summary: 'Create a project from a .loom.json file (validated; nothing is created when it is invalid)',
  usage: 'layerloom project import <file.loom.json> [--name NAME] [--data-dir DIR]',
  async run(argv, io) {
    const { options, positionals } = parseArgs(argv, { options: ['name', 'data-dir'] });
    if (positionals.length !== 1) throw new UsageError('expected one project file');
    let text: string;
    try {
      text = readFileSync(resolve(io.cwd, positionals[0]!), 'utf8');
    } catch (e) {
      io.err(`layerloom: cannot read ${positionals[0]}: ${(e as Error).message}`);
      return 2;
    }
    const dir = resolve(io.cwd, options.get('data-dir') ?? defaultDataDir());
    mkdirSync(dir, { recursive: true });
    const store = openStore(join(dir, 'layerloom.db'));
    try {
      const name = options.get('name');
      const p = (await callService(store, dir, 'projects.importFile', { text, ...(name !== undefined ? { name } : {}) })) as { id: string; name: string };
      io.out(`Imported project "${p.name}" (${p.id})`);
      return 0;
    } catch (e) {
      return report(io, e);
    } finally {
      store.close();
    }
  },
};
