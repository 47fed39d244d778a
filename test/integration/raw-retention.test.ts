import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { loadConfig } from '../../src/config.js';
import { DEFAULT_PRICES } from '../../src/domain/default-prices.js';
import { buildPriceTable } from '../../src/domain/prices.js';
import { ingestEvents } from '../../src/ingest/ingest-events.js';
import { scheduledJobs } from '../../src/jobs/scheduled-jobs.js';
import type { Db } from '../../src/store/db.js';
import { listUsagePartitions } from '../../src/store/retention-store.js';
import { freshDatabase, type TestDatabase } from '../helpers/database.js';

const prices = buildPriceTable(DEFAULT_PRICES);
const AT = '2026-11-20T12:00:00Z';
const now = new Date(AT);
// 400 days before AT: 2025-10-16T12:00Z. Months up to September 2025 lie entirely before it.
const CUTOFF = new Date('2025-10-16T12:00:00Z');
let t: TestDatabase;

/** One call on the 10th of every month from June 2025 to November 2026, plus one just before the cutoff. */
function events(): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (let m = 0; m < 18; m++) {
    const month = new Date(Date.UTC(2025, 5 + m, 10, 9));
    out.push({ id: `m${m}`, timestamp: month.toISOString(), team: m % 2 ? 'search' : 'support', task_id: `t${m}`, cost_usd: 1 + m, tags: { env: 'prod' } });
  }
  out.push({ id: 'late-oct', timestamp: '2025-10-16T11:00:00Z', team: 'search', task_id: 't-oct', cost_usd: 0.5 });
  return out;
}

async function rollups(db: Db): Promise<string[]> {
  const rows = await db.query(
    `SELECT 'daily' AS k, team, day::text, cost_nanos::text, calls::text FROM daily_spend
     UNION ALL SELECT 'team', team, day::text, cost_nanos::text, calls::text FROM team_daily_spend
     UNION ALL SELECT 'task', team, first_day::text, cost_nanos::text, calls::text FROM task_totals
     UNION ALL SELECT 'tag', team, day::text, cost_nanos::text, calls::text FROM daily_tag_spend
     ORDER BY 1, 2, 3`,
  );
  return rows.map((r) => JSON.stringify(r));
}

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env: { DATABASE_URL: t.url, TALLY_RAW_RETENTION_DAYS: '400' } });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeAll(async () => {
  t = await freshDatabase();
  await ingestEvents(t.db, events(), { now, prices });
});

describe('raw retention', () => {
  it('refuses bad input and changes nothing', async () => {
    const before = await listUsagePartitions(t.db);
    expect(await cli('retention', 'run', '--at', 'soon')).toMatchObject({ code: 1, err: expect.stringContaining('--at must be an ISO-8601 instant') });
    expect(await cli('retention', 'purge')).toMatchObject({ code: 1, err: expect.stringContaining('usage: tally retention run') });
    expect(await listUsagePartitions(t.db)).toEqual(before);
  });

  it('drops the months entirely before the window, forgets their ids and keeps every aggregate', async () => {
    const aggregates = await rollups(t.db);
    const result = await cli('retention', 'run', '--at', AT);
    expect(result.code).toBe(0);
    expect(result.out).toContain('dropped partitions: usage_events_2025_06, usage_events_2025_07, usage_events_2025_08, usage_events_2025_09');
    const left = (await listUsagePartitions(t.db)).map((p) => p.name);
    expect(left[0]).toBe('usage_events_2025_10');
    expect(left).toHaveLength(14);
    expect(await rollups(t.db)).toEqual(aggregates);
    const raw = await t.db.query<{ n: string }>('SELECT count(*)::text AS n FROM usage_events');
    expect(raw[0]?.n).toBe(String(19 - 4));
    const ids = await t.db.query<{ id: string }>('SELECT event_id AS id FROM usage_event_ids WHERE occurred_at < $1', [CUTOFF]);
    expect(ids).toEqual([]);
  });

  it('refuses events older than the window afterwards, so a re-sent old event is never counted twice', async () => {
    const aggregates = await rollups(t.db);
    const again = await ingestEvents(t.db, events(), { now, prices });
    expect(again.accepted).toBe(0);
    expect(again.duplicates + again.rejected.length).toBe(19);
    expect(again.rejected.length).toBeGreaterThan(0);
    for (const r of again.rejected) expect(r.error).toMatch(/^timestamp: older than the raw retention window/);
    const fresh = await ingestEvents(t.db, [
      { id: 'old-new', timestamp: '2025-08-01T00:00:00Z', team: 'search', cost_usd: 9 },
      { id: 'recent', timestamp: '2026-11-19T00:00:00Z', team: 'search', cost_usd: 2 },
    ], { now, prices });
    expect(fresh.accepted).toBe(1);
    expect(fresh.rejected).toEqual([{ index: 0, id: 'old-new', error: expect.stringMatching(/older than the raw retention window/) }]);
    const after = await rollups(t.db);
    expect(after.filter((r) => !r.includes('2026-11-19'))).toEqual(aggregates);
    expect((await listUsagePartitions(t.db)).map((p) => p.name)).not.toContain('usage_events_2025_08');
  });

  it('is idempotent: a second run drops and forgets nothing', async () => {
    const result = await cli('retention', 'run', '--at', AT);
    expect(result.out).toContain('dropped partitions: none; forgot 0 event ids');
  });

  it('keeps aggregates it can no longer rebuild: rollup rebuild refuses days before the horizon', async () => {
    const aggregates = await rollups(t.db);
    const refused = await cli('rollup', 'rebuild', '--from', '2025-09-01', '--to', '2025-11-01');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('Rebuild from 2025-10-17 or later');
    expect(await rollups(t.db)).toEqual(aggregates);
    expect((await cli('rollup', 'rebuild', '--from', '2025-10-17', '--to', '2026-12-01')).code).toBe(0);
    expect(await rollups(t.db)).toEqual(aggregates);
  });

  it('runs daily on the scheduler', () => {
    const job = scheduledJobs(loadConfig({})).find((j) => j.name === 'raw-retention');
    expect(job?.cron).toBe('17 3 * * *');
  });
});
