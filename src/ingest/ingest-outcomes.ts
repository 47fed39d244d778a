import type { Db } from '../store/db.js';
import { insertOutcomes } from '../store/outcomes-store.js';
import { withConflictRetry, type IngestSummary } from './ingest-events.js';
import { parseOutcome, type Outcome } from './outcome-schema.js';

export interface IngestOutcomesOptions {
  now: Date;
  /** Teams a scoped ingest token may write for; null = any team. */
  allowedTeams?: readonly string[] | null;
}

/** Validates and stores a batch of outcomes; one bad item never sinks the others. Idempotent by id. */
export async function ingestOutcomes(db: Db, inputs: readonly unknown[], options: IngestOutcomesOptions): Promise<IngestSummary> {
  const rejected: IngestSummary['rejected'] = [];
  const byId = new Map<string, Outcome>();
  inputs.forEach((input, index) => {
    const parsed = parseOutcome(input, options.now);
    if (!parsed.ok) rejected.push({ index, id: parsed.id, error: parsed.error });
    else if (options.allowedTeams && !options.allowedTeams.includes(parsed.outcome.team)) {
      rejected.push({ index, id: parsed.outcome.id, error: `team: this ingest token may only write outcomes for ${options.allowedTeams.join(', ')}` });
    } else if (!byId.has(parsed.outcome.id)) byId.set(parsed.outcome.id, parsed.outcome);
  });
  const valid = inputs.length - rejected.length;
  const inserted = await withConflictRetry(() => insertOutcomes(db, [...byId.values()]));
  return { accepted: inserted.size, duplicates: valid - inserted.size, rejected };
}
