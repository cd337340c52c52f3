// `npm run web -- [--port N] [--data-dir DIR] [--open]`: builds if needed, then starts the loopback web host.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { buildIfNeeded, root } from './lib.mjs';

buildIfNeeded();
const child = spawn(process.execPath, [join(root, 'out', 'web', 'index.mjs'), ...process.argv.slice(2)], { stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
