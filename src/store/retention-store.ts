import type { Queryable } from './db.js';

/** One monthly partition of usage_events: `usage_events_YYYY_MM` covering [from, to) in UTC. */
export interface UsagePartition {
  name: string;
  from: Date;
  to: Date;
}

/** The partitions that exist now, oldest first (named by `tally_ensure_usage_partition`). */
export async function listUsagePartitions(q: Queryable): Promise<UsagePartition[]> {
  const rows = await q.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'usage_events'::regclass ORDER BY c.relname`,
  );
  return rows.flatMap(({ name }) => {
    const m = /^usage_events_(\d{4})_(\d{2})$/.exec(name);
    if (!m) return [];
    const year = Number(m[1]);
    const month = Number(m[2]) - 1;
    return [{ name, from: new Date(Date.UTC(year, month, 1)), to: new Date(Date.UTC(year, month + 1, 1)) }];
  });
}

/** Events before the horizon are no longer accepted at ingest; -infinity until retention first runs. */
export async function rawRetentionHorizon(q: Queryable): Promise<Date | null> {
  const rows = await q.query<{ horizon: Date | string }>('SELECT horizon FROM raw_retention');
  const h = rows[0]?.horizon;
  return h instanceof Date ? h : null;
}

/** Moves the horizon forward (never back); returns the horizon in force. */
export async function advanceRawRetentionHorizon(q: Queryable, horizon: Date): Promise<Date> {
  const rows = await q.query<{ horizon: Date }>(
    'UPDATE raw_retention SET horizon = greatest(horizon, $1) RETURNING horizon',
    [horizon],
  );
  return rows[0]?.horizon ?? horizon;
}

/** Forgets ids of events that happened before `before`: ingest refuses such events from now on. */
export async function pruneEventIds(q: Queryable, before: Date): Promise<number> {
  const rows = await q.query<{ n: string }>(
    'WITH gone AS (DELETE FROM usage_event_ids WHERE occurred_at < $1 RETURNING 1) SELECT count(*) AS n FROM gone',
    [before],
  );
  return Number(rows[0]?.n ?? 0);
}

/** Drops a whole month of raw events at once: no row-by-row delete, no bloat left behind. */
export async function dropUsagePartition(q: Queryable, partition: UsagePartition): Promise<void> {
  await q.query(`DROP TABLE IF EXISTS ${quoteIdent(partition.name)}`);
}

function quoteIdent(name: string): string {
  if (!/^usage_events_\d{4}_\d{2}$/.test(name)) throw new Error(`not a usage_events partition: ${name}`);
  return `"${name}"`;
}
