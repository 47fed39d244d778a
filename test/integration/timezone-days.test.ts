import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PRICES } from '../../src/domain/default-prices.js';
import { buildPriceTable } from '../../src/domain/prices.js';
import { ingestEvents } from '../../src/ingest/ingest-events.js';
import { applyTimezone } from '../../src/services/apply-teams-file.js';
import { spendByDay } from '../../src/store/spend-store.js';
import { freshDatabase, type TestDatabase } from '../helpers/database.js';

const prices = buildPriceTable(DEFAULT_PRICES);
let t: TestDatabase;

beforeAll(async () => {
  t = await freshDatabase();
  await applyTimezone(t.db, 'Europe/Berlin');
});

const at = (id: string, timestamp: string) => ({ id, timestamp, team: 'a', cost_usd: 1 });

describe('org-calendar days', () => {
  it('files events under Berlin days across the spring-forward change (a 23-hour day)', async () => {
    // 2026-03-29: clocks go 02:00 CET → 03:00 CEST; the day runs 2026-03-28T23:00Z .. 2026-03-29T22:00Z.
    await ingestEvents(
      t.db,
      [
        at('before-midnight', '2026-03-28T22:59:59Z'), // 23:59:59 CET on the 28th
        at('midnight', '2026-03-28T23:00:00Z'), // 00:00 CET on the 29th
        at('after-change', '2026-03-29T01:30:00Z'), // 03:30 CEST on the 29th
        at('last-second', '2026-03-29T21:59:59Z'), // 23:59:59 CEST on the 29th
        at('next-day', '2026-03-29T22:00:00Z'), // 00:00 CEST on the 30th
      ],
      { now: new Date('2026-04-01T00:00:00Z'), prices },
    );
    const days = await spendByDay(t.db, { from: '2026-03-28', to: '2026-03-31' });
    expect(days.map((d) => [d.day, d.calls])).toEqual([
      ['2026-03-28', 1],
      ['2026-03-29', 3],
      ['2026-03-30', 1],
    ]);
  });

  it('re-files every event when the org timezone changes, keeping the total', async () => {
    await applyTimezone(t.db, 'UTC');
    const days = await spendByDay(t.db, { from: '2026-03-28', to: '2026-03-31' });
    expect(days.map((d) => [d.day, d.calls])).toEqual([
      ['2026-03-28', 2],
      ['2026-03-29', 3],
    ]);
    await applyTimezone(t.db, 'Europe/Berlin');
    const back = await spendByDay(t.db, { from: '2026-03-28', to: '2026-03-31' });
    expect(back.map((d) => d.calls)).toEqual([1, 3, 1]);
  });
});
