import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PRICES } from '../../src/domain/default-prices.js';
import { usdToNanos } from '../../src/domain/money.js';
import { buildPriceTable } from '../../src/domain/prices.js';
import { digestContent, type DigestContent, type DigestReport } from '../../src/services/digest-content.js';
import type { Db } from '../../src/store/db.js';
import { findTeam, getOrgSettings } from '../../src/store/teams-store.js';
import { freshDatabase } from '../helpers/database.js';
import { DIGEST_NOW, seedDigestData } from '../helpers/digest-fixtures.js';

let db: Db;

beforeAll(async () => {
  ({ db } = await freshDatabase());
  await seedDigestData(db);
});

async function contentFor(key: string, cadence: 'weekly' | 'daily' = 'weekly', now = DIGEST_NOW): Promise<DigestContent> {
  const team = await findTeam(db, key);
  if (!team) throw new Error(`no team ${key}`);
  return digestContent(db, { team, org: await getOrgSettings(db), cadence, now, prices: buildPriceTable(DEFAULT_PRICES) });
}

function report(c: DigestContent): DigestReport {
  if (c.kind !== 'report') throw new Error(`expected a report, got ${c.kind}`);
  return c;
}

describe('digestContent', () => {
  it('tells a normal week: total vs the week before, 8-week trend, top 3s, costliest tasks, unpriced calls', async () => {
    const r = report(await contentFor('search'));
    expect(r.period).toMatchObject({ from: '2026-03-02', to: '2026-03-09' });
    expect(r.periodLabel).toBe('Mar 2–8, 2026');
    expect(r.totalNanos).toBe(usdToNanos(135));
    expect(r.previousNanos).toBe(usdToNanos(70));
    expect(r.calls).toBe(16);
    expect(r.firstPeriod).toBe(false);
    expect(r.trend.map((p) => p.from)).toEqual(['2026-01-12', '2026-01-19', '2026-01-26', '2026-02-02', '2026-02-09', '2026-02-16', '2026-02-23', '2026-03-02']);
    expect(r.trend.map((p) => p.costNanos)).toEqual([...Array(7).fill(usdToNanos(70)), usdToNanos(135)]);
    expect(r.topModels.map((s) => [s.key, s.costNanos])).toEqual([
      ['claude-opus-4-1', usdToNanos(93)],
      ['gpt-4o-mini', usdToNanos(42)],
      ['mystery-model', 0n],
    ]);
    expect(r.topProducts.map((s) => s.key).slice(0, 2)).toEqual(['answers', 'rewrite']);
    expect(r.topUsers.map((s) => s.key)).toEqual(['ana@example.com', 'bo@example.com', 'dee@example.com']);
    expect(r.topTasks.map((t) => [t.taskId, t.costNanos])).toEqual([
      ['runaway-1', usdToNanos(30)],
      ['t-2026-03-02', usdToNanos(15)],
      ['t-2026-03-03', usdToNanos(15)],
    ]);
    expect(r.unpricedCalls).toBe(1);
    expect(r.unattributedNanos).toBeNull();
  });

  it('reports a daily digest for the last complete day', async () => {
    const r = report(await contentFor('ads', 'daily'));
    expect(r.period).toMatchObject({ from: '2026-03-08', to: '2026-03-09' });
    expect(r.totalNanos).toBe(usdToNanos(2));
    expect(r.trend).toHaveLength(8);
  });

  it('says a quiet week in one line and a brand-new team has no history', async () => {
    expect(await contentFor('quiet')).toMatchObject({ kind: 'quiet', periodLabel: 'Mar 2–8, 2026' });
    expect(await contentFor('fresh')).toMatchObject({ kind: 'new' });
  });

  it('marks a first week on Tally, and shows unattributed spend only where the org is open', async () => {
    const first = report(await contentFor('search', 'weekly', new Date('2026-01-12T09:00:00Z')));
    expect(first.firstPeriod).toBe(true);
    await db.query("UPDATE org_settings SET visibility = 'open'");
    try {
      expect(report(await contentFor('search')).unattributedNanos).toBe(usdToNanos(4));
    } finally {
      await db.query("UPDATE org_settings SET visibility = 'team'");
    }
  });
});
