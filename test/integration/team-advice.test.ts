import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PRICES } from '../../src/domain/default-prices.js';
import { parsePeriod } from '../../src/domain/periods.js';
import { buildPriceTable } from '../../src/domain/prices.js';
import { ingestEvents } from '../../src/ingest/ingest-events.js';
import { teamAdvice, topAdvice } from '../../src/services/team-advice.js';
import { spendTotals } from '../../src/store/spend-store.js';
import { ADVICE_SAVINGS_USD, adviceEvents } from '../helpers/advice-events.js';
import { freshDatabase, type TestDatabase } from '../helpers/database.js';

const prices = buildPriceTable(DEFAULT_PRICES);
const now = new Date('2026-04-02T09:00:00Z');
const march = parsePeriod('2026-03', now, 'UTC');
const usd = (dollars: number) => BigInt(Math.round(dollars * 100)) * 10_000_000n;
let t: TestDatabase;

beforeAll(async () => {
  t = await freshDatabase();
  const summary = await ingestEvents(t.db, [...adviceEvents('search'), ...adviceEvents('other')], { now, prices });
  expect(summary.rejected).toEqual([]);
  // A quiet team: a few cheap, healthy calls, and a February event of 'search' that March must not count.
  await ingestEvents(
    t.db,
    [
      { id: 'q1', timestamp: '2026-03-05T10:00:00Z', team: 'quiet', model: 'gpt-4o-mini', input_tokens: 500, output_tokens: 600 },
      { id: 'q2', timestamp: '2026-03-06T10:00:00Z', team: 'quiet', model: 'gpt-4o-mini', input_tokens: 700, output_tokens: 800 },
      { id: 'feb', timestamp: '2026-02-27T10:00:00Z', team: 'search', model: 'anthropic/claude-opus-4-1', cost_usd: 500, status: 'error' },
    ],
    { now, prices },
  );
});

describe('teamAdvice over ingested events', () => {
  it('finds every rule on crafted data, with the hand-checked saving, largest first', async () => {
    const advice = await teamAdvice(t.db, prices, 'search', march);
    expect(advice.tips.map((tip) => [tip.kind, tip.savingNanos])).toEqual(Object.entries(ADVICE_SAVINGS_USD).map(([kind, dollars]) => [kind, usd(dollars)]));
    expect(advice.belowMinimum).toBe(0);
    // The raw-event total equals what the rollups say the team spent ($181.65), and the minimum is 5 % of it.
    const rollup = await spendTotals(t.db, { from: march.from, to: march.to, teams: ['search'] });
    expect(advice.costNanos).toBe(rollup.costNanos);
    expect(advice.costNanos).toBe(usd(181.65));
    expect(advice.minimumNanos).toBe(9_082_500_000n);
  });

  it('carries the evidence: siblings, retries, runaway task ids, the median prompt', async () => {
    const { tips } = await teamAdvice(t.db, prices, 'search', march);
    const byKind = Object.fromEntries(tips.map((tip) => [tip.kind, tip]));
    expect(byKind['expensive-model']).toMatchObject({ model: 'anthropic/claude-opus-4-1', sibling: 'claude-sonnet-4-5', calls: 1000, medianOutputTokens: 200 });
    expect(byKind['failed-calls']).toMatchObject({ errorCalls: 15, retried: 15, topModel: 'claude-sonnet-4-5' });
    expect(byKind['runaway-tasks']).toMatchObject({ taskType: 'code-review', typeTasks: 10, medianCostNanos: usd(0.5) });
    expect(byKind['runaway-tasks']?.kind === 'runaway-tasks' && byKind['runaway-tasks'].tasks.map((task) => task.taskId)).toEqual(['search-review-8', 'search-review-9']);
    expect(byKind['long-context']).toMatchObject({ calls: 100, medianPromptTokens: 10_000, thresholdTokens: 40_000, topModel: 'gpt-4o' });
    expect(byKind['low-cache']).toMatchObject({ model: 'claude-sonnet-4-5', calls: 1000, cacheReadSharePct: 0 });
  });

  it('has nothing to advise for a quiet team or an empty period, and topAdvice follows the list', async () => {
    const quiet = await teamAdvice(t.db, prices, 'quiet', march);
    expect(quiet.tips).toEqual([]);
    expect(quiet.calls).toBe(2);
    const empty = await teamAdvice(t.db, prices, 'search', parsePeriod('2026-01', now, 'UTC'));
    expect(empty).toMatchObject({ tips: [], calls: 0, costNanos: 0n });
    expect(await topAdvice(t.db, prices, 'quiet', march)).toBeNull();
    expect((await topAdvice(t.db, prices, 'search', march))?.kind).toBe('long-context');
  });

  it('reads only the period: the February $500 failure is not in March', async () => {
    const feb = await teamAdvice(t.db, prices, 'search', parsePeriod('2026-02', now, 'UTC'));
    expect(feb.tips.map((tip) => [tip.kind, tip.savingNanos])).toEqual([['failed-calls', usd(500)]]);
  });
});
