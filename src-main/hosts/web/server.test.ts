import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { connect } from 'node:net';
import WebSocket from 'ws';
import { openStore, type Store } from '../../store/store';
import { createHandlers } from '../../services/index';
import { MAX_BODY_BYTES, startWebHost, type WebHost } from './server';
import { hostAllowed, originAllowed, tokenMatches } from './security';
import { resolveStatic } from './static';
import { ApiError } from '../../../src-shared/api/errors';

/** Fault injection: this Origin makes the check throw, to prove no exception in a check can end the host. */
const THROWING_ORIGIN = 'http://throw.test';
vi.mock('./security', async (importOriginal) => {
  const mod = await importOriginal<typeof import('./security')>();
  return {
    ...mod,
    originAllowed: (origin: string | string[] | undefined, port: number) => {
      if (origin === THROWING_ORIGIN) throw new Error('injected fault');
      return mod.originAllowed(origin, port);
    },
  };
});

let dir: string;
let root: string;
let store: Store;
let host: WebHost;
const TOKEN = 'a'.repeat(48);
/** A small body limit, so the size checks need no big uploads. */
const LIMIT = 4096;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'll-web-'));
  root = join(dir, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Layerloom</title>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'secret');
  symlinkSync(join(dir, 'secret.txt'), join(root, 'link.txt'));
  store = openStore(join(dir, 'data', 'layerloom.db'));
  host = await startWebHost({
    root,
    token: TOKEN,
    port: 0,
    maxBodyBytes: LIMIT,
    handlers: createHandlers({ store, host: 'web', version: 't', dataDir: dir, resourcesDir: join(dir, 'resources') }),
  });
});
afterAll(async () => {
  await host.close();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

interface RawOptions {
  method?: string;
  host?: string;
  token?: string;
  origin?: string;
  cookie?: string;
  headers?: Record<string, string>;
  body?: string;
}

/** A raw request, so tests can send any Host header and path (fetch normalizes both). */
function raw(path: string, opts: RawOptions = {}, port = host.port) {
  return new Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: opts.method ?? 'GET',
        headers: {
          host: opts.host ?? `127.0.0.1:${port}`,
          ...(opts.token !== undefined ? { 'x-layerloom-token': opts.token } : {}),
          ...(opts.origin !== undefined ? { origin: opts.origin } : {}),
          ...(opts.cookie !== undefined ? { cookie: opts.cookie } : {}),
          ...opts.headers,
        },
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

const post = (method: string, body: string, opts: RawOptions = {}) => raw(`/api/${method}`, { method: 'POST', token: TOKEN, body, ...opts });

/** Opens an event socket: 'open', or the HTTP status it was refused with. */
function openSocket(headers: Record<string, string> = {}, path = '/api/events'): Promise<string> {
  return new Promise<string>((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}${path}`, { headers });
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(String(res.statusCode));
      res.resume();
      ws.terminate();
    });
    ws.on('error', (err) => resolve(`error: ${err.message}`));
  });
}

/** Still serving: a valid API call and a valid event socket work. */
async function expectHostUp(): Promise<void> {
  expect((await post('projects.list', '{}')).status).toBe(200);
  expect(await openSocket({ 'x-layerloom-token': TOKEN })).toBe('open');
}

const projectCount = (): number => store.db.prepare('SELECT count(*) FROM projects').pluck().get() as number;

/** Signs in with a fresh one-time link; returns the `name=value` pair of the session cookie. */
async function signIn(): Promise<string> {
  const u = new URL(host.signInUrl());
  const r = await raw(u.pathname + u.search);
  expect(r.status).toBe(303);
  const set = ([] as string[]).concat(r.headers['set-cookie'] ?? []);
  expect(set).toHaveLength(1);
  return set[0]!.split(';')[0]!;
}

describe('web host', () => {
  it('serves the renderer with a strict CSP', async () => {
    const r = await raw('/');
    expect(r.status).toBe(200);
    expect(r.body).toContain('Layerloom');
    expect(String(r.headers['content-security-policy'])).toContain("default-src 'self'");
    expect(String(r.headers['content-security-policy'])).toContain("object-src 'none'");
  });

  it('answers API calls with the token', async () => {
    const r = await post('projects.list', '{}');
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ ok: true, value: [] });
  });

  it('refuses API calls without or with a wrong token (401) and writes nothing', async () => {
    for (const token of [undefined, 'b'.repeat(48), 'short']) {
      const r = await raw('/api/projects.create', { method: 'POST', token, body: '{"name":"x"}' });
      expect(r.status).toBe(401);
      expect(JSON.parse(r.body).error.code).toBe('unauthorized');
    }
    expect(store.db.prepare('SELECT count(*) FROM projects').pluck().get()).toBe(0);
  });

  it('refuses requests whose Host is not loopback (DNS rebinding)', async () => {
    for (const h of ['evil.example', `evil.example:${host.port}`, '127.0.0.1:1', `127.0.0.1.evil.example:${host.port}`]) {
      expect((await raw('/', { host: h })).status).toBe(421);
      expect((await raw('/api/projects.list', { method: 'POST', host: h, token: TOKEN, body: '{}' })).status).toBe(421);
    }
    expect((await raw('/', { host: `localhost:${host.port}` })).status).toBe(200);
  });

  it('answers a malformed body and an unknown method with typed errors', async () => {
    const bad = await raw('/api/projects.create', { method: 'POST', token: TOKEN, body: '{not json' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.code).toBe('bad_request');
    const unknown = await raw('/api/projects.nuke', { method: 'POST', token: TOKEN, body: '{}' });
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body).error.code).toBe('unknown_method');
  });

  it('never serves a file outside the renderer folder', async () => {
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/link.txt', '/%00', '/..\\secret.txt']) {
      const r = await raw(p);
      expect(r.status, p).toBe(404);
      expect(r.body).not.toContain('secret');
    }
    expect(resolveStatic(root, '/assets/app.js')).toMatch(/app\.js$/);
    expect(resolveStatic(root, '/etc/passwd')).toBeNull();
    expect(resolveStatic(root, '//etc/passwd')).toBeNull();
  });

  it('accepts event sockets only with the token', async () => {
    expect(await openSocket()).toBe('401');
    expect(await openSocket({ 'x-layerloom-token': 'wrong' })).toBe('401');
    expect(await openSocket({ authorization: `Bearer ${TOKEN}` })).toBe('open');
    expect(await openSocket({ 'x-layerloom-token': TOKEN })).toBe('open');
  });

  it('never takes the token from the URL (it would end up in logs and history)', async () => {
    expect(await openSocket({}, `/api/events?token=${TOKEN}`)).toBe('401');
    expect((await raw(`/api/projects.list?token=${TOKEN}`, { method: 'POST', body: '{}' })).status).toBe(401);
  });

  it('pushes events to connected sockets', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api/events`, { headers: { 'x-layerloom-token': TOKEN } });
    await new Promise((r) => ws.on('open', r));
    const got = new Promise<string>((r) => ws.on('message', (m) => r(String(m))));
    await post('projects.create', '{"name":"Pushed"}');
    expect(JSON.parse(await got)).toMatchObject({ event: 'projects.changed', payload: { change: 'created' } });
    ws.close();
  });
});

