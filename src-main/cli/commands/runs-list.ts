/** `layerloom runs list [--data-dir DIR] [--json]` — the runs recorded in the database, newest first. */
import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { UsageError, type CliCommand } from '../command';
import { parseArgs } from './args';
import { openStore } from '../../store/store';
import { dbFileIn, defaultDataDir } from '../../store/data-dir';
import { runsRepo } from '../../store/runs-repo';
import { printable } from '../printable';

const fmt = (v: number | undefined): string => (v === undefined || !Number.isFinite(v) ? '' : v.toPrecision(4));

function duration(a: string, b: string | null): string {
  if (!b) return '';
  const s = (Date.parse(b) - Date.parse(a)) / 1000;
  return s < 60 ? `${s.toFixed(1)} s` : s < 3600 ? `${(s / 60).toFixed(1)} min` : `${(s / 3600).toFixed(1)} h`;
}

export const runsListCommand: CliCommand = {
  path: ['runs', 'list'],
  summary: 'List training runs recorded in the database (app and CLI), newest first',
  usage: 'layerloom runs list [--data-dir DIR] [--json]',
  async run(argv, io) {
    const { flags, options, positionals } = parseArgs(argv, { flags: ['json'], options: ['data-dir'] });
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const file = dbFileIn(resolve(io.cwd, options.get('data-dir') ?? defaultDataDir()));
    if (!existsSync(file)) {
      if (flags.has('json')) io.out('[]');
      else io.out(`No runs yet (no database at ${file}).`);
      return 0;
    }
    const store = openStore(file);
    try {
      const runs = runsRepo(store.db).listAll();
      if (flags.has('json')) {
        io.out(JSON.stringify(runs, null, 2));
        return 0;
      }
      if (runs.length === 0) {
        io.out('No runs yet.');
        return 0;
      }
      const header = ['run', 'project', 'status', 'started', 'duration', 'backend', 'epochs', 'loss', 'val_loss', 'test', 'baseline'];
      const rows = runs.map((r) => {
        const ev = r.result?.evaluation;
        const key = ev ? (ev.metrics.mae !== undefined ? 'mae' : 'accuracy') : '';
        const logs = r.result?.finalLogs ?? {};
        return [
          r.id.slice(0, 8),
          printable(r.projectName ?? '', true),
          r.status,
          r.startedAt.slice(0, 19).replace('T', ' '),
          duration(r.startedAt, r.endedAt),
          r.backend ?? '',
          String(r.result?.epochsRun ?? r.epochsLogged),
          fmt(logs.loss),
          fmt(logs.val_loss),
          ev ? `${key} ${fmt(ev.metrics[key])}` : '',
          ev?.baseline ? `${key} ${fmt(ev.baseline.metrics[key])}` : '',
        ];
      });
      const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
      const line = (r: string[]): string => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
      io.out(line(header));
      for (const r of rows) io.out(line(r));
      return 0;
    } finally {
      store.close();
    }
  },
};
