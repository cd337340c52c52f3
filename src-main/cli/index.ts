/** `layerloom` — the command-line entry. Dispatches to the command whose path matches argv. */
import { commands } from './commands/index';
import { UsageError, type CliCommand, type CliIO } from './command';
import { printable, printableIO } from './printable';

function help(io: CliIO): void {
  io.out('Usage: layerloom <command> [options]\n');
  io.out('Commands:');
  const width = Math.max(...commands.map((c) => c.path.join(' ').length), 10);
  for (const c of commands) io.out(`  ${c.path.join(' ').padEnd(width)}  ${c.summary}`);
  io.out('\nRun `layerloom <command> --help` for its options.');
}

export function findCommand(argv: string[]): { cmd: CliCommand; rest: string[] } | undefined {
  let best: { cmd: CliCommand; rest: string[] } | undefined;
  for (const cmd of commands) {
    const n = cmd.path.length;
    if (argv.length >= n && cmd.path.every((w, i) => argv[i] === w)) {
      if (!best || n > best.cmd.path.length) best = { cmd, rest: argv.slice(n) };
    }
  }
  return best;
}

export async function main(argv: string[], rawIO: CliIO): Promise<number> {
  // every line printed, whatever command prints it, is made terminal-safe here
  const io = printableIO(rawIO);
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    help(io);
    return argv.length === 0 ? 2 : 0;
  }
  if (argv[0] === '--version') {
    io.out(process.env.LAYERLOOM_VERSION ?? '0.0.0');
    return 0;
  }
  const found = findCommand(argv);
  if (!found) {
    io.err(`layerloom: unknown command "${argv.join(' ')}". Run \`layerloom --help\` for the list.`);
    return 2;
  }
  if (found.rest.includes('--help') || found.rest.includes('-h')) {
    io.out(`Usage: ${found.cmd.usage}\n\n${found.cmd.summary}`);
    return 0;
  }
  try {
    return await found.cmd.run(found.rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`layerloom ${found.cmd.path.join(' ')}: ${err.message}\nUsage: ${found.cmd.usage}`);
      return 2;
    }
    io.err(`layerloom ${found.cmd.path.join(' ')}: ${err instanceof Error ? err.message : String(err)}`);
    return 2;
  }
}

const isEntry = typeof process !== 'undefined' && process.argv[1] !== undefined && /cli[\\/]index\.(c|m)?js$/.test(process.argv[1]);
if (isEntry) {
  const io: CliIO = {
    out: (t) => process.stdout.write(t + '\n'),
    err: (t) => process.stderr.write(t + '\n'),
    cwd: process.cwd(),
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`layerloom: ${printable(err instanceof Error ? err.message : String(err))}\n`);
      process.exitCode = 2;
    },
  );
}
