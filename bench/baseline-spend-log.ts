import type { Db } from '../src/store/db.js';
import { spendBy, spendByDay, spendTotals, type SpendFilter } from '../src/store/spend-store.js';
import { median, timed } from './measure.js';

/**
 * The comparison the issue asks for: the per-request spend-log table gateways keep (LiteLLM's
 * SpendLogs shape: one row per call, indexed on start time), loaded with the same events, answering
 * the same team-month question by grouping raw rows. Bench-only SQL: it is not part of Tally.
 */
export async function loadSpendLog(db: Db): Promise<{ rows: number; ms: number }> {
  const { ms, result } = await timed(async () => {
    await db.query('DROP TABLE IF EXISTS bench_spend_logs');
    await db.query(`CREATE TABLE bench_spend_logs (
      request_id text PRIMARY KEY, call_type text, api_key text, spend double precision, total_tokens integer,
      prompt_tokens integer, completion_tokens integer, "startTime" timestamptz, "endTime" timestamptz, model text,
      custom_llm_provider text, "user" text, metadata jsonb, request_tags jsonb, team_id text, end_user text, status text)`);
    await db.query(`INSERT INTO bench_spend_logs
      SELECT event_id, 'acompletion', 'sk-hash', cost_nanos / 1e9, input_tokens + output_tokens + cache_read_tokens,
        input_tokens + cache_read_tokens, output_tokens, occurred_at, occurred_at, model, provider, user_id,
        jsonb_build_object('task_id', task_id, 'product', product), tags, team, user_id, status
      FROM usage_events`);
    await db.query('CREATE INDEX bench_spend_logs_start ON bench_spend_logs ("startTime")');
    await db.query('ANALYZE bench_spend_logs');
    const rows = await db.query<{ n: string }>('SELECT count(*) AS n FROM bench_spend_logs');
    return Number(rows[0]?.n ?? 0);
  });
  return { rows: result, ms };
}

export interface TeamMonth {
  team: string;
  /** Org-calendar days (UTC here), `to` exclusive. */
  from: string;
  to: string;
}

/** Totals, spend by day, top models and top users for one team and month, grouped from raw rows. */
async function naiveTeamMonth(db: Db, q: TeamMonth): Promise<void> {
  const where = `team_id = $1 AND "startTime" >= $2::date AND "startTime" < $3::date`;
  const params = [q.team, q.from, q.to];
  await db.query(`SELECT sum(spend), count(*), sum(prompt_tokens), sum(completion_tokens) FROM bench_spend_logs WHERE ${where}`, params);
  await db.query(`SELECT date_trunc('day', "startTime") AS day, sum(spend) FROM bench_spend_logs WHERE ${where} GROUP BY 1 ORDER BY 1`, params);
  await db.query(`SELECT model, sum(spend) FROM bench_spend_logs WHERE ${where} GROUP BY 1 ORDER BY 2 DESC LIMIT 10`, params);
  await db.query(`SELECT "user", sum(spend) FROM bench_spend_logs WHERE ${where} GROUP BY 1 ORDER BY 2 DESC LIMIT 10`, params);
}

/** The same four answers from Tally's rollups, through the store functions the services use. */
async function tallyTeamMonth(db: Db, q: TeamMonth): Promise<void> {
  const filter: SpendFilter = { from: q.from, to: q.to, teams: [q.team] };
  await spendTotals(db, filter);
  await spendByDay(db, filter);
  await spendBy(db, filter, 'model', 10);
  await spendBy(db, filter, 'user', 10);
}

export interface BaselineResult {
  teams: string[];
  naiveMs: number;
  tallyMs: number;
  ratio: number;
}

/** Median time per team-month answer each way, warm cache (each query runs once unrecorded first). */
export async function compareTeamMonth(db: Db, months: readonly TeamMonth[], tallyRepeats = 10): Promise<BaselineResult> {
  const naive: number[] = [];
  const tally: number[] = [];
  for (const m of months) {
    await naiveTeamMonth(db, m);
    naive.push((await timed(() => naiveTeamMonth(db, m))).ms);
    await tallyTeamMonth(db, m);
    for (let i = 0; i < tallyRepeats; i++) tally.push((await timed(() => tallyTeamMonth(db, m))).ms);
  }
  const naiveMs = median(naive);
  const tallyMs = median(tally);
  return { teams: months.map((m) => m.team), naiveMs, tallyMs, ratio: tallyMs > 0 ? Math.round(naiveMs / tallyMs) : 0 };
}
