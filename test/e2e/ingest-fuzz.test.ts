import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spendBy, spendTotals } from '../../src/store/spend-store.js';
import { freshDatabase, type TestDatabase } from '../helpers/database.js';
import { startTestServer, TEST_INGEST_TOKEN, type TestServer } from '../helpers/test-server.js';

let t: TestDatabase;
let server: TestServer;
const now = new Date('2026-03-10T12:00:00Z');
const ALL_TIME = { from: '2000-01-01', to: '2100-01-01' };
const REFUSALS = [200, 400, 413, 415];

beforeAll(async () => {
  t = await freshDatabase();
  server = await startTestServer(t.db, { now: () => now, slack: false, env: { TALLY_INGEST_RATE_PER_MINUTE: '1000000' } });
});
afterAll(async () => server.close());

/** Anything a buggy or hostile client could put in a field. */
const junk = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(null, true, -1, 0, 1e308, -1e308, Number.MAX_SAFE_INTEGER, 2 ** 63, 1e-12, '', ' ', '0', 'NaN', '1e309', '\u0000', 'a\u0000b', '\ud800', 'x\udfff', '😀', '2026-02-30T00:00:00Z'),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
  fc.array(fc.integer(), { maxLength: 3 }),
);

/** Around every boundary: before 2020, far future, a day ahead (now is 2026-03-10T12:00Z). */
const timestamp = fc.oneof(
  fc.date({ min: new Date('2019-06-01T00:00:00Z'), max: new Date('2026-03-13T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom('2019-12-31T23:59:59Z', '2020-01-01T00:00:00Z', '2026-03-11T12:00:00Z', '2026-03-11T12:00:01Z', '2026-03-10T13:00:00+01:00', '2026-03-10T12:00:00.123456789Z'),
);

/** Mostly valid events (ids repeat across batches, so re-sends happen too). */
const plausibleEvent = fc.record(
  {
    id: fc.integer({ min: 0, max: 1500 }).map((n) => `e${n}`),
    timestamp,
    team: fc.constantFrom('search', 'ads', 'billing', null, '  '),
    product: fc.option(fc.string({ maxLength: 20 })),
    user: fc.option(fc.constantFrom('U1', 'U2', 'alice@example.com')),
    task_id: fc.option(fc.integer({ min: 0, max: 30 }).map((n) => `task-${n}`)),
    model: fc.constantFrom('gpt-4o', 'gpt-4o-mini', 'claude-sonnet-4-5', 'in-house', null),
    input_tokens: fc.integer({ min: 0, max: 200_000 }),
    output_tokens: fc.integer({ min: 0, max: 20_000 }),
    tool_calls: fc.integer({ min: 0, max: 50 }),
    cost_usd: fc.option(fc.oneof(fc.integer({ min: 0, max: 50_000_000 }).map((c) => c / 1_000_000), fc.double({ min: 0, max: 1000, noNaN: true }))),
    status: fc.constantFrom('ok', 'error', undefined),
    tags: fc.option(fc.dictionary(fc.string({ minLength: 1, maxLength: 20 }), fc.string({ maxLength: 30 }), { maxKeys: 5 })),
  },
  { requiredKeys: ['id', 'timestamp'] },
);

/** Values just past each limit, and wrong types. */
const outOfBounds = fc.constantFrom<[string, unknown]>(
  ['input_tokens', -1],
  ['input_tokens', 100_000_001],
  ['input_tokens', 1.5],
  ['tool_calls', 100_001],
  ['cost_usd', -0.01],
  ['cost_usd', 100_000.01],
  ['cost_usd', '0.5'],
  ['id', 'x'.repeat(201)],
  ['team', 'x'.repeat(201)],
  ['tags', Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']))],
  ['tags', { k: 'v'.repeat(201) }],
  ['tags', { ['k'.repeat(101)]: 'v' }],
  ['tags', { '': 'v' }],
  ['tags', { k: 1 }],
  ['status', 'maybe'],
  ['timestamp', '2026-03-10 12:00:00'],
);

/** A plausible event with one field replaced by junk or an out-of-bounds value, or removed. */
const mutatedEvent = fc
  .tuple(plausibleEvent, fc.constantFrom('id', 'timestamp', 'team', 'cost_usd', 'input_tokens', 'tags', 'status', 'extra'), junk, outOfBounds, fc.nat(2))
  .map(([event, key, value, [boundKey, boundValue], how]) => {
    const copy: Record<string, unknown> = { ...event };
    if (how === 0) delete copy[key];
    else if (how === 1) copy[key] = value;
    else copy[boundKey] = boundValue;
    return copy;
  });

const batchItem = fc.oneof({ weight: 5, arbitrary: plausibleEvent }, { weight: 4, arbitrary: mutatedEvent }, { weight: 1, arbitrary: fc.anything() });

/** Whole request bodies: mostly batches, some malformed JSON, wrong shapes and cut-off text. */
const body = fc.oneof(
  { weight: 8, arbitrary: fc.array(batchItem, { maxLength: 25 }).map((events) => JSON.stringify({ events })) },
  { weight: 1, arbitrary: fc.json() },
  { weight: 1, arbitrary: fc.tuple(fc.array(batchItem, { minLength: 1, maxLength: 5 }), fc.nat()).map(([events, cut]) => { const s = JSON.stringify({ events }); return s.slice(0, cut % s.length); }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
);

async function post(path: string, text: string, contentType = 'application/json'): Promise<Response> {
  return fetch(`${server.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': contentType, authorization: `Bearer ${TEST_INGEST_TOKEN}` }, body: text });
}

describe('fuzzing the ingest API', () => {
  it('never answers 5xx to thousands of generated and mutated /v1/events bodies, and the totals still add up', async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(body, fc.constantFrom('application/json', 'application/json; charset=utf-8', 'application/json', 'text/plain'), async (text, type) => {
        const res = await post('/v1/events', text, type);
        const answer = await res.text();
        expect(REFUSALS, `${res.status} ${answer} for ${text.slice(0, 300)}`).toContain(res.status);
        if (res.status === 200) accepted += (JSON.parse(answer) as { accepted: number }).accepted;
        else expect((JSON.parse(answer) as { error: string }).error.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
    expect(accepted).toBeGreaterThan(50);
    const [total, byTeam] = await Promise.all([spendTotals(t.db, ALL_TIME), spendBy(t.db, ALL_TIME, 'team')]);
    expect(total.calls).toBe(accepted);
    expect(byTeam.reduce((s, x) => s + x.costNanos, 0n)).toBe(total.costNanos);
    expect(byTeam.reduce((s, x) => s + x.calls, 0)).toBe(total.calls);
    const raw = await t.db.query<{ n: string; cost: string | null; neg: string }>(
      'SELECT count(*)::text AS n, sum(cost_nanos)::text AS cost, count(*) FILTER (WHERE cost_nanos < 0 OR input_tokens < 0 OR output_tokens < 0)::text AS neg FROM usage_events',
    );
    expect(raw[0]).toEqual({ n: String(accepted), cost: total.costNanos === 0n ? null : String(total.costNanos), neg: '0' });
    const outOfRange = await t.db.query("SELECT 1 FROM usage_events WHERE occurred_at < '2020-01-01' OR occurred_at > '2026-03-11T12:00:00Z'");
    expect(outOfRange).toEqual([]);
  });

  it('never answers 5xx to generated and mutated /v1/outcomes bodies, and stores each accepted outcome once', async () => {
    const outcome = fc.record({
      id: fc.oneof(fc.integer({ min: 0, max: 200 }).map((n) => `o${n}`), fc.string({ maxLength: 210 })),
      timestamp,
      team: fc.constantFrom('search', 'ads', 'search', 'ads', '', null, 'x'.repeat(201), 'nul\u0000', '\ud800'),
      task_id: fc.option(fc.string({ maxLength: 210 })),
      metric: fc.constantFrom('tickets_resolved', 'prs_merged', 'tickets_resolved', 'Bad Metric', ''),
      value: fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: -5, max: 2_000_000_000 }), fc.double({ noNaN: true })),
    });
    const item = fc.oneof({ weight: 4, arbitrary: outcome }, { weight: 2, arbitrary: fc.tuple(outcome, fc.constantFrom('id', 'timestamp', 'team', 'metric', 'value'), junk).map(([o, k, v]) => ({ ...o, [k]: v })) }, { weight: 1, arbitrary: fc.anything() });
    const outcomesBody = fc.oneof(fc.array(item, { maxLength: 20 }).map((outcomes) => JSON.stringify({ outcomes })), fc.json(), fc.string({ maxLength: 100 }));
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(outcomesBody, async (text) => {
        const res = await post('/v1/outcomes', text);
        const answer = await res.text();
        expect(REFUSALS, `${res.status} ${answer} for ${text.slice(0, 300)}`).toContain(res.status);
        if (res.status === 200) accepted += (JSON.parse(answer) as { accepted: number }).accepted;
      }),
      { numRuns: 250 },
    );
    expect(accepted).toBeGreaterThan(10);
    const rows = await t.db.query<{ n: string }>('SELECT count(*)::text AS n FROM outcomes');
    expect(rows[0]?.n).toBe(String(accepted));
  });
});
