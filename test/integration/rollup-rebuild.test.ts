import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { seededRandom } from '../../src/demo/random.js';
import { DEFAULT_PRICES } from '../../src/domain/default-prices.js';
import { buildPriceTable } from '../../src/domain/prices.js';
import { ingestEvents } from '../../src/ingest/ingest-events.js';
import type { Db } from '../../src/store/db.js';
import { freshDatabase, type TestDatabase } from '../helpers/database.js';

const prices = buildPriceTable(DEFAULT_PRICES);
const now = new Date('2026-04-01T00:00:00Z');
let t: TestDatabase;

/** Every rollup, row by row, as text: identical snapshots mean identical totals to the nano. */
async function snapshot(db: Db) {
  const dump = (table: string, order: string) => db.query(`SELECT * FROM ${table} ORDER BY ${order}`).then((rows) => rows.map((r) => JSON.stringify(r)));
  return {
    daily_spend: await dump('daily_spend', 'team, day, product, user_id, model'),
    team_daily_spend: await dump('team_daily_spend', 'team, day'),
    team_daily_breakdown: await dump('team_daily_breakdown', 'dimension, team, day, key'),
    task_totals: await dump('task_totals', 'task_id'),
    daily_tag_spend: await dump('daily_tag_spend', 'tag_key, tag_value, day, team'),
  };
}

/** Three months of calls; many tasks run for hours across midnight, so they straddle any day boundary. */
function events(): Record<string, unknown>[] {
  const random = seededRandom(11);
  const out: Record<string, unknown>[] = [];
  const start = Date.parse('2026-01-01T00:00:00Z');
  for (let task = 0; task < 300; task++) {
    let at = start + random() * 88 * 24 * 3600_000;
    for (let c = 0; c < 1 + Math.floor(random() * 6); c++) {
      at += random() * 30 * 3600_000;
      const r = random();
      out.push({
        id: `e-${task}-${c}`,
        timestamp: new Date(at).toISOString(),
        team: r < 0.1 ? null : ['search', 'support', 'growth'][task % 3],
        product: ['answers', 'triage'][c % 2],
        user: `u${task % 7}@example.com`,
        task_id: task % 10 === 0 ? null : `task-${task}`,
        task_type: 'run',
        model: r < 0.15 ? 'self-hosted-model' : ['gpt-4o', 'claude-sonnet-4-5'][c % 2],
        input_tokens: Math.floor(random() * 5000),
        output_tokens: Math.floor(random() * 800),
        cost_usd: r > 0.9 ? 0.5 : undefined,
        status: r < 0.05 ? 'error' : 'ok',
        tags: { env: r < 0.5 ? 'prod' : 'staging', ...(c === 0 ? { feature: 'chat' } : {}) },
      });
    }
  }
  return out;
}

async function rebuild(from: string, to: string): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['rollup', 'rebuild', '--from', from, '--to', to], { out: (l) => out.push(l), err: (l) => err.push(l), env: { DATABASE_URL: t.url } });
  return { code, out, err };
}

beforeAll(async () => {
  t = await freshDatabase();
  const all = events();
  // Incremental path: out-of-order batches and a re-sent one, as gateways deliver.
  for (let i = 0; i < all.length; i += 97) await ingestEvents(t.db, all.slice(i, i + 97).reverse(), { now, prices });
  await ingestEvents(t.db, all.slice(0, 50), { now, prices });
});

describe('tally rollup rebuild', () => {
  it('gives identical rollups to the incremental ones, for a middle range whose tasks cross both edges', async () => {
    const before = await snapshot(t.db);
    const crossing = await t.db.query<{ lower: string; upper: string }>(
      `SELECT count(*) FILTER (WHERE first_day < '2026-02-10' AND last_seen >= '2026-02-10')::text AS lower,
              count(*) FILTER (WHERE first_day < '2026-03-05' AND last_seen >= '2026-03-05')::text AS upper FROM task_totals`,
    );
    expect(Number(crossing[0]?.lower)).toBeGreaterThan(0);
    expect(Number(crossing[0]?.upper)).toBeGreaterThan(0);
    const result = await rebuild('2026-02-10', '2026-03-05');
    expect(result).toMatchObject({ code: 0, out: [expect.stringMatching(/^rebuilt rollups for 2026-02-10\.\.2026-03-05 from \d+ events$/)] });
    expect(await snapshot(t.db)).toEqual(before);
  });

  it('gives identical rollups when rebuilding everything', async () => {
    const before = await snapshot(t.db);
    expect(before.daily_spend.length).toBeGreaterThan(100);
    expect(before.team_daily_breakdown.length).toBeGreaterThan(100);
    expect((await rebuild('2025-12-01', '2026-05-01')).code).toBe(0);
    expect(await snapshot(t.db)).toEqual(before);
  });

  it('repairs rollups that drifted from the raw events', async () => {
    const before = await snapshot(t.db);
    await t.db.query(`UPDATE daily_spend SET cost_nanos = cost_nanos + 1 WHERE day = '2026-02-14'`);
    await t.db.query(`DELETE FROM team_daily_spend WHERE day = '2026-02-14'`);
    await t.db.query(`UPDATE team_daily_breakdown SET calls = calls + 1 WHERE day = '2026-02-14' AND dimension = 'user'`);
    expect(await snapshot(t.db)).not.toEqual(before);
    expect((await rebuild('2026-02-14', '2026-02-15')).code).toBe(0);
    expect(await snapshot(t.db)).toEqual(before);
  });

  it('refuses a reversed range with the usage line, changing nothing', async () => {
    const before = await snapshot(t.db);
    const result = await rebuild('2026-03-01', '2026-02-01');
    expect(result.code).toBe(1);
    expect(result.err.join('\n')).toContain('usage: tally rollup rebuild');
    expect(await snapshot(t.db)).toEqual(before);
  });
});
