/** The shape of one `layerloom` sub-command. Each lives in its own file under commands/. */
export interface CliIO {
  out: (text: string) => void; // stdout, a line at a time (newline added)
  err: (text: string) => void; // stderr
  /** Where `--data-dir` points, or the default data folder. */
  cwd: string;
}

export interface CliCommand {
  /** Words that select it, e.g. ['data', 'profile'] for `layerloom data profile`. */
  path: string[];
  summary: string;
  usage: string;
  /** Returns the exit status: 0 ok, 1 the thing inspected has errors, 2 unusable input/arguments. */
  run(argv: string[], io: CliIO): Promise<number>;
}

/** Thrown for bad command-line usage; printed with the usage line, exit status 2. */
export class UsageError extends Error {}
