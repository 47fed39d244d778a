import { z } from 'zod';
import { ingestOutcomes } from '../ingest/ingest-outcomes.js';
import { MAX_BODY_BYTES, MAX_OUTCOMES_PER_BATCH } from '../ingest/outcome-schema.js';
import { HttpError, readJsonBody, sendJson } from './http-kit.js';
import { authenticateIngest } from './ingest-auth.js';
import type { Route } from './route.js';

const batchSchema = z.object({ outcomes: z.array(z.unknown()) });

/** POST /v1/outcomes: what teams' agents achieved; same tokens, rate limit and reply shape as /v1/events. */
export const outcomesRoute: Route = {
  method: 'POST',
  path: '/v1/outcomes',
  async handle({ req, res, deps, log }) {
    const token = authenticateIngest(req, deps.config.ingestTokens);
    deps.rateLimiter.check(token.token, Date.now());
    const parsed = batchSchema.safeParse(await readJsonBody(req, MAX_BODY_BYTES));
    if (!parsed.success) throw new HttpError(400, 'body must be {"outcomes": [...]}');
    const { outcomes } = parsed.data;
    if (outcomes.length > MAX_OUTCOMES_PER_BATCH) {
      throw new HttpError(413, `too many outcomes: at most ${MAX_OUTCOMES_PER_BATCH} per request, got ${outcomes.length}`);
    }
    const summary = await ingestOutcomes(deps.db, outcomes, { now: deps.now(), allowedTeams: token.teams });
    log.info('outcomes ingested', { accepted: summary.accepted, duplicates: summary.duplicates, rejected: summary.rejected.length });
    sendJson(res, 200, summary);
  },
};
