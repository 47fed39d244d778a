import { beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/demo/random.js';
import { DEFAULT_PRICES } from '../../src/domain/default-prices.js';
import { buildPriceTable } from '../../src/domain/prices.js';
import { ingestEvents } from '../../src/ingest/ingest-events.js';
import { applyTimezone } from '../../src/services/apply-teams-file.js';
import { spendBy, type SpendDimension, type SpendFilter } from '../../src/store/spend-store.js';
import { freshDatabase, type TestDatabase } from '../helpers/database.js';

const prices = buildPriceTable(DEFAULT_PRICES);
const now = new Date('2026-04-01T00:00:00Z');
let t: TestDatabase;
let everyUser: string[];

/** Two months of calls with few distinct costs, unpriced ones and missing fields. */
function events(): Record<string, unknown>[] {
  const random = seededRandom(23);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const start = Date.parse('2026-02-01T00:00:00Z');
  const calls = Array.from({ length: 1500 }, (_, i) => ({
    id: `b-${i}`,
    timestamp: new Date(start + random() * 58 * 24 * 3600_000).toISOString(),
    team: pick([null, 'search', 'support', 'growth', 'growth']),
    product: pick([undefined, 'answers', 'triage', 'review']),
    user: pick([undefined, 'ana@example.com', 'bo@example.com', 'cy@example.com', 'di@example.com', 'ed@example.com', 'fay@example.com']),
    model: pick([undefined, 'gpt-4o', 'claude-sonnet-4-5', 'self-hosted-model']),
    input_tokens: 1000,
    output_tokens: 100,
    cost_usd: pick([0.25, 0.5, 1, undefined]),
  }));
  // A day on which two users, products and models of a team cost exactly the same: order falls to the key.
  const ties = ['x', 'y'].map((k) => ({
    id: `tie-${k}`,
    timestamp: '2026-02-20T12:00:00Z',
    team: 'support',
    product: `tie-${k}`,
    user: `${k}@example.com`,
    model: `tie-model-${k}`,
    cost_usd: 7,
  }));
  return [...ties, ...calls];
}

beforeAll(async () => {
  t = await freshDatabase();
  const all = events();
  for (let i = 0; i < all.length; i += 111) await ingestEvents(t.db, all.slice(i, i + 111), { now, prices });
  const users = await t.db.query<{ user_id: string }>('SELECT DISTINCT user_id FROM daily_spend');
  everyUser = users.map((u) => u.user_id);
});

/** Rows of team_daily_breakdown that differ from daily_spend regrouped per dimension (both ways). */
async function driftFromDailySpend(): Promise<number> {
  const rows = await t.db.query<{ n: string }>(
    `WITH expected AS (
       SELECT b.dimension, d.team, d.day, b.key, sum(d.calls) AS calls, sum(d.unpriced_calls) AS unpriced_calls,
         sum(d.cost_nanos) AS cost_nanos
       FROM daily_spend d
       CROSS JOIN LATERAL (VALUES ('product', d.product), ('model', d.model), ('user', d.user_id)) AS b(dimension, key)
       GROUP BY 1, 2, 3, 4),
     actual AS (SELECT dimension, team, day, key, calls::numeric, unpriced_calls::numeric, cost_nanos::numeric FROM team_daily_breakdown)
     SELECT ((SELECT count(*) FROM (SELECT * FROM expected EXCEPT SELECT * FROM actual) x)
           + (SELECT count(*) FROM (SELECT * FROM actual EXCEPT SELECT * FROM expected) y))::text AS n`,
  );
  return Number(rows[0]?.n);
}

const filters: SpendFilter[] = [
  { from: '2026-02-01', to: '2026-03-01', teams: ['growth'] },
  { from: '2026-02-10', to: '2026-03-20', teams: ['search', 'support'] },
  { from: '2026-03-01', to: '2026-04-01', teams: [''] },
  { from: '2026-02-20', to: '2026-02-21', teams: ['support'] },
  { from: '2026-02-01', to: '2026-04-01' },
  { from: '2026-05-01', to: '2026-06-01', teams: ['growth'] },
];
const dimensions: SpendDimension[] = ['product', 'model', 'user'];

describe('team breakdowns from team_daily_breakdown', () => {
  it('gives the same slices, in the same order (ties by key), as daily_spend for every team filter, range and limit', async () => {
    let compared = 0;
    let ties = 0;
    for (const f of filters) {
      for (const dimension of dimensions) {
        for (const limit of [1, 5, 1000]) {
          // Filtering on every user (including none) selects the same rows but forces the daily_spend path.
          const fromRollup = await spendBy(t.db, f, dimension, limit);
          const fromDailySpend = await spendBy(t.db, { ...f, userIds: everyUser }, dimension, limit);
          expect(fromRollup, `${JSON.stringify(f)} ${dimension} ${limit}`).toEqual(fromDailySpend);
          compared += fromRollup.length;
          ties += fromRollup.filter((slice, i) => slice.costNanos === fromRollup[i - 1]?.costNanos).length;
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
    expect(ties).toBeGreaterThan(0); // so the key tie-break was compared too
  });

  it('folds in a re-sent batch only once', async () => {
    const f: SpendFilter = { from: '2026-02-01', to: '2026-04-01', teams: ['growth'] };
    const before = await spendBy(t.db, f, 'model');
    await ingestEvents(t.db, events().slice(0, 300), { now, prices });
    expect(await spendBy(t.db, f, 'model')).toEqual(before);
  });

  it('holds exactly daily_spend regrouped, also after the org timezone changes and events are re-dated', async () => {
    expect(await driftFromDailySpend()).toBe(0);
    await applyTimezone(t.db, 'America/Los_Angeles');
    const redated = await t.db.query<{ n: string }>(`SELECT count(*)::text AS n FROM team_daily_breakdown WHERE day = '2026-01-31'`);
    expect(Number(redated[0]?.n)).toBeGreaterThan(0);
    expect(await driftFromDailySpend()).toBe(0);
  });

  it('reads the breakdown rollup for team-level questions', async () => {
    const f: SpendFilter = { from: '2026-02-01', to: '2026-04-01', teams: ['search'] };
    const [top] = await spendBy(t.db, f, 'product', 1);
    expect(top).toBeDefined();
    await t.db.query(
      `UPDATE team_daily_breakdown SET calls = calls + 1000 WHERE dimension = 'product' AND team = 'search' AND key = $1`,
      [top?.key],
    );
    const [after] = await spendBy(t.db, f, 'product', 1);
    expect(after?.calls).toBeGreaterThan((top?.calls ?? 0) + 999);
  });
});
