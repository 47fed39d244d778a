import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../helpers/database.js';
import { startTestServer, TEST_INGEST_TOKEN, type TestServer } from '../helpers/test-server.js';

let t: TestDatabase;
let server: TestServer;
let fixture: string;
let expected: unknown;

beforeAll(async () => {
  t = await freshDatabase();
  server = await startTestServer(t.db, { slack: false, now: () => new Date('2026-03-12T00:00:00Z') });
  fixture = await readFile(new URL('../fixtures/otlp-genai.json', import.meta.url), 'utf8');
  expected = JSON.parse(await readFile(new URL('../fixtures/otlp-genai.expected.json', import.meta.url), 'utf8'));
});
afterAll(async () => server.close());

function postTraces(body: string | Uint8Array<ArrayBuffer>, headers: Record<string, string> = {}) {
  return fetch(`${server.baseUrl}/v1/traces`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TEST_INGEST_TOKEN}`, 'content-type': 'application/json', ...headers },
    body,
  });
}

describe('POST /v1/traces', () => {
  it('stores the GenAI spans of a real-shaped export as the expected events, once', async () => {
    const res = await postTraces(fixture);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      partialSuccess: { rejectedSpans: 0, errorMessage: '' },
      tally: { accepted: 3, duplicates: 0, ignoredSpans: 4, unattachedToolCalls: 0 },
    });
    const rows = await t.db.query<Record<string, unknown>>(
      `SELECT event_id AS id, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS timestamp, team, product,
         user_id AS user, task_id, task_type, model, provider, input_tokens::int, output_tokens::int, cache_read_tokens::int,
         cache_write_tokens::int, tool_calls, status
       FROM usage_events ORDER BY event_id`,
    );
    expect(rows).toEqual(expected);
    const again = await postTraces(new Uint8Array(gzipSync(fixture)), { 'content-encoding': 'gzip' });
    expect((await again.json()).tally).toMatchObject({ accepted: 0, duplicates: 3 });
  });

  it('rejects a span with impossible usage in partialSuccess, keeping the rest', async () => {
    const body = {
      resourceSpans: [{ scopeSpans: [{ spans: [
        { traceId: '11'.repeat(16), spanId: '22'.repeat(8), startTimeUnixNano: '1773133200000000000', attributes: [{ key: 'gen_ai.usage.input_tokens', value: { intValue: '-5' } }] },
        { traceId: '11'.repeat(16), spanId: '33'.repeat(8), startTimeUnixNano: '1773133200000000000', attributes: [{ key: 'gen_ai.usage.output_tokens', value: { intValue: '7' } }] },
      ] }] }],
    };
    const res = await postTraces(JSON.stringify(body));
    const answer = await res.json();
    expect(answer.partialSuccess.rejectedSpans).toBe(1);
    expect(answer.partialSuccess.errorMessage).toContain('span 2222222222222222: input_tokens');
    expect(answer.tally.accepted).toBe(1);
  });

  it('answers protobuf with 415 and a clear message, and requires the ingest token', async () => {
    const proto = await postTraces(new Uint8Array([0x0a, 0x00]), { 'content-type': 'application/x-protobuf' });
    expect(proto.status).toBe(415);
    expect((await proto.json()).error).toMatch(/protobuf is not supported.*http\/json/);
    const anonymous = await fetch(`${server.baseUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: fixture });
    expect(anonymous.status).toBe(401);
    const malformed = await postTraces('{"resourceSpans": 3}');
    expect(malformed.status).toBe(400);
  });
});
