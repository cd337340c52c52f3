import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import WebSocket from 'ws';
import { openStore, type Store } from '../../store/store';
import { createHandlers } from '../../services/index';
import { startWebHost, type WebHost } from './server';
import { hostAllowed, tokenMatches } from './security';
import { resolveStatic } from './static';

let dir: string;
let root: string;
let store: Store;
let host: WebHost;
const TOKEN = 'a'.repeat(48);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'll-web-'));
  root = join(dir, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Layerloom</title>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'secret');
  symlinkSync(join(dir, 'secret.txt'), join(root, 'link.txt'));
  store = openStore(join(dir, 'data', 'layerloom.db'));
  host = await startWebHost({ root, token: TOKEN, port: 0, handlers: createHandlers({ store, host: 'web', version: 't', dataDir: dir, resourcesDir: join(dir, 'resources') }) });
});
afterAll(async () => {
  await host.close();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A raw request, so tests can send any Host header and path (fetch normalizes both). */
function raw(path: string, opts: { method?: string; host?: string; token?: string; body?: string } = {}) {
  return new Promise<{ status: number; body: string; headers: Record<string, unknown> }>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: host.port,
        path,
        method: opts.method ?? 'GET',
        headers: {
          host: opts.host ?? `127.0.0.1:${host.port}`,
          ...(opts.token ? { 'x-layerloom-token': opts.token } : {}),
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

describe('web host', () => {
  it('serves the renderer with a strict CSP', async () => {
    const r = await raw('/');
    expect(r.status).toBe(200);
    expect(r.body).toContain('Layerloom');
    expect(String(r.headers['content-security-policy'])).toContain("default-src 'self'");
    expect(String(r.headers['content-security-policy'])).toContain("object-src 'none'");
  });

  it('answers API calls with the token', async () => {
    const r = await raw('/api/projects.list', { method: 'POST', token: TOKEN, body: '{}' });
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
    const open = (url: string) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(url);
        ws.on('open', () => {
          ws.close();
          resolve('open');
        });
        ws.on('error', () => resolve('refused'));
      });
    expect(await open(`ws://127.0.0.1:${host.port}/api/events`)).toBe('refused');
    expect(await open(`ws://127.0.0.1:${host.port}/api/events?token=wrong`)).toBe('refused');
    expect(await open(`ws://127.0.0.1:${host.port}/api/events?token=${TOKEN}`)).toBe('open');
  });

  it('pushes events to connected sockets', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api/events?token=${TOKEN}`);
    await new Promise((r) => ws.on('open', r));
    const got = new Promise<string>((r) => ws.on('message', (m) => r(String(m))));
    await raw('/api/projects.create', { method: 'POST', token: TOKEN, body: '{"name":"Pushed"}' });
    expect(JSON.parse(await got)).toMatchObject({ event: 'projects.changed', payload: { change: 'created' } });
    ws.close();
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
  it('compares tokens exactly', () => {
    expect(tokenMatches('abc', 'abc')).toBe(true);
    expect(tokenMatches('abd', 'abc')).toBe(false);
    expect(tokenMatches('', 'abc')).toBe(false);
    expect(tokenMatches(null, 'abc')).toBe(false);
  });
});
