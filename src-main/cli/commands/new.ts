/** `layerloom new --template <id> --out <file.loom.json>` — writes a project file from a template. */
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { name as nameSchema } from '../../../src-shared/api/common';
import { projectFromTemplate, serializeProject } from '../../../src-shared/project/file';
import { getTemplate, TEMPLATES } from '../../../src-shared/templates/index';
import { UsageError, type CliCommand } from '../command';
import { parseArgs } from './args';

export const newCommand: CliCommand = {
  path: ['new'],
  summary: 'Create a project file from a template',
  usage: 'layerloom new --template <id> --out <file.loom.json> [--name <name>] [--force]',
  async run(argv, io) {
    const { flags, options, positionals } = parseArgs(argv, { flags: ['force'], options: ['template', 'out', 'name'] });
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const id = options.get('template');
    const out = options.get('out');
    if (!id) throw new UsageError('--template is required (see `layerloom templates`)');
    if (!out) throw new UsageError('--out is required');
    const t = getTemplate(id);
    if (!t) {
      io.err(`layerloom new: unknown template "${id}". Available: ${TEMPLATES.map((x) => x.id).join(', ')}`);
      return 2;
    }
    const nameOpt = options.get('name');
    let projectName = t.name;
    if (nameOpt !== undefined) {
      // the file must be one that project import and inspect accept: the same name rule
      const n = nameSchema.safeParse(nameOpt);
      if (!n.success) throw new UsageError(`--name ${n.error.issues[0]?.message ?? 'is not a valid name'}`);
      projectName = n.data;
    }
    const path = resolve(io.cwd, out);
    if (existsSync(path) && !flags.has('force')) {
      io.err(`layerloom new: ${out} already exists. Use --force to overwrite it.`);
      return 2;
    }
    writeFileSync(path, serializeProject(projectFromTemplate(t, projectName)), 'utf8');
    io.out(`Wrote ${out} (template ${t.id}). Inspect it with: layerloom inspect ${out}`);
    return 0;
  },
};
