import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spendBy, spendTotals } from '../../src/store/spend-store.js';
import { freshDatabase, type TestDatabase } from '../helpers/database.js';
import { startTestServer, TEST_INGEST_TOKEN, type TestServer } from '../helpers/test-server.js';

let t: TestDatabase;
let server: TestServer;
const now = new Date('2026-03-10T12:00:00Z');

beforeAll(async () => {
  t = await freshDatabase();
  server = await startTestServer(t.db, { now: () => now, slack: false });
});
afterAll(async () => server.close());

function post(body: string, token: string | null = TEST_INGEST_TOKEN, headers: Record<string, string> = {}) {
  return fetch(`${server.baseUrl}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body,
  });
}

const event = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  timestamp: '2026-03-09T08:00:00+01:00',
  team: 'search',
  model: 'gpt-4o-mini',
  input_tokens: 1000,
  output_tokens: 200,
  ...extra,
});

describe('POST /v1/events', () => {
  it('refuses missing and wrong tokens with 401 and stores nothing', async () => {
    expect((await post(JSON.stringify({ events: [event('x1')] }), null)).status).toBe(401);
    expect((await post(JSON.stringify({ events: [event('x1')] }), 'wrong-token-value')).status).toBe(401);
    expect((await spendTotals(t.db, { from: '2026-03-01', to: '2026-04-01' })).calls).toBe(0);
  });

  it('answers malformed JSON and a wrong shape with 400 and a message', async () => {
    const bad = await post('{"events": [');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/malformed JSON/);
    const shape = await post(JSON.stringify({ rows: [] }));
    expect(shape.status).toBe(400);
    expect((await shape.json()).error).toContain('{"events": [...]}');
  });

  it('refuses more than 5,000 events or more than 5 MB with 413', async () => {
    const many = await post(JSON.stringify({ events: Array.from({ length: 5001 }, (_, i) => event(`m${i}`)) }));
    expect(many.status).toBe(413);
    const big = await post(JSON.stringify({ events: [event('big', { tags: { pad: 'x'.repeat(100) } })], pad: 'y'.repeat(5 * 1024 * 1024) }));
    expect(big.status).toBe(413);
    expect((await spendTotals(t.db, { from: '2026-03-01', to: '2026-04-01' })).calls).toBe(0);
  });

  it('accepts the good events of a partly bad batch, reports each bad one, and counts re-sends once', async () => {
    const batch = {
      events: [
        event('ok-1'),
        event('ok-2', { team: undefined }),
        event('bad-ts', { timestamp: '2026-03-09 08:00' }),
        event('bad-tokens', { input_tokens: -5 }),
        event('future', { timestamp: '2026-03-12T12:00:00Z' }),
        event('old', { timestamp: '2019-12-31T23:59:59Z' }),
        event('bad-status', { status: 'maybe' }),
        { timestamp: '2026-03-09T08:00:00Z' },
        event('unpriced', { model: 'in-house-llm' }),
      ],
    };
    const res = await post(JSON.stringify(batch));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.accepted).toBe(3);
    expect(body.duplicates).toBe(0);
    expect(body.rejected.map((r: { index: number }) => r.index)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(body.rejected[0].error).toMatch(/timestamp: must be ISO-8601/);
    expect(body.rejected[1].error).toMatch(/input_tokens: must not be negative/);
    expect(body.rejected[2].error).toMatch(/more than a day in the future/);
    expect(body.rejected[3].error).toMatch(/before 2020/);
    expect(body.rejected[5]).toEqual({ index: 7, id: null, error: 'id: is required' });

    const again = await (await post(JSON.stringify({ events: [event('ok-1'), event('ok-2'), event('new-3')] }))).json();
    expect(again).toEqual({ accepted: 1, duplicates: 2, rejected: [] });

    const byTeam = await spendBy(t.db, { from: '2026-03-01', to: '2026-04-01' }, 'team');
    expect(byTeam.map((s) => [s.key, s.calls, s.unpricedCalls])).toEqual([
      ['search', 3, 1],
      ['', 1, 0],
    ]);
  });
});
