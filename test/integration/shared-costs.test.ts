import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PRICES } from '../../src/domain/default-prices.js';
import { parsePeriod } from '../../src/domain/periods.js';
import { buildPriceTable } from '../../src/domain/prices.js';
import type { Team } from '../../src/domain/team-directory.js';
import { ingestEvents } from '../../src/ingest/ingest-events.js';
import { renderCostShareLine } from '../../src/render/cost-share-text.js';
import { sharedCostAllocation, teamCostShare, teamSharedCost } from '../../src/services/shared-costs.js';
import { spendTotals } from '../../src/store/spend-store.js';
import { getOrgSettings, replaceTeams, saveOrgSettings } from '../../src/store/teams-store.js';
import { freshDatabase, type TestDatabase } from '../helpers/database.js';

const prices = buildPriceTable(DEFAULT_PRICES);
const now = new Date('2026-04-02T09:00:00Z');
const march = parsePeriod('2026-03', now, 'UTC');
const CENT = 10_000_000n;
let t: TestDatabase;

const team = (key: string): Team => ({ key, name: key.toUpperCase(), owners: [], members: [], usergroup: null, channel: null, digest: 'weekly', valueMetric: null, settings: {} });

async function configureShared(shared: { monthlyUsd: number; split: 'proportional' | 'even' } | undefined): Promise<void> {
  const org = await getOrgSettings(t.db);
  await saveOrgSettings(t.db, { ...org, config: { ...org.config, shared } });
}

function sumTotals(teams: readonly { totalNanos: bigint }[]): bigint {
  return teams.reduce((sum, x) => sum + x.totalNanos, 0n);
}

beforeAll(async () => {
  t = await freshDatabase();
  await replaceTeams(t.db, [team('alpha'), team('beta'), team('idle')]);
  // Priced token counts give sub-cent amounts on purpose: 1,234 gpt-4o input tokens = $0.003085.
  const events: Record<string, unknown>[] = [];
  for (let i = 0; i < 300; i++) {
    const key = i % 3 === 0 ? null : i % 3 === 1 ? 'alpha' : 'beta';
    events.push({ id: `e${i}`, timestamp: `2026-03-${String(1 + (i % 28)).padStart(2, '0')}T12:00:00Z`, team: key, model: 'gpt-4o', input_tokens: 1234 + i, output_tokens: 17 * i });
  }
  events.push({ id: 'stray', timestamp: '2026-03-03T12:00:00Z', team: 'unlisted', cost_usd: 0.333333333 });
  expect((await ingestEvents(t.db, events, { now, prices })).rejected).toEqual([]);
});

describe('sharedCostAllocation over ingested data', () => {
  it('sums back to the period total plus the configured shared amount, to the nano', async () => {
    await configureShared({ monthlyUsd: 2000, split: 'proportional' });
    const total = await spendTotals(t.db, { from: march.from, to: march.to });
    const result = await sharedCostAllocation(t.db, march);
    expect(result.configuredSharedNanos).toBe(2000n * 100n * CENT);
    expect(result.unattributedNanos).toBeGreaterThan(0n);
    expect(sumTotals(result.teams)).toBe(total.costNanos + result.configuredSharedNanos);
    expect(result.teams.reduce((sum, x) => sum + x.sharedNanos, 0n)).toBe(result.unattributedNanos + result.configuredSharedNanos);
    expect(result.teams.map((x) => x.key)).toEqual(['alpha', 'beta', 'idle', 'unlisted']);
    // Proportional: the idle team gets nothing; the rest get shares in line with their direct spend.
    expect(teamCostShare(result, 'idle')).toMatchObject({ directNanos: 0n, sharedNanos: 0n, totalNanos: 0n });
    const alpha = teamCostShare(result, 'alpha');
    const beta = teamCostShare(result, 'beta');
    const allocated = result.unattributedNanos + result.configuredSharedNanos;
    const attributed = total.costNanos - result.unattributedNanos;
    for (const x of [alpha, beta]) {
      const diff = x.sharedNanos * attributed - allocated * x.directNanos;
      expect(diff < 0n ? -diff : diff).toBeLessThan(2n * CENT * attributed);
    }
  });

  it('splits evenly when configured, still to the nano, with direct and shared apart', async () => {
    await configureShared({ monthlyUsd: 3100, split: 'even' });
    const week = parsePeriod('2026-03-10..2026-03-16', now, 'UTC');
    const total = await spendTotals(t.db, { from: week.from, to: week.to });
    const result = await sharedCostAllocation(t.db, week);
    // 7 days of a 31-day month at $3,100/month.
    expect(result.configuredSharedNanos).toBe(700n * 100n * CENT);
    expect(result.appliedSplit).toBe('even');
    expect(sumTotals(result.teams)).toBe(total.costNanos + result.configuredSharedNanos);
    const shares = result.teams.map((x) => x.sharedNanos);
    const spread = shares.reduce((a, b) => (b > a ? b : a)) - shares.reduce((a, b) => (b < a ? b : a));
    expect(spread).toBeLessThan(2n * CENT);
    expect(await teamSharedCost(t.db, week, 'idle')).toEqual(teamCostShare(result, 'idle'));
  });

  it('allocates only unattributed spend when no shared amount is configured, and falls back to even with no direct spend', async () => {
    await configureShared(undefined);
    const result = await sharedCostAllocation(t.db, march);
    expect(result).toMatchObject({ split: 'proportional', configuredSharedNanos: 0n });
    const total = await spendTotals(t.db, { from: march.from, to: march.to });
    expect(sumTotals(result.teams)).toBe(total.costNanos);
    const empty = await sharedCostAllocation(t.db, parsePeriod('2026-01', now, 'UTC'));
    expect(empty.appliedSplit).toBe('even');
    expect(sumTotals(empty.teams)).toBe(0n);
  });
});

describe('renderCostShareLine', () => {
  it('shows direct and shared apart and names the split', async () => {
    await configureShared({ monthlyUsd: 2000, split: 'even' });
    const result = await sharedCostAllocation(t.db, parsePeriod('2026-01', now, 'UTC'));
    // No spend in January, so only the three configured teams: $2,000 / 3 = $666.66⅔ → alpha and beta
    // take the two left-over cents (key order), idle gets $666.66.
    expect(renderCostShareLine(teamCostShare(result, 'idle'), result)).toBe(
      'Direct *$0.00* · shared *$666.66* (unattributed spend and shared platform costs, split evenly across teams) · total *$666.66*',
    );
  });
});
