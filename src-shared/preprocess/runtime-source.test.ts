import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RUNTIME_SOURCE, VALUES_SOURCE } from './runtime-source.generated';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('the runtime source the TypeScript export embeds', () => {
  it('is up to date with src-shared/data/values.ts and src-shared/preprocess/runtime.ts (else run node scripts/gen-runtime-source.mjs)', () => {
    let out = '';
    try {
      execFileSync(process.execPath, ['scripts/gen-runtime-source.mjs', '--check'], { cwd: ROOT, stdio: 'pipe' });
    } catch (e) {
      out = String((e as { stderr?: Buffer }).stderr ?? e);
    }
    expect(out).toBe('');
    expect(VALUES_SOURCE).toBe(readFileSync(`${ROOT}src-shared/data/values.ts`, 'utf8'));
    expect(readFileSync(`${ROOT}src-shared/preprocess/runtime.ts`, 'utf8').endsWith(RUNTIME_SOURCE)).toBe(true);
  });

  it('the runtime imports nothing but the value parsers, so its text runs on its own', () => {
    const src = readFileSync(`${ROOT}src-shared/preprocess/runtime.ts`, 'utf8');
    const imports = [...src.matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1]);
    expect(imports).toEqual(['../data/values']);
    expect(VALUES_SOURCE).not.toMatch(/^\s*import\s/m);
    expect(RUNTIME_SOURCE).not.toMatch(/^\s*import\s/m);
  });
});
