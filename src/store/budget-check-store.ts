import type { BudgetScope } from '../domain/budgets.js';
import { nanosFromDb, type Nanos } from '../domain/money.js';
import type { Queryable } from './db.js';

/** One scope's spend on one org-calendar day; `scope` is the budget's `scope_value`. */
export interface ScopeDayCost {
  scope: string;
  day: string;
  costNanos: Nanos;
}

/**
 * Spend per scope and day over [from, to) for many scopes of one kind in one read, from the rollup
 * each kind's single budget reads: teams from team_daily_spend, products from daily_spend, tags
 * (`key=value`; budget tag keys never hold '=') from daily_tag_spend.
 */
export async function scopeSpendByDay(q: Queryable, kind: BudgetScope['kind'], scopes: readonly string[], from: string, to: string): Promise<ScopeDayCost[]> {
  if (scopes.length === 0) return [];
  let rows: { scope: string; day: string; cost_nanos: string }[];
  if (kind === 'team') {
    rows = await q.query(
      `SELECT team AS scope, day::text AS day, sum(cost_nanos) AS cost_nanos FROM team_daily_spend
       WHERE team = ANY($1) AND day >= $2 AND day < $3 GROUP BY team, day`,
      [scopes, from, to],
    );
  } else if (kind === 'product') {
    rows = await q.query(
      `SELECT product AS scope, day::text AS day, sum(cost_nanos) AS cost_nanos FROM daily_spend
       WHERE product = ANY($1) AND day >= $2 AND day < $3 GROUP BY product, day`,
      [scopes, from, to],
    );
  } else {
    const at = scopes.map((s) => s.indexOf('='));
    rows = await q.query(
      `SELECT s.tag_key || '=' || s.tag_value AS scope, s.day::text AS day, sum(s.cost_nanos) AS cost_nanos
       FROM unnest($1::text[], $2::text[]) AS k(tag_key, tag_value)
       JOIN daily_tag_spend s ON s.tag_key = k.tag_key AND s.tag_value = k.tag_value AND s.day >= $3 AND s.day < $4
       GROUP BY s.tag_key, s.tag_value, s.day`,
      [scopes.map((s, i) => s.slice(0, at[i])), scopes.map((s, i) => s.slice(at[i]! + 1)), from, to],
    );
  }
  return rows.map((r) => ({ scope: r.scope, day: r.day, costNanos: nanosFromDb(r.cost_nanos) }));
}

/**
 * Of these deliveries, the ones nothing more will be sent for (sent, or given up): a check skips them
 * without claiming each one, which is what claiming them would conclude anyway.
 */
export async function settledDeliveries(q: Queryable, deliveries: readonly { kind: string; key: string }[]): Promise<Set<string>> {
  if (deliveries.length === 0) return new Set();
  const rows = await q.query<{ kind: string; dedupe_key: string }>(
    `SELECT d.kind, d.dedupe_key FROM unnest($1::text[], $2::text[]) AS k(kind, dedupe_key)
     JOIN slack_deliveries d ON d.kind = k.kind AND d.dedupe_key = k.dedupe_key
     WHERE d.status IN ('sent', 'gave_up')`,
    [deliveries.map((d) => d.kind), deliveries.map((d) => d.key)],
  );
  return new Set(rows.map((r) => `${r.kind}:${r.dedupe_key}`));
}
