import { UserError } from '../errors.js';
import { ingestOutcomes } from '../ingest/ingest-outcomes.js';
import { MAX_OUTCOMES_PER_BATCH } from '../ingest/outcome-schema.js';
import type { CliCommand } from './cli-kit.js';
import { ingestJsonlFile } from './ingest-jsonl.js';

export const ingestOutcomesCommand: CliCommand = {
  name: 'ingest-outcomes',
  usage: 'tally ingest-outcomes FILE.jsonl',
  summary: 'load outcomes from a JSONL file (same validation and idempotency as POST /v1/outcomes)',
  async run({ positionals }, ctx) {
    const [file] = positionals;
    if (!file || positionals.length > 1) throw new UserError(`usage: ${this.usage}`);
    const summary = await ingestJsonlFile(file, MAX_OUTCOMES_PER_BATCH, async (batch) => ingestOutcomes((await ctx.deps()).db, batch, { now: ctx.now }));
    ctx.out(JSON.stringify(summary, null, 2));
    return summary.rejected.length > 0 ? 1 : 0;
  },
};