describe('web host: hostile tokens never take it down', () => {
  // 48 characters like the real token, but 49 UTF-8 bytes: timingSafeEqual on the raw bytes used to throw.
  const BAD = ['a'.repeat(47) + 'é', 'é'.repeat(48), 'é', 'a'.repeat(10_000), 'a'.repeat(47), 'a'.repeat(49), 'short', ''];

  it('answers 401 over HTTP, then still serves', async () => {
    const before = projectCount();
    for (const token of BAD) {
      for (const headers of [{ 'x-layerloom-token': token }, { authorization: `Bearer ${token}` }] as Record<string, string>[]) {
        const r = await raw('/api/projects.create', { method: 'POST', headers, body: '{"name":"x"}' });
        expect(r.status, JSON.stringify(headers).slice(0, 40)).toBe(401);
        expect(JSON.parse(r.body).error.code).toBe('unauthorized');
      }
    }
    expect(projectCount()).toBe(before);
    await expectHostUp();
  });

  it('refuses the event socket (401), then still serves', async () => {
    for (const token of BAD) {
      expect(await openSocket({ 'x-layerloom-token': token })).toBe('401');
      expect(await openSocket({ authorization: `Bearer ${token}` })).toBe('401');
    }
    await expectHostUp();
  });

  /** Sends a request head with this exact token bytes (no client re-encoding); returns the raw reply. */
  const rawReply = (head: string, token: Buffer): Promise<string> =>
    new Promise<string>((resolve) => {
      const s = connect(host.port, '127.0.0.1', () => {
        s.write(Buffer.concat([Buffer.from(`${head}\r\nHost: 127.0.0.1:${host.port}\r\nConnection: close\r\nx-layerloom-token: `), token, Buffer.from('\r\n\r\n')]));
      });
      let got = '';
      s.on('data', (d) => (got += d.toString('latin1')));
      s.on('close', () => resolve(got));
      s.on('error', () => resolve(got));
    });
  // Tokens as bytes on the wire: 48 characters once decoded, but more bytes than the real token.
  const RAW_BAD = [
    Buffer.concat([Buffer.from('a'.repeat(47)), Buffer.from([0xe9])]),
    Buffer.concat([Buffer.from('a'.repeat(46)), Buffer.from([0xc3, 0xa9])]),
    Buffer.concat([Buffer.from('a'.repeat(42)), Buffer.from([0xe2, 0x82, 0xac, 0xff, 0xfe, 0xc3])]),
  ];

  it('survives an exception inside its checks (event socket closed, HTTP answers 500 JSON)', async () => {
    expect(await openSocket({ 'x-layerloom-token': TOKEN, origin: THROWING_ORIGIN })).toBe('400');
    const r = await post('projects.list', '{}', { origin: THROWING_ORIGIN });
    expect(r.status).toBe(500);
    expect(JSON.parse(r.body).error.code).toBe('internal');
    await expectHostUp();
  });

  it('answers 401 to raw token bytes over HTTP and on the event socket, then still serves', async () => {
    for (const token of RAW_BAD) {
      const http = await rawReply('POST /api/projects.list HTTP/1.1\r\nContent-Length: 0', token);
      expect(http).toMatch(/^HTTP\/1\.1 401/);
      expect(http).toContain('"unauthorized"');
      const ws = await rawReply(
        'GET /api/events HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13',
        token,
      );
      expect(ws).toMatch(/^HTTP\/1\.1 401/);
    }
    await expectHostUp();
  });
});

