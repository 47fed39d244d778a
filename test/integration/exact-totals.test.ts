import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PRICES } from '../../src/domain/default-prices.js';
import { usdToNanos } from '../../src/domain/money.js';
import { buildPriceTable } from '../../src/domain/prices.js';
import { ingestEvents } from '../../src/ingest/ingest-events.js';
import { spendBy, spendTotals } from '../../src/store/spend-store.js';
import { freshDatabase, type TestDatabase } from '../helpers/database.js';

const prices = buildPriceTable(DEFAULT_PRICES);
const now = new Date('2026-06-30T00:00:00Z');
let t: TestDatabase;

beforeAll(async () => {
  t = await freshDatabase();
});

const eventArb = fc.record({
  team: fc.option(fc.constantFrom('a', 'b', 'c', 'd'), { nil: undefined }),
  day: fc.integer({ min: 1, max: 28 }),
  cost: fc.option(fc.integer({ min: 0, max: 50_000_000 }).map((c) => c / 1_000_000), { nil: undefined }),
  model: fc.constantFrom('gpt-4o', 'claude-sonnet-4-5', 'unknown-model'),
  input: fc.integer({ min: 0, max: 200_000 }),
  output: fc.integer({ min: 0, max: 20_000 }),
});

describe('exact totals', () => {
  it('team totals plus unattributed equal the grand total, to the nano, for any events and period', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(eventArb, { minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 28 }), async (events, span) => {
        run += 1;
        const payload = events.map((e, i) => ({
          id: `r${run}-${i}`,
          timestamp: `2026-05-${String(e.day).padStart(2, '0')}T12:00:00Z`,
          team: e.team,
          model: e.model,
          input_tokens: e.input,
          output_tokens: e.output,
          cost_usd: e.cost,
        }));
        await ingestEvents(t.db, payload, { now, prices });
        const filter = { from: '2026-05-01', to: `2026-05-${String(Math.min(29, span + 1)).padStart(2, '0')}` };
        const [total, byTeam] = await Promise.all([spendTotals(t.db, filter), spendBy(t.db, filter, 'team')]);
        expect(byTeam.reduce((s, x) => s + x.costNanos, 0n)).toBe(total.costNanos);
        expect(byTeam.reduce((s, x) => s + x.calls, 0)).toBe(total.calls);
      }),
      { numRuns: 25 },
    );
  });

  it('reported costs sum exactly where floats would drift', async () => {
    const tenths = Array.from({ length: 1000 }, (_, i) => ({ id: `tenth-${i}`, timestamp: '2026-04-02T00:00:00Z', team: 'z', cost_usd: 0.1 }));
    await ingestEvents(t.db, tenths, { now, prices });
    const total = await spendTotals(t.db, { from: '2026-04-01', to: '2026-05-01', teams: ['z'] });
    expect(total.costNanos).toBe(usdToNanos(100));
    expect(tenths.reduce((s, e) => s + e.cost_usd, 0)).not.toBe(100); // what a float sum would have said
  });
});
