import type { PriceTable } from '../domain/prices.js';
import { priceEvent, type UsageEvent } from '../domain/usage-event.js';
import { isRetryableConflict, type Db } from '../store/db.js';
import { rawRetentionHorizon } from '../store/retention-store.js';
import { insertUsageEvents } from '../store/usage-events-store.js';
import { parseEvent } from './event-schema.js';

export interface RejectedEvent {
  index: number;
  id: string | null;
  error: string;
}

export interface IngestSummary {
  accepted: number;
  duplicates: number;
  rejected: RejectedEvent[];
}

export interface IngestOptions {
  now: Date;
  prices: PriceTable;
  /** Teams a scoped ingest token may write for; null = any team (and unattributed). */
  allowedTeams?: readonly string[] | null;
}

/** Validates, prices and stores a batch; one bad event never sinks the others. */
export async function ingestEvents(db: Db, inputs: readonly unknown[], options: IngestOptions): Promise<IngestSummary> {
  const rejected: RejectedEvent[] = [];
  const byId = new Map<string, UsageEvent>();
  let duplicates = 0;
  // Ids of events before the retention horizon were forgotten: accepting one again would count it twice.
  const horizon = await rawRetentionHorizon(db);
  inputs.forEach((input, index) => {
    const parsed = parseEvent(input, options.now);
    if (!parsed.ok) {
      rejected.push({ index, id: parsed.id, error: parsed.error });
      return;
    }
    const { event } = parsed;
    if (horizon && event.occurredAt < horizon) {
      rejected.push({ index, id: event.id, error: `timestamp: older than the raw retention window (events before ${horizon.toISOString()} are no longer accepted)` });
      return;
    }
    if (options.allowedTeams && (event.team === null || !options.allowedTeams.includes(event.team))) {
      rejected.push({ index, id: event.id, error: `team: this ingest token may only write events for ${options.allowedTeams.join(', ')}` });
      return;
    }
    // The first copy of an id within a batch wins, exactly as a later batch's copy would lose.
    if (byId.has(event.id)) duplicates += 1;
    else byId.set(event.id, priceEvent(event, options.prices));
  });
  const events = [...byId.values()];
  const inserted = await withConflictRetry(() => insertUsageEvents(db, events));
  return { accepted: inserted.size, duplicates: duplicates + events.length - inserted.size, rejected };
}

/** Deadlocks and serialization failures roll the whole statement back, so running it again is safe. */
export async function withConflictRetry<T>(fn: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= attempts || !isRetryableConflict(err)) throw err;
    }
  }
}
