/**
 * Test helper: the app's services over a fresh store in a temporary folder for each test, called the way
 * every client calls them (through `dispatch`, so arguments are validated). Registers its own
 * beforeEach/afterEach; read `services.call` inside tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { dispatch, type HandlerContext } from '../../src-shared/api/dispatch';
import { openStore, type Store } from '../store/store';
import { createHandlers } from './index';

export interface TestServices {
  dir: string;
  store: Store;
  call(method: unknown, args: unknown): ReturnType<typeof dispatch>;
}

/** The value of a successful call; a failed one throws its message. */
export function value<T>(r: Awaited<ReturnType<typeof dispatch>>): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.value as T;
}

export function useServices(prefix: string): TestServices {
  const services = {} as TestServices;
  beforeEach(() => {
    services.dir = mkdtempSync(join(tmpdir(), prefix));
    services.store = openStore(join(services.dir, 'layerloom.db'));
    const ctx: HandlerContext = { emit: () => {} };
    const handlers = createHandlers({ store: services.store, host: 'web', version: '0.0.0-test', dataDir: services.dir, resourcesDir: join(services.dir, 'resources') });
    services.call = (m, a) => dispatch(handlers, m, a, ctx);
  });
  afterEach(() => {
    services.store.close();
    rmSync(services.dir, { recursive: true, force: true });
  });
  return services;
}
