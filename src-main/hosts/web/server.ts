/**
 * The loopback web host: serves the built renderer and the API contract over HTTP (calls) and a
 * WebSocket (push events). Listens on 127.0.0.1 only. Every request needs a loopback Host header; every
 * API call and event socket needs a loopback (or no) Origin and either the per-launch API token in a
 * header (scripts, tests) or the session cookie a browser gets for a one-time sign-in code.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { dispatch, type HandlerContext, type Handlers } from '../../../src-shared/api/dispatch';
import type { ApiErrorCode, ApiResponse } from '../../../src-shared/api/errors';
import type { ApiEvents, EventName } from '../../../src-shared/api/events';
import { decodeWire, encodeWire } from '../../../src-shared/api/wire';
import { contentSecurityPolicy } from '../csp';
import { clip, cookieValues, hostAllowed, originAllowed, requestToken, secretDigest, tokenMatches } from './security';
import { resolveStatic, sendFile } from './static';

/** Largest request body accepted by default. Dataset columns travel in chunks far below it (src-shared/data/limits.ts; uploads.test.ts checks the relation). */
export const MAX_BODY_BYTES = 256 * 1024 * 1024;

/** The query parameter of the printed sign-in link. */
export const CODE_PARAM = 'code';

export interface WebHostOptions {
  root: string;
  /** The API token non-browser clients send in `x-layerloom-token` or `Authorization: Bearer`. */
  token: string;
  port?: number;
  handlers: Handlers;
  log?: (line: string) => void;
  /** Largest request body accepted, in bytes (default MAX_BODY_BYTES). */
  maxBodyBytes?: number;
  /** Called after a browser exchanged a one-time code for a session. */
  onSignIn?: () => void;
}

export interface WebHost {
  port: number;
  /** `http://127.0.0.1:PORT`: the API base for non-browser clients. */
  origin: string;
  /** The session cookie's name (it includes the port: cookies are shared by all ports of a host). */
  cookieName: string;
  /** A browser link with a fresh one-time sign-in code; every call mints a new code. */
  signInUrl(): string;
  emit: HandlerContext['emit'];
  close(): Promise<void>;
}

