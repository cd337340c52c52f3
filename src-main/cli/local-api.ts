/**
 * The API contract in-process, for CLI commands that write: the services' handlers over the CLI's own
 * store, called through `dispatch` (argument validation, error envelopes) exactly as the app's IPC and
 * HTTP transports call them, never the repositories directly.
 */
import { dispatch, type HandlerContext } from '../../src-shared/api/dispatch';
import { ApiError } from '../../src-shared/api/errors';
import type { ApiClient, Args, MethodName, Result } from '../../src-shared/api/contract';
import type { Store } from '../store/store';
import { createHandlers } from '../services/index';

declare const __LAYERLOOM_VERSION__: string;

export function localApi(store: Store, dataDir: string): Pick<ApiClient, 'call'> {
  // The CLI writes into the desktop app's database; no sample or resource method is called from here.
  const handlers = createHandlers({ store, host: 'desktop', version: typeof __LAYERLOOM_VERSION__ === 'string' ? __LAYERLOOM_VERSION__ : (process.env.LAYERLOOM_VERSION ?? '0.0.0'), dataDir, resourcesDir: dataDir });
  const ctx: HandlerContext = { emit: () => {} };
  return {
    async call<M extends MethodName>(method: M, args: Args<M>): Promise<Result<M>> {
      const r = await dispatch(handlers, method, args, ctx);
      if (!r.ok) throw ApiError.from(r.error);
      return r.value as Result<M>;
    },
  };
}
