/** `layerloom inspect <file.loom.json> [--json]` — Keras-style summary and diagnostics; exit 1 on errors. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { analyze } from '../../../src-shared/graph/analyze';
import { formatSummary, summarize } from '../../../src-shared/graph/summary';
import { parseProjectText, ProjectFileError } from '../../../src-shared/project/file';
import { UsageError, type CliCommand } from '../command';
import { parseArgs } from './args';

export const inspectCommand: CliCommand = {
  path: ['inspect'],
  summary: "Show a project's model summary (shapes, params) and diagnostics",
  usage: 'layerloom inspect <file.loom.json> [--json]',
  async run(argv, io) {
    const { flags, positionals } = parseArgs(argv, { flags: ['json'] });
    if (positionals.length !== 1) throw new UsageError('expected one project file');
    const file = positionals[0]!;
    let text: string;
    try {
      text = readFileSync(resolve(io.cwd, file), 'utf8');
    } catch (e) {
      io.err(`layerloom inspect: cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
      return 2;
    }
    let project;
    try {
      project = parseProjectText(text, file);
    } catch (e) {
      if (e instanceof ProjectFileError) {
        io.err(`layerloom inspect: ${e.message}`);
        return 2;
      }
      throw e;
    }
    const analysis = analyze(project.graph);
    const summary = summarize(project.graph, analysis);
    if (flags.has('json')) {
      io.out(
        JSON.stringify(
          {
            name: project.name,
            layers: summary.rows,
            totalParams: summary.total,
            trainableParams: summary.trainable,
            nonTrainableParams: summary.nonTrainable,
            inputs: analysis.inputs,
            outputs: analysis.outputs,
            diagnostics: analysis.diagnostics,
            errors: analysis.errorCount,
            warnings: analysis.warningCount,
            training: project.training,
          },
          null,
          2,
        ),
      );
    } else {
      io.out(formatSummary(summary, project.name));
      io.out('');
      if (analysis.diagnostics.length === 0) io.out('No problems found.');
      else {
        io.out(`${analysis.errorCount} error(s), ${analysis.warningCount} warning(s):`);
        for (const d of analysis.diagnostics) io.out(`  ${d.severity === 'error' ? 'error  ' : 'warning'}  ${d.message}`);
      }
    }
    return analysis.errorCount > 0 ? 1 : 0;
  },
};
