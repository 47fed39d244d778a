import { z } from 'zod';
import { MAX_BODY_BYTES, MAX_EVENTS_PER_BATCH } from '../ingest/event-schema.js';
import { ingestEvents } from '../ingest/ingest-events.js';
import { HttpError, readJsonBody, sendJson } from './http-kit.js';
import { authenticateIngest } from './ingest-auth.js';
import type { Route } from './route.js';

const batchSchema = z.object({ events: z.array(z.unknown()) });

/** POST /v1/events: the gateway contract. The response is written only after the batch committed. */
export const eventsRoute: Route = {
  method: 'POST',
  path: '/v1/events',
  async handle({ req, res, deps, log }) {
    const token = authenticateIngest(req, deps.config.ingestTokens);
    deps.rateLimiter.check(token.token, Date.now());
    const body = await readJsonBody(req, MAX_BODY_BYTES);
    const parsed = batchSchema.safeParse(body);
    if (!parsed.success) throw new HttpError(400, 'body must be {"events": [...]}');
    const { events } = parsed.data;
    if (events.length > MAX_EVENTS_PER_BATCH) {
      throw new HttpError(413, `too many events: at most ${MAX_EVENTS_PER_BATCH} per request, got ${events.length}`);
    }
    const summary = await ingestEvents(deps.db, events, { now: deps.now(), prices: deps.prices, allowedTeams: token.teams });
    log.info('events ingested', { accepted: summary.accepted, duplicates: summary.duplicates, rejected: summary.rejected.length });
    deps.metrics.events.inc({ outcome: 'accepted' }, summary.accepted);
    deps.metrics.events.inc({ outcome: 'duplicate' }, summary.duplicates);
    deps.metrics.events.inc({ outcome: 'rejected' }, summary.rejected.length);
    deps.metrics.lastIngestAt.set(Date.now() / 1000);
    sendJson(res, 200, summary);
  },
};
