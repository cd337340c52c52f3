/** The web host's gatekeeping: a per-launch token and a loopback-only Host header. */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const newToken = (): string => randomBytes(24).toString('hex');

/** Only requests addressed to the loopback host on our port are served (defeats DNS rebinding). */
export function hostAllowed(hostHeader: string | undefined, port: number): boolean {
  if (!hostHeader) return false;
  const allowed = [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
  return allowed.includes(hostHeader.toLowerCase());
}

export function tokenMatches(given: string | undefined | null, token: string): boolean {
  if (typeof given !== 'string' || given.length !== token.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(token));
}

/** The token from `x-layerloom-token`, `Authorization: Bearer …`, or (WebSocket only) `?token=`. */
export function requestToken(req: IncomingMessage, url: URL, allowQuery: boolean): string | undefined {
  const h = req.headers['x-layerloom-token'];
  if (typeof h === 'string') return h;
  const auth = req.headers.authorization;
  if (typeof auth === 'string' && auth.startsWith('Bearer ')) return auth.slice(7);
  if (allowQuery) return url.searchParams.get('token') ?? undefined;
  return undefined;
}
