import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../src/app-deps.js';
import { buildDeps } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config.js';
import { usdToNanos } from '../../src/domain/money.js';
import { runJobSlot } from '../../src/jobs/scheduler.js';
import { createLogger } from '../../src/log.js';
import { connectDb, type Db } from '../../src/store/db.js';
import { listJobSlots } from '../../src/store/job-slots-store.js';
import { spendBy, spendTotals } from '../../src/store/spend-store.js';
import { spawnServer, type SpawnedTally } from '../helpers/child-process.js';
import { freshDatabase, type TestDatabase } from '../helpers/database.js';
import { postUntilAccepted } from '../helpers/ingest-retry.js';
import { usageEvent } from '../helpers/post-events.js';
import { TEST_INGEST_TOKEN } from '../helpers/test-server.js';

let t: TestDatabase;
const replicas: (SpawnedTally & { baseUrl: string })[] = [];
const pools: Db[] = [];
const MONTH = { from: '2026-03-01', to: '2026-04-01' };

beforeAll(async () => {
  t = await freshDatabase();
  const env = { DATABASE_URL: t.url, TALLY_INGEST_TOKENS: TEST_INGEST_TOKEN, TALLY_INGEST_RATE_PER_MINUTE: '100000' };
  replicas.push(...(await Promise.all([spawnServer(env), spawnServer(env)])));
});
afterAll(async () => {
  for (const r of replicas) r.child.kill('SIGTERM');
  await Promise.all(replicas.map((r) => r.exited));
  await Promise.all(pools.map((p) => p.close()));
});

async function replicaDeps(): Promise<AppDeps> {
  const db = connectDb(t.url, { max: 2 });
  pools.push(db);
  return buildDeps(loadConfig({ DATABASE_URL: t.url }), db, createLogger({ write: () => undefined }));
}

describe('two server processes on one database', () => {
  it('store overlapping concurrent batches from both exactly once', async () => {
    // Each batch overlaps the next by half, and replica A and B get alternate batches at the same time.
    const batches = Array.from({ length: 10 }, (_, b) =>
      Array.from({ length: 600 }, (_, i) => {
        const n = b * 300 + i;
        return usageEvent(`dup-${n}`, n % 4 === 0 ? null : `team-${n % 3}`, (n % 50) / 100 + 0.01, { timestamp: '2026-03-05T10:00:00Z' });
      }),
    );
    const results = await Promise.all(batches.map((events, b) => postUntilAccepted(replicas[b % 2]!.baseUrl, events)));
    const distinct = new Map(batches.flat().map((e) => [e.id as string, e.cost_usd as number]));
    expect(results.reduce((n, r) => n + r.body.accepted, 0)).toBe(distinct.size);
    const expected = [...distinct.values()].reduce((sum, usd) => sum + usdToNanos(usd), 0n);
    const totals = await spendTotals(t.db, MONTH);
    expect(totals.calls).toBe(distinct.size);
    expect(totals.costNanos).toBe(expected);
    const byTeam = await spendBy(t.db, MONTH, 'team');
    expect(byTeam.reduce((sum, s) => sum + s.costNanos, 0n)).toBe(expected);
  });

  it('run each scheduled job once per slot, whichever replica fires first', async () => {
    const [a, b] = await Promise.all([replicaDeps(), replicaDeps()]);
    let runs = 0;
    const job = { name: 'replica-job', cron: '* * * * *', run: async () => ({ run: ++runs }) };
    const slots = Array.from({ length: 20 }, (_, i) => new Date(Date.UTC(2026, 2, 10, 9, i, 7)));
    for (const now of slots) {
      const ran = await Promise.all([runJobSlot(job, a, now, 'replica-a'), runJobSlot(job, b, new Date(now.getTime() + 20_000), 'replica-b')]);
      expect(ran.filter(Boolean)).toHaveLength(1);
    }
    expect(runs).toBe(20);
    const rows = await listJobSlots(t.db, 'replica-job');
    expect(rows).toHaveLength(20);
    expect(rows.every((r) => r.finished_at !== null && r.error === null)).toBe(true);
  });
});
