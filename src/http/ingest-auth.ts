import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { IngestToken } from '../config.js';
import { HttpError } from './http-kit.js';

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * Finds the configured token matching the Bearer header. Digests give equal-length inputs to
 * timingSafeEqual, and every token is compared, so timing says nothing about which one matched.
 */
export function authenticateIngest(req: IncomingMessage, tokens: readonly IngestToken[]): IngestToken {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) throw new HttpError(401, 'missing bearer token', { 'www-authenticate': 'Bearer' });
  const given = digest(match[1]);
  let found: IngestToken | undefined;
  for (const token of tokens) {
    if (timingSafeEqual(given, digest(token.token)) && !found) found = token;
  }
  if (!found) throw new HttpError(401, 'invalid bearer token', { 'www-authenticate': 'Bearer' });
  return found;
}

/** A fixed-window budget of requests per token per minute; in memory, so per replica. */
export class TokenRateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly perMinute: number) {}

  check(token: string, nowMs: number): void {
    const key = digest(token).toString('hex');
    const w = this.windows.get(key);
    if (!w || nowMs - w.start >= 60_000) {
      this.windows.set(key, { start: nowMs, count: 1 });
      return;
    }
    w.count += 1;
    if (w.count > this.perMinute) {
      const retryAfter = Math.max(1, Math.ceil((w.start + 60_000 - nowMs) / 1000));
      throw new HttpError(429, `rate limit: at most ${this.perMinute} requests per minute per token`, { 'retry-after': String(retryAfter) });
    }
  }
}
