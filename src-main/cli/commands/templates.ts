/** `layerloom templates [--json]` — the model templates, with one-line descriptions. */
import { TEMPLATES } from '../../../src-shared/templates/index';
import { UsageError, type CliCommand } from '../command';
import { parseArgs } from './args';

export const templatesCommand: CliCommand = {
  path: ['templates'],
  summary: 'List the model templates',
  usage: 'layerloom templates [--json]',
  async run(argv, io) {
    const { flags, positionals } = parseArgs(argv, { flags: ['json'] });
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    if (flags.has('json')) {
      io.out(JSON.stringify(TEMPLATES.map((t) => ({ id: t.id, name: t.name, description: t.description, data: t.data })), null, 2));
      return 0;
    }
    const w = Math.max(...TEMPLATES.map((t) => t.id.length));
    for (const t of TEMPLATES) io.out(`${t.id.padEnd(w)}  ${t.description}`);
    return 0;
  },
};
