import { ingestEvents } from '../ingest/ingest-events.js';
import { sendJson } from './http-kit.js';
import { readIngestBatch } from './ingest-batch.js';
import type { Route } from './route.js';

/** POST /v1/events: the gateway contract. The response is written only after the batch committed. */
export const eventsRoute: Route = {
  method: 'POST',
  path: '/v1/events',
  async handle({ req, res, deps, log }) {
    const { token, items } = await readIngestBatch(req, deps, 'events');
    const summary = await ingestEvents(deps.db, items, { now: deps.now(), prices: deps.prices, allowedTeams: token.teams });
    log.info('events ingested', { accepted: summary.accepted, duplicates: summary.duplicates, rejected: summary.rejected.length });
    deps.metrics.events.inc({ outcome: 'accepted' }, summary.accepted);
    deps.metrics.events.inc({ outcome: 'duplicate' }, summary.duplicates);
    deps.metrics.events.inc({ outcome: 'rejected' }, summary.rejected.length);
    deps.metrics.lastIngestAt.set(Date.now() / 1000);
    sendJson(res, 200, summary);
  },
};