describe('web host: malformed calls get short JSON errors', () => {
  it('answers a method name that is not valid URL encoding with 400 JSON', async () => {
    for (const path of ['/api/%E0%A4%A', `/api/%E0%A4%A${'x'.repeat(5000)}`]) {
      const r = await raw(path, { method: 'POST', token: TOKEN, body: '{}' });
      expect(r.status).toBe(400);
      expect(String(r.headers['content-type'])).toContain('application/json');
      const err = JSON.parse(r.body).error;
      expect(err.code).toBe('bad_request');
      expect(err.message.length).toBeLessThan(200);
    }
    await expectHostUp();
  });

  it('caps what it echoes back of a request', async () => {
    const long = 'x'.repeat(5000);
    const unknown = await raw(`/api/${long}`, { method: 'POST', token: TOKEN, body: '{}' });
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body).error.message.length).toBeLessThan(200);
    const bad = await post('projects.create', `{"name": ${'1'.repeat(3000)}`);
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.message.length).toBeLessThan(400);
    const foreign = await post('projects.list', '{}', { origin: `http://${long}` });
    expect(foreign.status).toBe(403);
    expect(JSON.parse(foreign.body).error.message.length).toBeLessThan(200);
  });
});

describe('web host: request size limit', () => {
  const padded = (bytes: number): string => '{}' + ' '.repeat(bytes - 2);

  it('accepts a body of exactly the limit', async () => {
    const r = await post('projects.list', padded(LIMIT));
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body).ok).toBe(true);
  });

  it('answers one byte over the limit with 413 JSON, writes nothing and stays up', async () => {
    const before = projectCount();
    const body = `{"name":"big"}${' '.repeat(LIMIT + 1 - 14)}`;
    expect(Buffer.byteLength(body)).toBe(LIMIT + 1);
    const r = await post('projects.create', body);
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body)).toEqual({
      ok: false,
      error: { code: 'too_large', message: `projects.create: the request is too large (limit ${LIMIT} bytes)` },
    });
    expect(projectCount()).toBe(before);
    await expectHostUp();
  });

  it('answers a streamed (chunked) body over the limit with 413 JSON', async () => {
    const r = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: host.port, path: '/api/projects.list', method: 'POST', headers: { 'x-layerloom-token': TOKEN } },
        (res) => {
          let b = '';
          res.on('data', (c: Buffer) => (b += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: b }));
        },
      );
      req.on('error', reject);
      for (let i = 0; i < 8; i++) req.write('{}' + ' '.repeat(LIMIT / 2));
      req.end();
    });
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body).error.code).toBe('too_large');
    await expectHostUp();
  });

  it('lets a fetch client read the 413 of a body far over the limit (no connection reset)', async () => {
    const res = await fetch(`${host.origin}/api/projects.list`, {
      method: 'POST',
      headers: { 'x-layerloom-token': TOKEN },
      body: '{}' + ' '.repeat(4 * 1024 * 1024),
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('too_large');
    await expectHostUp();
  });

  it('uses MAX_BODY_BYTES unless told otherwise, and says the limit in MB', async () => {
    const other = await startWebHost({ root, token: TOKEN, port: 0, handlers: createHandlers({ store, host: 'web', version: 't', dataDir: dir, resourcesDir: join(dir, 'resources') }) });
    try {
      // Only the declared length is sent: the answer must not wait for the body.
      const reply = await new Promise<string>((resolve) => {
        const s = connect(other.port, '127.0.0.1', () =>
          s.write(
            `POST /api/projects.list HTTP/1.1\r\nHost: 127.0.0.1:${other.port}\r\nx-layerloom-token: ${TOKEN}\r\n` +
              `Content-Length: ${MAX_BODY_BYTES + 1}\r\n\r\n{}`,
          ),
        );
        let got = '';
        s.on('data', (d) => {
          got += d.toString();
          if (got.includes('"ok":false')) s.destroy();
        });
        s.on('close', () => resolve(got));
      });
      expect(reply).toMatch(/^HTTP\/1\.1 413/);
      expect(reply).toContain(`too large (limit ${MAX_BODY_BYTES / (1024 * 1024)} MB)`);
    } finally {
      await other.close();
    }
  });
});

