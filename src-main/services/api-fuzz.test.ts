/**
 * Fuzzing the API boundary: every contract method, called with arbitrary arguments, answers with the
 * wire envelope (never throws, never crashes the host), and a call that fails leaves the database
 * byte-for-byte as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../store/store';
import { createHandlers } from './index';
import { dispatch, type HandlerContext, type Handlers } from '../../src-shared/api/dispatch';
import { API_ERROR_CODES } from '../../src-shared/api/errors';
import { METHOD_NAMES } from '../../src-shared/api/contract';
import { parseProject, parseProjectText, ProjectFileError } from '../../src-shared/project/file';

let dir: string;
let store: Store;
let handlers: Handlers;
const ctx: HandlerContext = { emit: () => {} };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'll-fuzz-'));
  store = openStore(join(dir, 'layerloom.db'));
  handlers = createHandlers({ store, host: 'web', version: 'fuzz', dataDir: dir, resourcesDir: join(process.cwd(), 'resources') } as Parameters<typeof createHandlers>[0]);
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Every user table's full content, to compare before and after a failed call. */
function snapshot(): string {
  const tables = store.db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all()
    .map((t) => t.name);
  return JSON.stringify(tables.map((t) => [t, store.db.prepare(`SELECT * FROM "${t}"`).all()]), (_k, v: unknown) =>
    v instanceof Uint8Array ? Array.from(v) : v,
  );
}

const hostile = fc.oneof(
  fc.constantFrom('', ' ', '../../etc/passwd', '/etc/passwd', "'; DROP TABLE projects; --", '\u0000', '${process.exit()}', '*/', 'x'.repeat(10_000), '00000000-0000-0000-0000-000000000000', '__proto__'),
  fc.string({ maxLength: 40 }),
);
const anyArgs = fc.oneof(
  fc.anything({ maxDepth: 3 }),
  fc.dictionary(fc.constantFrom('id', 'name', 'document', 'view', 'projectId', 'file', 'text', 'runId', 'ids', 'format', 'column', 'type', '__proto__'), fc.oneof(hostile, fc.anything({ maxDepth: 2 })), { maxKeys: 4 }),
);

describe('API fuzz', () => {
  it('any method with any arguments gets an envelope; failures write nothing', async () => {
    // Seed some data so updates and deletes have something to hit.
    await dispatch(handlers, 'projects.create', { name: 'Seed' }, ctx);
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constantFrom(...METHOD_NAMES), hostile), anyArgs, async (method, args) => {
        // Methods that legitimately write on success are fine; we only require failures to write nothing.
        const before = snapshot();
        const res = await dispatch(handlers, method, args, ctx);
        expect(typeof res.ok).toBe('boolean');
        if (!res.ok) {
          expect(API_ERROR_CODES).toContain(res.error.code);
          expect(res.error.message.length).toBeGreaterThan(0);
          expect(snapshot()).toBe(before);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('the project-file importer throws only ProjectFileError, with a message', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.json({ maxDepth: 4 })), (text) => {
        try {
          parseProjectText(text, 'fuzz.loom.json');
        } catch (err) {
          expect(err).toBeInstanceOf(ProjectFileError);
          expect((err as Error).message).toMatch(/fuzz\.loom\.json/);
        }
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(
        fc.record({ format: fc.constantFrom('layerloom-project', 'other'), version: fc.oneof(fc.integer(), fc.double()), name: hostile, graph: fc.anything({ maxDepth: 3 }), training: fc.anything({ maxDepth: 2 }) }, { requiredKeys: [] }),
        (json) => {
          try {
            parseProject(json, 'f');
          } catch (err) {
            expect(err).toBeInstanceOf(ProjectFileError);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('refuses absurd nesting and never echoes a huge value back (issue 12)', async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 5000; i++) deep = i % 2 ? [deep] : { a: deep };
    for (const [method, args] of [
      ['projects.create', { name: 'Deep', document: deep }],
      ['projects.save', { id: '00000000-0000-0000-0000-000000000000', view: deep }],
      ['runs.saveEvaluation', { id: '00000000-0000-0000-0000-000000000000', evaluation: deep }],
    ] as const) {
      const r = await dispatch(handlers, method, args, ctx);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toEqual({ code: 'bad_request', message: `${method}: the arguments are nested more than 64 levels deep` });
    }
    const big = 'v'.repeat(1_000_000);
    const calls: [unknown, unknown][] = [
      [big, {}],
      ['exports.run', { runId: '00000000-0000-0000-0000-000000000000', format: big }],
      ['projects.importFile', { text: JSON.stringify({ format: big }) }],
      ['projects.importFile', { text: JSON.stringify({ format: 'layerloom-project', version: 1, name: 'n', graph: { version: 2, nodes: [], edges: [] }, training: { [big]: 1 } }) }],
      ['runs.appendMetrics', { runId: '00000000-0000-0000-0000-000000000000', rows: [{ epoch: 1, batch: null, name: big, value: 1, tMs: 0 }] }],
      ['projects.create', { name: 'x', [big]: 1 }],
      ['runs.finish', { runId: '00000000-0000-0000-0000-000000000000', status: 'completed', result: { epochsRun: 1, epochs: 1, monitor: 'loss', bestEpoch: null, evaluation: null, finalLogs: { [big]: 'x' } } }],
    ];
    for (const [method, args] of calls) {
      const r = await dispatch(handlers, method, args, ctx);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.message.length).toBeLessThan(700);
        expect((r.error.path ?? '').length).toBeLessThanOrEqual(200);
      }
    }
  });
});
