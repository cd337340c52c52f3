/** Minimal option parsing for the model commands: `--flag`, `--key value`, `--key=value`, positionals. */
import { UsageError } from '../command';

export interface ParsedArgs {
  flags: Set<string>;
  options: Map<string, string>;
  positionals: string[];
}

export function parseArgs(argv: string[], spec: { flags?: string[]; options?: string[] }): ParsedArgs {
  const flags = new Set<string>();
  const options = new Map<string, string>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) {
      positionals.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const key = a.slice(2, eq < 0 ? undefined : eq);
    if (spec.flags?.includes(key)) {
      if (eq >= 0) throw new UsageError(`--${key} takes no value`);
      flags.add(key);
    } else if (spec.options?.includes(key)) {
      const v = eq >= 0 ? a.slice(eq + 1) : argv[++i];
      if (v === undefined || v === '') throw new UsageError(`--${key} needs a value`);
      options.set(key, v);
    } else throw new UsageError(`unknown option ${a}`);
  }
  return { flags, options, positionals };
}
