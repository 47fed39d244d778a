import { UserError } from '../errors.js';
import { MAX_EVENTS_PER_BATCH } from '../ingest/event-schema.js';
import { ingestEvents } from '../ingest/ingest-events.js';
import type { CliCommand } from './cli-kit.js';
import { ingestJsonlFile } from './ingest-jsonl.js';

/** Reads JSONL in batches of the API's size; blank lines are skipped, a line that is not JSON is rejected. */
export const ingestCommand: CliCommand = {
  name: 'ingest',
  usage: 'tally ingest FILE.jsonl',
  summary: 'load usage events from a JSONL file (same validation and idempotency as POST /v1/events)',
  async run({ positionals }, ctx) {
    const [file] = positionals;
    if (!file) throw new UserError(`usage: ${this.usage}`);
    // ctx.deps() opens the database once, on the first batch: an unreadable file never touches it.
    const summary = await ingestJsonlFile(file, MAX_EVENTS_PER_BATCH, async (batch) => {
      const deps = await ctx.deps();
      return ingestEvents(deps.db, batch, { now: ctx.now, prices: deps.prices });
    });
    ctx.out(JSON.stringify(summary, null, 2));
    return summary.rejected.length > 0 ? 1 : 0;
  },
};
