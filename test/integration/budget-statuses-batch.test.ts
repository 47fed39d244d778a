import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { usdToNanos } from '../../src/domain/money.js';
import { ingestEvents } from '../../src/ingest/ingest-events.js';
import { loadPriceTable } from '../../src/ingest/load-prices.js';
import { budgetStatus, budgetStatuses } from '../../src/services/budget-status.js';
import { upsertFileBudget, type FileBudget } from '../../src/store/budgets-store.js';
import type { Db } from '../../src/store/db.js';
import { getOrgSettings, replaceTeams, saveOrgSettings } from '../../src/store/teams-store.js';
import { freshDatabase } from '../helpers/database.js';

const TEAMS = 40;
const PRODUCTS = 15;
const COST_CENTERS = 45;
const NOW = new Date('2026-03-19T15:30:00Z');

let db: Db;

/** 20 days of spend, skewed so that some scopes cross thresholds and forecast, others have too little data. */
async function seedSpend(): Promise<void> {
  const prices = await loadPriceTable(loadConfig({}).pricesFile);
  const events: unknown[] = [];
  for (let i = 0; i < 2400; i++) {
    const day = 1 + ((i * 7) % 19);
    const team = `t${i % TEAMS}`;
    events.push({
      id: `b${i}`,
      timestamp: `2026-03-${String(day).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:10:00Z`,
      team: i % 13 === 0 ? null : team,
      cost_usd: ((i % 17) + 1) * (i % TEAMS < 5 ? 3.5 : 0.4),
      model: i % 2 ? 'claude-opus-4-1' : 'gpt-5',
      product: `p${i % PRODUCTS}`,
      user: `u${i % 9}@example.com`,
      tags: { cost_center: `cc${i % COST_CENTERS}` },
    });
  }
  for (let at = 0; at < events.length; at += 500) {
    const s = await ingestEvents(db, events.slice(at, at + 500), { now: NOW, prices });
    expect(s.rejected).toEqual([]);
  }
}

/** 300 budgets: every team, product and cost center, monthly and weekly, amounts spread so some alert. */
async function seedBudgets(): Promise<number> {
  const scopes = [
    ...Array.from({ length: TEAMS }, (_, i) => ({ kind: 'team' as const, team: `t${i}` })),
    ...Array.from({ length: PRODUCTS }, (_, i) => ({ kind: 'product' as const, product: `p${i}` })),
    ...Array.from({ length: COST_CENTERS }, (_, i) => ({ kind: 'tag' as const, key: 'cost_center', value: `cc${i}` })),
    ...Array.from({ length: 50 }, (_, i) => ({ kind: 'tag' as const, key: 'env', value: `none${i}` })),
  ];
  const budgets: FileBudget[] = scopes.flatMap((scope, i) =>
    (['monthly', 'weekly'] as const).map((period) => ({
      scope,
      period,
      spec: { amount_nanos: usdToNanos(20 + ((i * 37) % 400)).toString(), thresholds: [50, 80, 100], owners: [] },
    })),
  );
  for (const b of budgets) await upsertFileBudget(db, b);
  return budgets.length;
}

beforeAll(async () => {
  ({ db } = await freshDatabase());
  await replaceTeams(db, Array.from({ length: TEAMS }, (_, i) => ({ key: `t${i}`, name: `Team ${i}`, owners: [`U0T${i}`], channel: i % 3 ? `C0T${i}` : null, members: [], usergroup: null, digest: 'off', valueMetric: null, settings: {} })));
  await saveOrgSettings(db, { ...(await getOrgSettings(db)), timezone: 'America/New_York' });
  await seedSpend();
});

describe('budgetStatuses (batched)', () => {
  it('gives every one of 300 budgets across kinds the same status as evaluating it alone', async () => {
    expect(await seedBudgets()).toBe(300);
    const { timezone } = await getOrgSettings(db);
    const batched = await budgetStatuses(db, NOW, { withDrivers: false });
    expect(batched).toHaveLength(300);
    const alone = await Promise.all(batched.map((s) => budgetStatus(db, s.budget, NOW, { timezone, withDrivers: false })));
    expect(batched).toEqual(alone);
    // The fixture is only worth something if it covers every outcome the check acts on.
    expect(batched.filter((s) => s.spentNanos > 0n).map((s) => s.budget.scope.kind)).toEqual(expect.arrayContaining(['team', 'product', 'tag']));
    expect(batched.some((s) => s.thresholdsCrossed.includes(100))).toBe(true);
    expect(batched.some((s) => s.thresholdsCrossed.length === 0 && s.spentNanos > 0n)).toBe(true);
    expect(batched.some((s) => s.forecast.status === 'ok' && s.forecast.crossingDay !== null)).toBe(true);
    expect(batched.some((s) => s.forecast.status === 'insufficient-data')).toBe(true);
    expect(batched.some((s) => s.team !== null && s.team.channel !== null)).toBe(true);
  });
});
