/**
 * The contract client. Chosen once at start: Electron's preload bridge when present, otherwise HTTP +
 * WebSocket to the loopback web host. The rest of the UI only sees `ApiClient`. An error answer from the
 * web host (401, 403, 413, …) carries a JSON body whose message is shown as is.
 */
import type { ApiClient, Args, MethodName, Result } from '@shared/api/contract';
import { ApiError, type ApiResponse } from '@shared/api/errors';
import type { ApiEvents, EventName } from '@shared/api/events';
import type { AppAction } from '@shared/app/actions';
import { decodeWire, encodeWire } from '@shared/api/wire';

interface Bridge {
  methods: Record<string, (args: unknown) => Promise<ApiResponse<unknown>>>;
  on(event: string, handler: (payload: unknown) => void): () => void;
  onMenuAction(handler: (action: AppAction) => void): () => void;
}

declare global {
  interface Window {
    layerloom?: Bridge;
  }
}

function unwrap<T>(res: ApiResponse<unknown>): T {
  if (res.ok) return res.value as T;
  throw ApiError.from(res.error);
}

function ipcClient(bridge: Bridge): ApiClient {
  return {
    async call<M extends MethodName>(method: M, args: Args<M>): Promise<Result<M>> {
      const fn = bridge.methods[method];
      if (!fn) throw new ApiError('unknown_method', `Unknown API method "${method}"`);
      return unwrap<Result<M>>(await fn(args));
    },
    on: (event, handler) => bridge.on(event, handler as (p: unknown) => void),
  };
}

/**
 * The web host's client. The browser is signed in by an HttpOnly session cookie (set when the printed
 * one-time link was opened), which the same-origin fetches and the event socket carry; the page itself
 * never sees a secret.
 */
function httpClient(): ApiClient {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  let socket: WebSocket | null = null;
  let retry = 500;
  const connect = (): void => {
    const proto = location.protocol === 'https:' ? 'wss' : 'ws';
    socket = new WebSocket(`${proto}://${location.host}/api/events`);
    socket.onopen = () => (retry = 500);
    socket.onmessage = (m) => {
      const msg = decodeWire(String(m.data)) as { event: string; payload: unknown };
      for (const h of listeners.get(msg.event) ?? []) h(msg.payload);
    };
    socket.onclose = () => {
      socket = null;
      if (listeners.size > 0) setTimeout(connect, (retry = Math.min(retry * 2, 10_000)));
    };
  };
  return {
    async call<M extends MethodName>(method: M, args: Args<M>): Promise<Result<M>> {
      let res: Response;
      try {
        res = await fetch(`/api/${encodeURIComponent(method)}`, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/json' },
          body: encodeWire(args ?? {}),
        });
      } catch {
        throw new ApiError('internal', 'Layerloom’s web host is not reachable. Is `npm run web` still running?');
      }
      const text = await res.text();
      let body: ApiResponse<unknown>;
      try {
        body = decodeWire(text) as ApiResponse<unknown>;
      } catch {
        throw new ApiError('internal', `Unexpected answer from the web host (HTTP ${res.status})`);
      }
      return unwrap<Result<M>>(body);
    },
    on<E extends EventName>(event: E, handler: (payload: ApiEvents[E]) => void): () => void {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(handler as (p: unknown) => void);
      if (!socket) connect();
      return () => set.delete(handler as (p: unknown) => void);
    },
  };
}

export const isDesktop = typeof window !== 'undefined' && window.layerloom !== undefined;
export const api: ApiClient = isDesktop ? ipcClient(window.layerloom!) : httpClient();

/** Native menu actions (desktop only; the web UI has its own toolbar). */
export function onMenuAction(handler: (a: AppAction) => void): () => void {
  return window.layerloom?.onMenuAction(handler) ?? (() => {});
}

/** A message for the user from any error thrown by a call. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return err instanceof Error ? err.message : String(err);
}
