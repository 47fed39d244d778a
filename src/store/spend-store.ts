import { nanosFromDb, type Nanos } from '../domain/money.js';
import type { Queryable } from './db.js';

/**
 * Reads over the rollups. Days are org-calendar dates, `to` exclusive. A team filter of `['']` means
 * unattributed; no team filter means the whole org.
 */
export interface SpendFilter {
  from: string;
  to: string;
  teams?: readonly string[] | null;
  userIds?: readonly string[];
  product?: string;
  model?: string;
}

export interface SpendTotals {
  costNanos: Nanos;
  calls: number;
  errorCalls: number;
  unpricedCalls: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  toolCalls: number;
  lastEventAt: Date | null;
}

export interface SpendSlice {
  key: string;
  costNanos: Nanos;
  calls: number;
  unpricedCalls: number;
}

export interface DailyCost {
  day: string;
  costNanos: Nanos;
  calls: number;
}

export const SPEND_DIMENSIONS = { team: 'team', product: 'product', model: 'model', user: 'user_id' } as const;
export type SpendDimension = keyof typeof SPEND_DIMENSIONS;

function where(f: SpendFilter, params: unknown[]): string {
  params.push(f.from, f.to);
  const clauses = ['day >= $1', 'day < $2'];
  if (f.teams) {
    params.push(f.teams);
    clauses.push(`team = ANY($${params.length})`);
  }
  if (f.userIds) {
    params.push(f.userIds);
    clauses.push(`user_id = ANY($${params.length})`);
  }
  if (f.product !== undefined) {
    params.push(f.product);
    clauses.push(`product = $${params.length}`);
  }
  if (f.model !== undefined) {
    params.push(f.model);
    clauses.push(`model = $${params.length}`);
  }
  return clauses.join(' AND ');
}

interface TotalsRow {
  cost_nanos: string | null;
  calls: string | null;
  error_calls: string | null;
  unpriced_calls: string | null;
  input_tokens: string | null;
  output_tokens: string | null;
  cache_read_tokens: string | null;
  cache_write_tokens: string | null;
  tool_calls: string | null;
  last_event_at: Date | null;
}

export async function spendTotals(q: Queryable, f: SpendFilter): Promise<SpendTotals> {
  const params: unknown[] = [];
  const rows = await q.query<TotalsRow>(
    `SELECT sum(cost_nanos) AS cost_nanos, sum(calls) AS calls, sum(error_calls) AS error_calls,
       sum(unpriced_calls) AS unpriced_calls, sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens,
       sum(cache_read_tokens) AS cache_read_tokens, sum(cache_write_tokens) AS cache_write_tokens,
       sum(tool_calls) AS tool_calls, max(last_event_at) AS last_event_at
     FROM daily_spend WHERE ${where(f, params)}`,
    params,
  );
  const r = rows[0];
  return {
    costNanos: nanosFromDb(r?.cost_nanos),
    calls: Number(r?.calls ?? 0),
    errorCalls: Number(r?.error_calls ?? 0),
    unpricedCalls: Number(r?.unpriced_calls ?? 0),
    inputTokens: Number(r?.input_tokens ?? 0),
    outputTokens: Number(r?.output_tokens ?? 0),
    cacheReadTokens: Number(r?.cache_read_tokens ?? 0),
    cacheWriteTokens: Number(r?.cache_write_tokens ?? 0),
    toolCalls: Number(r?.tool_calls ?? 0),
    lastEventAt: r?.last_event_at ?? null,
  };
}

export async function spendByDay(q: Queryable, f: SpendFilter): Promise<DailyCost[]> {
  const params: unknown[] = [];
  const rows = await q.query<{ day: string; cost_nanos: string; calls: string }>(
    `SELECT day::text AS day, sum(cost_nanos) AS cost_nanos, sum(calls) AS calls
     FROM daily_spend WHERE ${where(f, params)} GROUP BY day ORDER BY day`,
    params,
  );
  return rows.map((r) => ({ day: r.day, costNanos: nanosFromDb(r.cost_nanos), calls: Number(r.calls) }));
}

/** The largest slices by cost (ties by key), at most `limit`; the caller derives "other" from the totals. */
export async function spendBy(q: Queryable, f: SpendFilter, dimension: SpendDimension, limit = 1000): Promise<SpendSlice[]> {
  const column = SPEND_DIMENSIONS[dimension];
  const params: unknown[] = [];
  const clause = where(f, params);
  params.push(limit);
  const rows = await q.query<{ key: string; cost_nanos: string; calls: string; unpriced_calls: string }>(
    `SELECT ${column} AS key, sum(cost_nanos) AS cost_nanos, sum(calls) AS calls, sum(unpriced_calls) AS unpriced_calls
     FROM daily_spend WHERE ${clause} GROUP BY ${column} ORDER BY sum(cost_nanos) DESC, ${column} LIMIT $${params.length}`,
    params,
  );
  return rows.map((r) => ({ key: r.key, costNanos: nanosFromDb(r.cost_nanos), calls: Number(r.calls), unpricedCalls: Number(r.unpriced_calls) }));
}

/**
 * Newest event time among the given teams (all time), for "data as of". The newest event sits on the
 * newest day, so only that day's rows are read (an index probe, not a scan of the team's history).
 */
export async function latestEventAt(q: Queryable, teams: readonly string[] | null): Promise<Date | null> {
  const rows = teams
    ? await q.query<{ at: Date | null }>(
        `SELECT max(last_event_at) AS at FROM daily_spend
         WHERE team = ANY($1) AND day = (SELECT max(day) FROM daily_spend WHERE team = ANY($1))`,
        [teams],
      )
    : await q.query<{ at: Date | null }>(
        'SELECT max(last_event_at) AS at FROM daily_spend WHERE day = (SELECT max(day) FROM daily_spend)',
      );
  return rows[0]?.at ?? null;
}

/**
 * The platform user ids stored for any of `names`, compared case-insensitively (gateways log emails
 * in whatever case the client sent). Walks the distinct user ids through the (user_id, day) index —
 * one probe per user, not a scan of every rollup row.
 */
export async function matchingUserIds(q: Queryable, names: readonly string[]): Promise<string[]> {
  const rows = await q.query<{ id: string }>(
    `WITH RECURSIVE users AS (
       SELECT min(user_id) AS id FROM daily_spend WHERE user_id > ''
       UNION ALL
       SELECT (SELECT min(user_id) FROM daily_spend WHERE user_id > users.id) FROM users WHERE users.id IS NOT NULL
     )
     SELECT id FROM users WHERE id IS NOT NULL AND lower(id) = ANY($1) ORDER BY id`,
    [names.map((n) => n.toLowerCase())],
  );
  return rows.map((r) => r.id);
}
