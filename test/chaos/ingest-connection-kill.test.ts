import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usdToNanos } from '../../src/domain/money.js';
import { connectDb } from '../../src/store/db.js';
import { spendBy, spendTotals } from '../../src/store/spend-store.js';
import { freshDatabase, type TestDatabase } from '../helpers/database.js';
import { postUntilAccepted } from '../helpers/ingest-retry.js';
import { usageEvent } from '../helpers/post-events.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let t: TestDatabase;
let server: TestServer;
const now = new Date('2026-03-10T12:00:00Z');
const TEAMS = ['search', 'ads', null] as const;
const MONTH = { from: '2026-03-01', to: '2026-04-01' };

beforeAll(async () => {
  t = await freshDatabase();
  server = await startTestServer(t.db, { now: () => now, slack: false });
});
afterAll(async () => server.close());

/** Batch `b` of `size` events; costs are whole cents so the expected total is exact. */
function batch(b: number, size: number) {
  return Array.from({ length: size }, (_, i) => usageEvent(`kill-${b}-${i}`, TEAMS[(b + i) % 3] ?? null, ((b * size + i) % 97) / 100 + 0.01, { task_id: `task-${i % 7}`, tags: { env: 'prod' } }));
}

describe('connections killed during ingest', () => {
  it('answers 503 with Retry-After, the retry succeeds, and every event counts exactly once', async () => {
    const admin = connectDb(t.url.replace(/\/[^/]+$/, '/postgres'), { max: 1 });
    let kills = 0;
    let killing = true;
    // Terminates the test database's backends in bursts, busy ones (mid-statement) and idle pooled ones
    // alike, until twenty have died: batches fail repeatedly yet get through between bursts.
    const killer = (async () => {
      for (let round = 0; killing && kills < 20; round++) {
        const rows = await admin.query<{ killed: boolean }>(
          `SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity
           WHERE datname = $1 AND pid <> pg_backend_pid() AND ($2 OR state = 'active')`,
          [t.name, round % 2 === 1],
        );
        kills += rows.filter((r) => r.killed).length;
        await new Promise((r) => setTimeout(r, 5 + Math.random() * 60));
      }
    })();
    const batches = Array.from({ length: 12 }, (_, b) => batch(b, 800));
    const results = [];
    try {
      for (let i = 0; i < batches.length; i += 3) {
        results.push(...(await Promise.all(batches.slice(i, i + 3).map((events) => postUntilAccepted(server.baseUrl, events)))));
      }
    } finally {
      killing = false;
      await killer;
      await admin.close();
    }
    expect(kills).toBeGreaterThan(0);
    expect(results.reduce((n, r) => n + r.unavailable, 0)).toBeGreaterThan(0);
    for (const r of results) expect(r.body.accepted + r.body.duplicates).toBe(800);

    const all = batches.flat() as { team: string | null; cost_usd: number }[];
    const expected = all.reduce((sum, e) => sum + usdToNanos(e.cost_usd), 0n);
    const totals = await spendTotals(t.db, MONTH);
    expect(totals.calls).toBe(all.length);
    expect(totals.costNanos).toBe(expected);
    const byTeam = await spendBy(t.db, MONTH, 'team');
    expect(byTeam.reduce((sum, s) => sum + s.costNanos, 0n)).toBe(expected);
    const raw = await t.db.query<{ n: string }>('SELECT count(*)::text AS n FROM usage_events');
    expect(raw[0]?.n).toBe(String(all.length));
    const unavailableLogs = server.logs.filter((l) => l.includes('database unavailable'));
    expect(unavailableLogs.length).toBeGreaterThan(0);
  });
});