describe('web host: the browser client (src-renderer/lib/api.ts) over this host', () => {
  it('shows the host\'s own message for a body over the limit, not "not reachable"', async () => {
    // The page's relative fetch, pointed at this host; the token header stands in for the page's cookie.
    const realFetch = globalThis.fetch;
    vi.stubGlobal('fetch', (input: string, init: RequestInit) =>
      realFetch(`${host.origin}${input}`, { ...init, headers: { ...(init.headers as Record<string, string>), 'x-layerloom-token': TOKEN } }),
    );
    try {
      const { api } = await import('../../../src-renderer/lib/api');
      const err = await api.call('projects.create', { name: 'x'.repeat(LIMIT + 10) }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ApiError);
      expect((err as ApiError).code).toBe('too_large');
      expect((err as ApiError).message).toBe(`projects.create: the request is too large (limit ${LIMIT} bytes)`);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('web host: Origin checks', () => {
  const foreign = (port: number) => ['http://evil.example', 'null', `http://127.0.0.1:${port + 1}`, `https://127.0.0.1:${port}`, `http://127.0.0.1.evil.example:${port}`];

  it('refuses a POST from any other origin with 403 JSON, even with the token, and writes nothing', async () => {
    const before = projectCount();
    for (const origin of foreign(host.port)) {
      const r = await post('projects.create', '{"name":"csrf"}', { origin });
      expect(r.status, origin).toBe(403);
      expect(JSON.parse(r.body).error.code).toBe('unauthorized');
    }
    expect(projectCount()).toBe(before);
  });

  it('accepts a POST from its own loopback origin, or with no Origin (non-browser clients)', async () => {
    for (const origin of [`http://127.0.0.1:${host.port}`, `http://localhost:${host.port}`]) {
      expect((await post('projects.list', '{}', { origin })).status, origin).toBe(200);
    }
    expect((await post('projects.list', '{}')).status).toBe(200);
  });

  it('refuses an event socket from any other origin (403), even with the token', async () => {
    for (const origin of foreign(host.port)) {
      expect(await openSocket({ 'x-layerloom-token': TOKEN, origin }), origin).toBe('403');
    }
    expect(await openSocket({ 'x-layerloom-token': TOKEN, origin: `http://127.0.0.1:${host.port}` })).toBe('open');
  });
});

describe('web host: page headers', () => {
  it('forbids framing and referrers on the HTML page', async () => {
    const r = await raw('/');
    expect(r.status).toBe(200);
    expect(r.headers['x-frame-options']).toBe('DENY');
    expect(String(r.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
    expect(r.headers['referrer-policy']).toBe('no-referrer');
  });
});

describe('web host: browser sign-in', () => {
  it('trades a one-time code for an HttpOnly, SameSite=Strict session cookie and drops the code from the address', async () => {
    const u = new URL(host.signInUrl());
    expect(u.origin).toBe(host.origin);
    expect(u.searchParams.has('token')).toBe(false);
    const r = await raw(u.pathname + u.search);
    expect(r.status).toBe(303);
    expect(r.headers.location).toBe('/');
    expect(r.headers['cache-control']).toBe('no-store');
    const set = ([] as string[]).concat(r.headers['set-cookie'] ?? []);
    expect(set).toHaveLength(1);
    const [pair, ...attrs] = set[0]!.split(';').map((x) => x.trim());
    expect(pair!.startsWith(`${host.cookieName}=`)).toBe(true);
    expect(pair!).not.toContain(TOKEN);
    expect(attrs).toContain('HttpOnly');
    expect(attrs).toContain('SameSite=Strict');
    expect(attrs).toContain('Path=/');
  });

  it('authenticates API calls and the event socket by that cookie (a reload keeps working)', async () => {
    const cookie = await signIn();
    for (let i = 0; i < 2; i++) {
      expect((await raw('/', { cookie })).status).toBe(200);
      expect((await raw('/api/projects.list', { method: 'POST', cookie, origin: host.origin, body: '{}' })).status).toBe(200);
    }
    expect(await openSocket({ cookie, origin: host.origin })).toBe('open');
  });

  it('refuses a code a second time: no new cookie', async () => {
    const u = new URL(host.signInUrl());
    expect((await raw(u.pathname + u.search)).status).toBe(303);
    const again = await raw(u.pathname + u.search);
    expect(again.status).toBe(403);
    expect(again.headers['set-cookie']).toBeUndefined();
    // A browser that is already signed in goes to the app, but still gets no new session.
    const signedIn = await raw(u.pathname + u.search, { cookie: await signIn() });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers['set-cookie']).toBeUndefined();
  });

  it('refuses made-up codes and sessions', async () => {
    for (const code of ['', 'x', 'a'.repeat(48), 'é'.repeat(48)]) {
      const r = await raw(`/?code=${encodeURIComponent(code)}`);
      expect(r.status, code).toBe(403);
      expect(r.headers['set-cookie']).toBeUndefined();
    }
    for (const cookie of [`${host.cookieName}=nope`, `${host.cookieName}=${TOKEN}`, `${host.cookieName}=`, 'garbage', `layerloom_session_1=${(await signIn()).split('=')[1]}`]) {
      expect((await raw('/api/projects.list', { method: 'POST', cookie, body: '{}' })).status, cookie).toBe(401);
      expect(await openSocket({ cookie }), cookie).toBe('401');
    }
  });
});

describe('security helpers', () => {
  it('accepts only loopback hosts on the right port', () => {
    expect(hostAllowed('127.0.0.1:4780', 4780)).toBe(true);
    expect(hostAllowed('LOCALHOST:4780', 4780)).toBe(true);
    expect(hostAllowed('127.0.0.1:4781', 4780)).toBe(false);
    expect(hostAllowed('192.168.1.2:4780', 4780)).toBe(false);
    expect(hostAllowed(undefined, 4780)).toBe(false);
  });
  it('compares tokens exactly, whatever their length or characters', () => {
    expect(tokenMatches('abc', 'abc')).toBe(true);
    expect(tokenMatches('abd', 'abc')).toBe(false);
    expect(tokenMatches('', 'abc')).toBe(false);
    expect(tokenMatches(null, 'abc')).toBe(false);
    expect(tokenMatches('ab\u00e9', 'abc')).toBe(false); // same length in characters, not in bytes
    expect(tokenMatches('€€€', 'abc')).toBe(false);
    expect(tokenMatches('abc'.repeat(1000), 'abc')).toBe(false);
    expect(tokenMatches('', '')).toBe(false);
  });
  it('accepts only the exact loopback origin of the port', () => {
    expect(originAllowed(undefined, 4780)).toBe(true);
    expect(originAllowed('http://127.0.0.1:4780', 4780)).toBe(true);
    expect(originAllowed('http://localhost:4780', 4780)).toBe(true);
    for (const o of ['null', '', 'https://127.0.0.1:4780', 'http://127.0.0.1:4781', 'http://127.0.0.1', 'http://evil.example:4780', 'http://127.0.0.1:4780/']) {
      expect(originAllowed(o, 4780), o).toBe(false);
    }
  });
});
