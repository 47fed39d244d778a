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

/**
 * Team-level questions (no user, product or model filter) read the per-team-day rollup: a team-month is
 * about 30 rows whatever the traffic; finer filters need daily_spend.
 */
function rollupFor(f: SpendFilter): 'team_daily_spend' | 'daily_spend' {
  return f.userIds === undefined && f.product === undefined && f.model === undefined ? 'team_daily_spend' : 'daily_spend';
}

export async function spendTotals(q: Queryable, f: SpendFilter): Promise<SpendTotals> {
  const params: unknown[] = [];
  const rows = await q.query<TotalsRow>(
    `SELECT sum(cost_nanos) AS cost_nanos, sum(calls) AS calls, sum(error_calls) AS error_calls,
       sum(unpriced_calls) AS unpriced_calls, sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens,
       sum(cache_read_tokens) AS cache_read_tokens, sum(cache_write_tokens) AS cache_write_tokens,
       sum(tool_calls) AS tool_calls, max(last_event_at) AS last_event_at
     FROM ${rollupFor(f)} WHERE ${where(f, params)}`,
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
     FROM ${rollupFor(f)} WHERE ${where(f, params)} GROUP BY day ORDER BY day`,
    params,
  );
  return rows.map((r) => ({ day: r.day, costNanos: nanosFromDb(r.cost_nanos), calls: Number(r.calls) }));
}

/**
 * Where a breakdown is read: by team from the per-team-day rollup; a team-level product/model/user
 * breakdown from the per-team-day breakdown rollup (rows grow with distinct keys, not combinations);
 * anything filtered by user, product or model from daily_spend.
 */
function breakdownSource(f: SpendFilter, dimension: SpendDimension): { table: string; column: string; dimension?: string } {
  if (dimension === 'team') return { table: rollupFor(f), column: 'team' };
  if (rollupFor(f) === 'team_daily_spend') return { table: 'team_daily_breakdown', column: 'key', dimension };
  return { table: 'daily_spend', column: SPEND_DIMENSIONS[dimension] };
}

/** The largest slices by cost (ties by key), at most `limit`; the caller derives "other" from the totals. */
export async function spendBy(q: Queryable, f: SpendFilter, dimension: SpendDimension, limit = 1000): Promise<SpendSlice[]> {
  const source = breakdownSource(f, dimension);
  const params: unknown[] = [];
  let clause = where(f, params);
  if (source.dimension) {
    params.push(source.dimension);
    clause += ` AND dimension = $${params.length}`;
  }
  params.push(limit);
  const rows = await q.query<{ key: string; cost_nanos: string; calls: string; unpriced_calls: string }>(
    `SELECT ${source.column} AS key, sum(cost_nanos) AS cost_nanos, sum(calls) AS calls, sum(unpriced_calls) AS unpriced_calls
     FROM ${source.table} WHERE ${clause} GROUP BY ${source.column}
     ORDER BY sum(cost_nanos) DESC, ${source.column} LIMIT $${params.length}`,
    params,
  );
  return rows.map((r) => ({ key: r.key, costNanos: nanosFromDb(r.cost_nanos), calls: Number(r.calls), unpricedCalls: Number(r.unpriced_calls) }));
}

/**
 * Newest event time among the given teams (all time), for "data as of". The newest event sits on the
 * team's newest day, found per team through the (team, day, …) primary key: a few index probes, not a
 * scan of the team's history (nor of the newest days of every other team).
 */
export async function latestEventAt(q: Queryable, teams: readonly string[] | null): Promise<Date | null> {
  const rows = teams
    ? await q.query<{ at: Date | null }>(
        `SELECT max(newest.at) AS at FROM unnest($1::text[]) AS t(team), LATERAL (
           SELECT max(last_event_at) AS at FROM daily_spend d
           WHERE d.team = t.team AND d.day = (SELECT max(day) FROM daily_spend m WHERE m.team = t.team)
         ) AS newest`,
        [teams],
      )
    : await q.query<{ at: Date | null }>(
        'SELECT max(last_event_at) AS at FROM daily_spend WHERE day = (SELECT max(day) FROM daily_spend)',
      );
  return rows[0]?.at ?? null;
}

/** Newest event time of these platform users, via the (user_id, day) index like latestEventAt. */
export async function latestUserEventAt(q: Queryable, userIds: readonly string[]): Promise<Date | null> {
  const rows = await q.query<{ at: Date | null }>(
    `SELECT max(last_event_at) AS at FROM daily_spend
     WHERE user_id = ANY($1) AND day = (SELECT max(day) FROM daily_spend WHERE user_id = ANY($1))`,
    [userIds],
  );
  return rows[0]?.at ?? null;
}

/**
 * The platform user ids stored for any of `names`, compared case-insensitively (gateways log emails
 * in whatever case the client sent). Walks the distinct user ids through the (user_id, day) index,
 * starting at each name's first letter in both cases and stopping when the letter changes: one index
 * probe per user sharing that first letter, not a scan of the rollup.
 */
export async function matchingUserIds(q: Queryable, names: readonly string[]): Promise<string[]> {
  const wanted = names.filter((n) => n.length > 0).map((n) => n.toLowerCase());
  const starts = [...new Set(wanted.flatMap((n) => [n.charAt(0), n.charAt(0).toUpperCase()]))];
  const rows = await q.query<{ id: string }>(
    `WITH RECURSIVE walk AS (
       SELECT lower(s.start) AS letter, (SELECT min(user_id) FROM daily_spend WHERE user_id >= s.start) AS id
       FROM unnest($1::text[]) AS s(start)
       UNION ALL
       SELECT w.letter, (SELECT min(user_id) FROM daily_spend WHERE user_id > w.id)
       FROM walk w WHERE w.id IS NOT NULL AND lower(left(w.id, 1)) = w.letter
     )
     SELECT DISTINCT id FROM walk WHERE id IS NOT NULL AND lower(id) = ANY($2) ORDER BY id`,
    [starts, wanted],
  );
  return rows.map((r) => r.id);
}