function json(res: ServerResponse, status: number, body: ApiResponse<unknown>): void {
  const text = encodeWire(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(text);
}

const fail = (res: ServerResponse, status: number, code: ApiErrorCode, message: string): void =>
  json(res, status, { ok: false, error: { code, message: clip(message, 300) } });

const formatLimit = (bytes: number): string =>
  bytes >= 1024 * 1024 ? `${Math.round((bytes / (1024 * 1024)) * 100) / 100} MB` : `${bytes} bytes`;

const TOO_LARGE = Symbol('too large');

/**
 * Reads the body up to `limit` bytes. Over the limit (declared or actual) it resolves TOO_LARGE at once
 * and keeps discarding the rest of the upload, so the client can read the 413 instead of a reset.
 */
function readBody(req: IncomingMessage, limit: number): Promise<string | typeof TOO_LARGE> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    let over = Number.isFinite(declared) && declared > limit;
    let chunks: Buffer[] = [];
    let size = 0;
    if (over) resolve(TOO_LARGE);
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (over) {
        // Discard. A client that keeps streaming far past the limit after its answer is cut off.
        if (size > 2 * limit + 16 * 1024 * 1024) req.destroy();
        return;
      }
      if (size > limit) {
        over = true;
        chunks = [];
        resolve(TOO_LARGE);
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(over ? TOO_LARGE : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const log = opts.log ?? (() => {});
  const maxBody = opts.maxBodyBytes ?? MAX_BODY_BYTES;
  const sockets = new Set<WebSocket>();
  const emit: HandlerContext['emit'] = <E extends EventName>(event: E, payload: ApiEvents[E]) => {
    const msg = encodeWire({ event, payload });
    for (const s of sockets) if (s.readyState === s.OPEN) s.send(msg);
  };
  const ctx: HandlerContext = { emit };
  const handlers = opts.handlers;
  let port = opts.port ?? 0;
  // Only digests of unused sign-in codes and of live session secrets are kept.
  const codes = new Set<string>();
  const sessions = new Set<string>();
  const cookieName = (): string => `layerloom_session_${port}`;

  const authenticated = (req: IncomingMessage): boolean =>
    tokenMatches(requestToken(req), opts.token) || cookieValues(req, cookieName()).some((v) => sessions.has(secretDigest(v)));

  /** `GET /?code=…`: a valid unused code becomes a session cookie; the redirect drops the code from history. */
  const redeem = (req: IncomingMessage, res: ServerResponse, code: string): void => {
    const common = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };
    const d = secretDigest(code);
    if (codes.delete(d)) {
      const secret = randomBytes(32).toString('base64url');
      sessions.add(secretDigest(secret));
      res.writeHead(303, {
        ...common,
        location: '/',
        'set-cookie': `${cookieName()}=${secret}; HttpOnly; SameSite=Strict; Path=/`,
      });
      res.end();
      opts.onSignIn?.();
      return;
    }
    if (authenticated(req)) {
      res.writeHead(303, { ...common, location: '/' });
      res.end();
      return;
    }
    res.writeHead(403, { ...common, 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' });
    res.end('This sign-in link is not valid or was already used. Open the newest link the Layerloom web host printed.');
  };

  const handleApi = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    if (req.method !== 'POST') return fail(res, 405, 'bad_request', 'API calls are POST requests');
    if (!originAllowed(req.headers.origin, port)) {
      return fail(res, 403, 'unauthorized', `Refused: calls from origin "${clip(String(req.headers.origin), 60)}" are not accepted`);
    }
    if (!authenticated(req)) {
      return fail(res, 401, 'unauthorized', 'Not signed in: open the link the Layerloom web host printed (each link works once).');
    }
    let method: string;
    try {
      method = decodeURIComponent(url.pathname.slice('/api/'.length));
    } catch {
      return fail(res, 400, 'bad_request', `The API method name "${clip(url.pathname.slice('/api/'.length), 60)}" is not valid URL encoding`);
    }
    const shown = clip(method, 60);
    const body = await readBody(req, maxBody);
    if (body === TOO_LARGE) {
      return fail(res, 413, 'too_large', `${shown}: the request is too large (limit ${formatLimit(maxBody)})`);
    }
    let args: unknown;
    try {
      args = body.length === 0 ? {} : decodeWire(body);
    } catch (err) {
      return fail(res, 400, 'bad_request', `${shown}: the request body is not valid (${clip((err as Error).message, 120)})`);
    }
    const result = await dispatch(handlers, method, args, ctx, (err) => log(`internal error in ${shown}: ${String((err as Error)?.stack ?? err)}`));
    const status = result.ok ? 200 : result.error.code === 'unknown_method' ? 404 : result.error.code === 'internal' ? 500 : 400;
    json(res, status, result);
  };

  const server = createServer(async (req, res) => {
    let isApi = false;
    try {
      if (!hostAllowed(req.headers.host, port)) {
        res.writeHead(421, { 'content-type': 'text/plain' });
        res.end('Refused: Layerloom serves only requests addressed to 127.0.0.1 or localhost.');
        return;
      }
      const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
      if (url.pathname.startsWith('/api/')) {
        isApi = true;
        await handleApi(req, res, url);
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405).end();
        return;
      }
      const code = url.searchParams.get(CODE_PARAM);
      if (req.method === 'GET' && url.pathname === '/' && code !== null) {
        redeem(req, res, code);
        return;
      }
      const file = resolveStatic(opts.root, url.pathname);
      if (!file) {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('Not found');
        return;
      }
      const headers: Record<string, string> = {};
      if (file.endsWith('.html')) {
        headers['content-security-policy'] = contentSecurityPolicy([`ws://127.0.0.1:${port}`, `ws://localhost:${port}`]);
        headers['x-frame-options'] = 'DENY';
        headers['referrer-policy'] = 'no-referrer';
      }
      sendFile(res, file, headers);
    } catch (err) {
      log(`request failed: ${String(err)}`);
      if (res.headersSent) {
        res.end();
      } else if (isApi) {
        fail(res, 500, 'internal', 'The web host could not answer this request');
      } else {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('Internal error');
      }
    }
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const refuse = (status: string): void => {
      try {
        socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`, () => socket.destroy());
      } catch {
        socket.destroy();
      }
    };
    socket.on('error', () => socket.destroy());
    try {
      const path = (req.url ?? '/').split('?')[0];
      if (path !== '/api/events' || !hostAllowed(req.headers.host, port)) return refuse('404 Not Found');
      if (!originAllowed(req.headers.origin, port)) return refuse('403 Forbidden');
      if (!authenticated(req)) return refuse('401 Unauthorized');
      wss.handleUpgrade(req, socket, head, (ws) => {
        sockets.add(ws);
        ws.on('close', () => sockets.delete(ws));
        ws.on('error', () => sockets.delete(ws));
      });
    } catch (err) {
      log(`event socket refused: ${String(err)}`);
      refuse('400 Bad Request');
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  return {
    port,
    origin,
    cookieName: cookieName(),
    signInUrl: () => {
      const code = randomBytes(24).toString('hex');
      codes.add(secretDigest(code));
      return `${origin}/?${CODE_PARAM}=${code}`;
    },
    emit,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
