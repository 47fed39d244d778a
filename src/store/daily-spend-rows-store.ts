import { nanosFromDb, type Nanos } from '../domain/money.js';
import type { Queryable } from './db.js';

/** Mirrors the `daily_spend` columns an export needs (bigints as node-pg returns them: strings). */
export interface DailySpendRow {
  team: string;
  day: string;
  product: string;
  user_id: string;
  model: string;
  calls: string;
  unpriced_calls: string;
  input_tokens: string;
  output_tokens: string;
  cache_read_tokens: string;
  cache_write_tokens: string;
  cost_nanos: string;
}

export interface DailySpendLine {
  team: string;
  day: string;
  product: string;
  user: string;
  model: string;
  calls: number;
  unpricedCalls: number;
  tokens: bigint;
  costNanos: Nanos;
}

/** Every rollup row of [from, to), in a stable order; `teams` null = all (unattributed included). */
export async function dailySpendLines(q: Queryable, f: { from: string; to: string; teams: readonly string[] | null }): Promise<DailySpendLine[]> {
  const rows = await q.query<DailySpendRow>(
    `SELECT team, day::text AS day, product, user_id, model, calls, unpriced_calls, input_tokens, output_tokens,
       cache_read_tokens, cache_write_tokens, cost_nanos
     FROM daily_spend WHERE day >= $1 AND day < $2 AND ($3::text[] IS NULL OR team = ANY($3))
     ORDER BY day, team, product, model, user_id`,
    [f.from, f.to, f.teams],
  );
  return rows.map((r) => ({
    team: r.team,
    day: r.day,
    product: r.product,
    user: r.user_id,
    model: r.model,
    calls: Number(r.calls),
    unpricedCalls: Number(r.unpriced_calls),
    tokens: BigInt(r.input_tokens) + BigInt(r.output_tokens) + BigInt(r.cache_read_tokens) + BigInt(r.cache_write_tokens),
    costNanos: nanosFromDb(r.cost_nanos),
  }));
}
