import { beforeAll, describe, expect, it } from 'vitest';
import { buildPriceTable } from '../../src/domain/prices.js';
import { DEFAULT_PRICES } from '../../src/domain/default-prices.js';
import { ingestEvents } from '../../src/ingest/ingest-events.js';
import { freshDatabase, type TestDatabase } from '../helpers/database.js';

const prices = buildPriceTable(DEFAULT_PRICES);
const now = new Date('2026-03-10T12:00:00Z');
let t: TestDatabase;

beforeAll(async () => {
  t = await freshDatabase();
});

describe('ingestEvents', () => {
  it('stores, prices and dedupes', async () => {
    const batch = [
      { id: 'a', timestamp: '2026-03-01T10:00:00Z', team: 'search', model: 'openai/gpt-4o', input_tokens: 1000, output_tokens: 100, task_id: 't1', tags: { env: 'prod', feature: 'x' } },
      { id: 'b', timestamp: '2026-03-01T11:00:00Z', team: 'search', cost_usd: 0.25, task_id: 't1' },
      { id: 'c', timestamp: '2026-03-01T11:00:00Z', model: 'mystery-model', input_tokens: 5 },
      { id: 'a', timestamp: '2026-03-01T10:00:00Z', team: 'search' },
      { id: 'd', timestamp: 'yesterday' },
    ];
    const first = await ingestEvents(t.db, batch, { now, prices });
    expect(first).toMatchObject({ accepted: 3, duplicates: 1 });
    expect(first.rejected).toEqual([{ index: 4, id: 'd', error: expect.stringContaining('timestamp') }]);
    const again = await ingestEvents(t.db, batch, { now, prices });
    expect(again).toMatchObject({ accepted: 0, duplicates: 4 });
    const rows = await t.db.query<{ team: string; cost: string; unpriced: string; calls: string }>(
      'SELECT team, sum(cost_nanos)::text AS cost, sum(unpriced_calls)::text AS unpriced, sum(calls)::text AS calls FROM daily_spend GROUP BY team ORDER BY team',
    );
    expect(rows).toEqual([
      { team: '', cost: '0', unpriced: '1', calls: '1' },
      { team: 'search', cost: String(250_000_000 + 1000 * 2500 + 100 * 10_000), unpriced: '0', calls: '2' },
    ]);
    const tasks = await t.db.query<{ calls: string; models: string[] }>('SELECT calls::text, models FROM task_totals');
    expect(tasks).toEqual([{ calls: '2', models: ['openai/gpt-4o'] }]);
    const tags = await t.db.query('SELECT tag_key, tag_value, calls::text FROM daily_tag_spend ORDER BY tag_key');
    expect(tags).toHaveLength(2);
  });
});
