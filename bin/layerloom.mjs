#!/usr/bin/env node
// Entry of the `layerloom` command. The CLI is bundled by `npm run build` into out/cli/index.mjs.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'out', 'cli', 'index.mjs');
if (!existsSync(entry)) {
  process.stderr.write('layerloom: the CLI is not built yet. Run `npm run build` in ' + root + ' first.\n');
  process.exit(2);
}
process.env.LAYERLOOM_VERSION ??= JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
const { main } = await import(pathToFileURL(entry).href);
const code = await main(process.argv.slice(2), {
  out: (t) => process.stdout.write(t + '\n'),
  err: (t) => process.stderr.write(t + '\n'),
  cwd: process.cwd(),
});
process.exitCode = code;
