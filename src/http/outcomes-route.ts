import { ingestOutcomes } from '../ingest/ingest-outcomes.js';
import { sendJson } from './http-kit.js';
import { readIngestBatch } from './ingest-batch.js';
import type { Route } from './route.js';

/** POST /v1/outcomes: what teams' agents achieved; same tokens, rate limit and reply shape as /v1/events. */
export const outcomesRoute: Route = {
  method: 'POST',
  path: '/v1/outcomes',
  async handle({ req, res, deps, log }) {
    const { token, items } = await readIngestBatch(req, deps, 'outcomes');
    const summary = await ingestOutcomes(deps.db, items, { now: deps.now(), allowedTeams: token.teams });
    log.info('outcomes ingested', { accepted: summary.accepted, duplicates: summary.duplicates, rejected: summary.rejected.length });
    sendJson(res, 200, summary);
  },
};
