/**
 * The loopback web host: serves the built renderer and the API contract over HTTP (calls) and a
 * WebSocket (push events). Listens on 127.0.0.1 only; every API request needs the per-launch token and
 * a loopback Host header.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { dispatch, type HandlerContext, type Handlers } from '../../../src-shared/api/dispatch';
import type { ApiResponse } from '../../../src-shared/api/errors';
import type { ApiEvents, EventName } from '../../../src-shared/api/events';
import { decodeWire, encodeWire } from '../../../src-shared/api/wire';
import { contentSecurityPolicy } from '../csp';
import { hostAllowed, requestToken, tokenMatches } from './security';
import { resolveStatic, sendFile } from './static';

/** Largest request body accepted (a dataset's columns travel in one call). */
export const MAX_BODY_BYTES = 256 * 1024 * 1024;

export interface WebHostOptions {
  root: string;
  token: string;
  port?: number;
  handlers: Handlers;
  log?: (line: string) => void;
}

export interface WebHost {
  port: number;
  url: string;
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

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new Error(`request body over ${limit} bytes`));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const log = opts.log ?? (() => {});
  const sockets = new Set<WebSocket>();
  const emit: HandlerContext['emit'] = <E extends EventName>(event: E, payload: ApiEvents[E]) => {
    const msg = encodeWire({ event, payload });
    for (const s of sockets) if (s.readyState === s.OPEN) s.send(msg);
  };
  const ctx: HandlerContext = { emit };
  const handlers = opts.handlers;
  let port = opts.port ?? 0;

  const server = createServer(async (req, res) => {
    try {
      if (!hostAllowed(req.headers.host, port)) {
        res.writeHead(421, { 'content-type': 'text/plain' });
        res.end('Refused: Layerloom serves only requests addressed to 127.0.0.1 or localhost.');
        return;
      }
      const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
      if (url.pathname.startsWith('/api/')) {
        if (req.method !== 'POST') {
          json(res, 405, { ok: false, error: { code: 'bad_request', message: 'API calls are POST requests' } });
          return;
        }
        if (!tokenMatches(requestToken(req, url, false), opts.token)) {
          json(res, 401, {
            ok: false,
            error: { code: 'unauthorized', message: 'Missing or wrong token: open the URL the web host printed.' },
          });
          return;
        }
        const method = decodeURIComponent(url.pathname.slice('/api/'.length));
        let args: unknown;
        try {
          const body = await readBody(req, MAX_BODY_BYTES);
          args = body.length === 0 ? {} : decodeWire(body);
        } catch (err) {
          json(res, 400, {
            ok: false,
            error: { code: 'bad_request', message: `${method}: the request body is not valid (${(err as Error).message})` },
          });
          return;
        }
        const result = await dispatch(handlers, method, args, ctx, (err) => log(`internal error in ${method}: ${String((err as Error)?.stack ?? err)}`));
        const status = result.ok ? 200 : result.error.code === 'unknown_method' ? 404 : result.error.code === 'internal' ? 500 : 400;
        json(res, status, result);
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405).end();
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
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('Internal error');
    }
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const origin = req.headers.origin;
    const originOk = origin === undefined || hostAllowed(origin.replace(/^https?:\/\//, ''), port);
    if (url.pathname !== '/api/events' || !hostAllowed(req.headers.host, port) || !originOk || !tokenMatches(requestToken(req, url, true), opts.token)) {
      socket.write('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('error', () => sockets.delete(ws));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    port,
    url: `http://127.0.0.1:${port}/?token=${opts.token}`,
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
