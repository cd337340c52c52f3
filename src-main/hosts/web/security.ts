/**
 * The web host's gatekeeping: a loopback-only Host header, a loopback Origin on state-changing requests,
 * and authentication by either the per-launch API token (header; scripts and tests) or a session cookie
 * that a browser gets in exchange for a one-time sign-in code.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const newToken = (): string => randomBytes(24).toString('hex');

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/** Hex SHA-256 of a secret: what the host keeps of codes and sessions, so lookups leak nothing useful. */
export const secretDigest = (s: string): string => digest(s).toString('hex');

/** Only requests addressed to the loopback host on our port are served (defeats DNS rebinding). */
export function hostAllowed(hostHeader: string | undefined, port: number): boolean {
  if (!hostHeader) return false;
  const allowed = [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
  return allowed.includes(hostHeader.toLowerCase());
}

/**
 * A browser's `Origin` header must be this host's own loopback origin (exactly: scheme, host and port).
 * Absent means a non-browser client (browsers always send it on POST and WebSocket handshakes).
 */
export function originAllowed(origin: string | string[] | undefined, port: number): boolean {
  if (origin === undefined) return true;
  if (typeof origin !== 'string') return false;
  const allowed = [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`];
  return allowed.includes(origin.toLowerCase());
}

/**
 * Constant-time comparison of any two strings: both are hashed to fixed-size digests first, so neither
 * the length nor non-ASCII characters (more bytes than characters) can make `timingSafeEqual` throw.
 */
export function tokenMatches(given: string | undefined | null, token: string): boolean {
  if (typeof given !== 'string' || given.length === 0 || token.length === 0) return false;
  return timingSafeEqual(digest(given), digest(token));
}

/** The token from `x-layerloom-token` or `Authorization: Bearer …` (never from the URL). */
export function requestToken(req: IncomingMessage): string | undefined {
  const h = req.headers['x-layerloom-token'];
  if (typeof h === 'string') return h;
  const auth = req.headers.authorization;
  if (typeof auth === 'string' && auth.startsWith('Bearer ')) return auth.slice(7);
  return undefined;
}

/** Every value of cookie `name` in the request (a malformed header yields none). */
export function cookieValues(req: IncomingMessage, name: string): string[] {
  const header = req.headers.cookie;
  if (typeof header !== 'string') return [];
  const out: string[] = [];
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) out.push(part.slice(eq + 1).trim());
  }
  return out;
}

/** Shortens text that came from a request before it is echoed in an error message. */
export function clip(text: string, max = 80): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}
