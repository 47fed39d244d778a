import { nanosFromDb } from '../domain/money.js';
import type { Queryable } from './db.js';
import type { DailyCost, SpendSlice } from './spend-store.js';

/** Reads over `daily_tag_spend` for one tag key=value; days are org-calendar dates, `to` exclusive. */
export interface TagSpendFilter {
  key: string;
  value: string;
  from: string;
  to: string;
  /** null = every team and unattributed (''); otherwise only these teams. */
  teams: readonly string[] | null;
}

/** Mirrors the summed columns of `daily_tag_spend`. */
interface TagSumRow {
  cost_nanos: string | null;
  calls: string | null;
  unpriced_calls: string | null;
}

function where(f: TagSpendFilter, params: unknown[]): string {
  params.push(f.key, f.value, f.from, f.to);
  const clause = 'tag_key = $1 AND tag_value = $2 AND day >= $3 AND day < $4';
  if (!f.teams) return clause;
  params.push(f.teams);
  return `${clause} AND team = ANY($5)`;
}

export async function tagSpendTotals(q: Queryable, f: TagSpendFilter): Promise<Omit<SpendSlice, 'key'>> {
  const params: unknown[] = [];
  const rows = await q.query<TagSumRow>(
    `SELECT sum(cost_nanos) AS cost_nanos, sum(calls) AS calls, sum(unpriced_calls) AS unpriced_calls
     FROM daily_tag_spend WHERE ${where(f, params)}`,
    params,
  );
  return { costNanos: nanosFromDb(rows[0]?.cost_nanos), calls: Number(rows[0]?.calls ?? 0), unpricedCalls: Number(rows[0]?.unpriced_calls ?? 0) };
}

export async function tagSpendByDay(q: Queryable, f: TagSpendFilter): Promise<DailyCost[]> {
  const params: unknown[] = [];
  const rows = await q.query<{ day: string; cost_nanos: string; calls: string }>(
    `SELECT day::text AS day, sum(cost_nanos) AS cost_nanos, sum(calls) AS calls
     FROM daily_tag_spend WHERE ${where(f, params)} GROUP BY day ORDER BY day`,
    params,
  );
  return rows.map((r) => ({ day: r.day, costNanos: nanosFromDb(r.cost_nanos), calls: Number(r.calls) }));
}

/** The tag's spend per team ('' = unattributed), largest first, at most `limit`. */
export async function tagSpendByTeam(q: Queryable, f: TagSpendFilter, limit: number): Promise<SpendSlice[]> {
  const params: unknown[] = [];
  const clause = where(f, params);
  params.push(limit);
  const rows = await q.query<{ key: string } & TagSumRow>(
    `SELECT team AS key, sum(cost_nanos) AS cost_nanos, sum(calls) AS calls, sum(unpriced_calls) AS unpriced_calls
     FROM daily_tag_spend WHERE ${clause} GROUP BY team ORDER BY sum(cost_nanos) DESC, team LIMIT $${params.length}`,
    params,
  );
  return rows.map((r) => ({ key: r.key, costNanos: nanosFromDb(r.cost_nanos), calls: Number(r.calls ?? 0), unpricedCalls: Number(r.unpriced_calls ?? 0) }));
}
