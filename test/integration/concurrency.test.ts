import { inject, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PRICES } from '../../src/domain/default-prices.js';
import { buildPriceTable } from '../../src/domain/prices.js';
import { ingestEvents } from '../../src/ingest/ingest-events.js';
import { connectDb } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrate.js';
import { spendTotals } from '../../src/store/spend-store.js';
import { countTasks } from '../../src/store/tasks-store.js';
import { withDatabase } from '../global-setup.js';
import { freshDatabase, type TestDatabase } from '../helpers/database.js';

const prices = buildPriceTable(DEFAULT_PRICES);
const now = new Date('2026-06-30T00:00:00Z');
let t: TestDatabase;

beforeAll(async () => {
  t = await freshDatabase();
});

describe('concurrency', () => {
  it('two connections ingesting the same ids at once store each event once', async () => {
    const a = connectDb(t.url, { max: 4 });
    const b = connectDb(t.url, { max: 4 });
    try {
      const events = Array.from({ length: 2000 }, (_, i) => ({
        id: `same-${i}`,
        timestamp: `2026-06-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z`,
        team: `team-${i % 7}`,
        task_id: `task-${i % 50}`,
        cost_usd: 0.01,
        tags: { env: 'prod' },
      }));
      // Several overlapping batches per connection, in different orders, all at once.
      const slices = [events.slice(0, 1200), events.slice(800), events.slice(400, 1600), [...events].reverse()];
      const results = await Promise.all(slices.map((s, i) => ingestEvents(i % 2 ? a : b, s, { now, prices })));
      expect(results.reduce((n, r) => n + r.accepted, 0)).toBe(2000);
      const totals = await spendTotals(t.db, { from: '2026-06-01', to: '2026-07-01' });
      expect(totals.calls).toBe(2000);
      expect(totals.costNanos).toBe(2000n * 10_000_000n);
      expect(await countTasks(t.db, { from: '2026-06-01', to: '2026-07-01', teams: null })).toEqual({ tasks: 50, costNanos: 2000n * 10_000_000n });
      const tagCalls = await t.db.query<{ n: string }>("SELECT sum(calls)::text AS n FROM daily_tag_spend WHERE tag_key = 'env'");
      expect(tagCalls[0]?.n).toBe('2000');
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('two processes migrating a new database at once apply each migration exactly once', async () => {
    const adminUrl = inject('adminUrl');
    const name = `tally_mig_${process.pid}`;
    const admin = connectDb(adminUrl, { max: 1 });
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
    const one = connectDb(withDatabase(adminUrl, name), { max: 2 });
    const two = connectDb(withDatabase(adminUrl, name), { max: 2 });
    try {
      const [x, y] = await Promise.all([migrate(one), migrate(two)]);
      const applied = await one.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(x.length + y.length).toBe(applied.length);
      expect(new Set([...x, ...y]).size).toBe(applied.length);
      expect(await migrate(one)).toEqual([]);
    } finally {
      await one.close();
      await two.close();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.close();
    }
  });
});
