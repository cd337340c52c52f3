/** Test-only helpers for src-shared (Node allowed here: excluded from the src-shared build). The Python with numpy used by parity tests: $LAYERLOOM_NUMPY_PYTHON, else Debian's /usr/bin/python3. */
import { execFileSync } from 'node:child_process';

export const numpyPython = ((): { ok: boolean; path: string; why: string } => {
  const path = process.env.LAYERLOOM_NUMPY_PYTHON ?? '/usr/bin/python3';
  try {
    execFileSync(path, ['-c', 'import numpy'], { stdio: 'ignore' });
    return { ok: true, path, why: '' };
  } catch {
    return { ok: false, path, why: `skipped: ${path} cannot import numpy (apt-get install python3-numpy, or set LAYERLOOM_NUMPY_PYTHON)` };
  }
})();
