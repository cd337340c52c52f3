/**
 * A source rule of the renderer, checked here (with Node's fs; the renderer's own tests have no Node types).
 * Components reach the API client through Svelte context (lib/context.ts getApi(), provided by App), as the
 * state classes receive it, never through lib/api's module-level client — so tests and other hosts can
 * hand them another client. Only App.svelte (which creates the state) imports that client.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src-renderer', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : /\.(svelte|ts)$/.test(e.name) && !e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
  );
}

/** Names imported from lib/api in a source file. */
function fromLibApi(text: string): string[] {
  return [...text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'[./]*lib\/api'/g)].flatMap((m) => m[1]!.split(',').map((n) => n.trim().split(/\s+as\s+/)[0]!));
}

describe('the API client in components', () => {
  it('comes from context (getApi), not from the lib/api module', () => {
    const offenders = files(join(SRC, 'components'))
      .filter((f) => fromLibApi(readFileSync(f, 'utf8')).includes('api'))
      .map((f) => relative(SRC, f));
    expect(offenders).toEqual([]);
  });

  it('sees an import of the module client (the check can fail)', () => {
    expect(fromLibApi("  import { api, errorMessage } from '../../lib/api';")).toContain('api');
    expect(fromLibApi("  import { errorMessage } from '../../lib/api';")).not.toContain('api');
  });
});
