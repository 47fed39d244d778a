import { beforeAll, describe, expect, it } from 'vitest';
import { buildPriceTable } from '../../src/domain/prices.js';
import { DEFAULT_PRICES } from '../../src/domain/default-prices.js';
import { ingestEvents } from '../../src/ingest/ingest-events.js';
import { freshDatabase, type TestDatabase } from '../helpers/database.js';
import { usageEvent } from '../helpers/post-events.js';

const prices = buildPriceTable(DEFAULT_PRICES);
const now = new Date('2026-03-10T12:00:00Z');
let t: TestDatabase;

beforeAll(async () => {
  t = await freshDatabase();
});

/** Each event breaks exactly one limit; the reason names the field and the bound. */
const CASES: [string, Record<string, unknown>, RegExp][] = [
  ['id too long', { id: 'x'.repeat(201) }, /^id: must be at most 200 characters$/],
  ['team too long', { team: 't'.repeat(201) }, /^team: must be at most 200 characters$/],
  ['model too long', { model: 'm'.repeat(201) }, /^model: must be at most 200 characters$/],
  ['51 tags', { tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) }, /^tags: must have at most 50 keys$/],
  ['tag key too long', { tags: { ['k'.repeat(101)]: 'v' } }, /tag keys must be at most 100 characters/],
  ['tag value too long', { tags: { k: 'v'.repeat(201) } }, /tag values must be at most 200 characters/],
  ['tag value not a string', { tags: { k: 3 } }, /tag values must be strings/],
  ['negative input tokens', { input_tokens: -1 }, /^input_tokens: must not be negative$/],
  ['absurd output tokens', { output_tokens: 100_000_001 }, /^output_tokens: must be at most 100,000,000$/],
  ['fractional tokens', { cache_read_tokens: 1.5 }, /^cache_read_tokens: must be a whole number$/],
  ['absurd tool calls', { tool_calls: 100_001 }, /^tool_calls: must be at most 100,000$/],
  ['negative cost', { cost_usd: -0.01 }, /^cost_usd: must not be negative$/],
  ['absurd cost', { cost_usd: 100_000.01 }, /^cost_usd: must be at most 100000 per call$/],
  ['cost as a string', { cost_usd: '0.5' }, /^cost_usd: must be a number$/],
  ['before 2020', { timestamp: '2019-12-31T23:59:59Z' }, /^timestamp: must not be before 2020-01-01$/],
  ['more than a day ahead', { timestamp: '2026-03-11T12:00:01Z' }, /^timestamp: must not be more than a day in the future$/],
  ['no UTC offset', { timestamp: '2026-03-09T08:00:00' }, /^timestamp: must be ISO-8601 with a UTC offset/],
  ['impossible date', { timestamp: '2026-02-30T08:00:00Z' }, /^timestamp: is not a real date$/],
  ['NUL in a label', { user: 'a\u0000b' }, /^user: must not contain NUL characters or broken Unicode$/],
  ['broken Unicode in a tag', { tags: { k: '\ud800' } }, /tag values must not contain NUL characters or broken Unicode/],
];

describe('ingest limits', () => {
  it('refuses every out-of-bounds event with its reason and writes none of them', async () => {
    const batch = CASES.map(([, patch], i) => ({ ...usageEvent(`limit-${i}`, 'search', 0.5), ...patch }));
    const summary = await ingestEvents(t.db, batch, { now, prices });
    expect(summary.accepted).toBe(0);
    expect(summary.rejected).toHaveLength(CASES.length);
    summary.rejected.forEach((r, i) => expect(r.error, CASES[i]![0]).toMatch(CASES[i]![2]));
    expect(await t.db.query('SELECT 1 FROM usage_events')).toEqual([]);
  });

  it('accepts values exactly at each bound', async () => {
    const atBounds = {
      ...usageEvent('bound-ok', 't'.repeat(200), 100_000, { timestamp: '2026-03-11T12:00:00Z' }),
      input_tokens: 100_000_000,
      tool_calls: 100_000,
      tags: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`${'k'.repeat(98)}${String(i).padStart(2, '0')}`, 'v'.repeat(200)])),
    };
    const early = usageEvent('bound-early', 'search', 0, { timestamp: '2020-01-01T00:00:00Z' });
    expect(await ingestEvents(t.db, [atBounds, early], { now, prices })).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
  });
});
