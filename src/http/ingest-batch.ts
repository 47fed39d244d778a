import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.js';
import type { IngestToken } from '../config.js';
import { MAX_BODY_BYTES, MAX_EVENTS_PER_BATCH } from '../ingest/event-schema.js';
import { HttpError, readJsonBody } from './http-kit.js';
import { authenticateIngest } from './ingest-auth.js';

/** Bearer token, then its per-minute budget: every ingest route starts here. */
export function authorizeIngest(req: IncomingMessage, deps: AppDeps): IngestToken {
  const token = authenticateIngest(req, deps.config.ingestTokens);
  deps.rateLimiter.check(token.token, Date.now());
  return token;
}

/** `{"<key>": [...]}` with at most 5,000 items and 5 MB, from an authorized client. */
export async function readIngestBatch(req: IncomingMessage, deps: AppDeps, key: 'events' | 'outcomes'): Promise<{ token: IngestToken; items: unknown[] }> {
  const token = authorizeIngest(req, deps);
  const parsed = z.object({ [key]: z.array(z.unknown()) }).safeParse(await readJsonBody(req, MAX_BODY_BYTES));
  if (!parsed.success) throw new HttpError(400, `body must be {"${key}": [...]}`);
  const items = parsed.data[key] as unknown[];
  if (items.length > MAX_EVENTS_PER_BATCH) {
    throw new HttpError(413, `too many ${key}: at most ${MAX_EVENTS_PER_BATCH} per request, got ${items.length}`);
  }
  return { token, items };
}
