import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { applyTimezone } from '../../src/services/apply-teams-file.js';
import { freshDatabase, type TestDatabase } from '../helpers/database.js';
import { startTestServer, TEST_INGEST_TOKEN, type TestServer } from '../helpers/test-server.js';

let t: TestDatabase;
let server: TestServer;
const now = new Date('2026-03-10T12:00:00Z');
const SCOPED_TOKEN = 'scoped-token-support';

beforeAll(async () => {
  t = await freshDatabase();
  server = await startTestServer(t.db, { now: () => now, slack: false, env: { TALLY_INGEST_TOKENS: `${TEST_INGEST_TOKEN},${SCOPED_TOKEN}:support` } });
});
afterAll(async () => server.close());

function post(body: unknown, token: string | null = TEST_INGEST_TOKEN) {
  return fetch(`${server.baseUrl}/v1/outcomes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const outcome = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  timestamp: '2026-03-09T23:30:00-01:00', // 2026-03-10 00:30 UTC: the org calendar (UTC) files it on the 10th
  team: 'support',
  task_id: `task-${id}`,
  metric: 'tickets_resolved',
  value: 1,
  ...extra,
});

async function rollups() {
  return {
    daily: await t.db.query('SELECT team, day::text, metric, value::text, outcomes::text FROM daily_outcomes ORDER BY team, day, metric'),
    tasks: await t.db.query('SELECT task_id, outcomes::text FROM task_outcomes ORDER BY task_id'),
  };
}

describe('POST /v1/outcomes', () => {
  it('refuses missing and wrong tokens and malformed bodies, storing nothing', async () => {
    expect((await post({ outcomes: [outcome('x')] }, null)).status).toBe(401);
    expect((await post({ outcomes: [outcome('x')] }, 'not-a-real-token')).status).toBe(401);
    expect((await post({ events: [] })).status).toBe(400);
    expect((await post('{oops')).status).toBe(400);
    const tooMany = await post({ outcomes: Array.from({ length: 5001 }, (_, i) => outcome(`m${i}`)) });
    expect(tooMany.status).toBe(413);
    expect(await t.db.query('SELECT * FROM outcomes')).toEqual([]);
  });

  it('stores the good items of a partly bad batch, reports the bad ones by index, and is idempotent', async () => {
    const batch = {
      outcomes: [
        outcome('a'),
        outcome('b', { value: 2.5, task_id: null }),
        outcome('c', { value: -1 }),
        outcome('d', { metric: 'Tickets Resolved!' }),
        outcome('e', { timestamp: '2026-03-12T12:00:00Z' }),
        { id: 'f', timestamp: '2026-03-09T10:00:00Z', metric: 'tickets_resolved', value: 1 },
        outcome('a'),
        'not an object',
      ],
    };
    const res = await post(batch);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { accepted: number; duplicates: number; rejected: { index: number; id: string | null; error: string }[] };
    expect(body.accepted).toBe(2);
    expect(body.duplicates).toBe(1);
    expect(body.rejected.map((r) => [r.index, r.id])).toEqual([
      [2, 'c'],
      [3, 'd'],
      [4, 'e'],
      [5, 'f'],
      [7, null],
    ]);
    expect(body.rejected[0]!.error).toBe('value: must not be negative');
    expect(body.rejected[2]!.error).toBe('timestamp: must not be more than a day in the future');
    expect(body.rejected[3]!.error).toContain('team');

    const again = (await (await post(batch)).json()) as { accepted: number; duplicates: number };
    expect(again).toMatchObject({ accepted: 0, duplicates: 3 });
    expect(await rollups()).toEqual({
      daily: [{ team: 'support', day: '2026-03-10', metric: 'tickets_resolved', value: '3.5', outcomes: '2' }],
      tasks: [{ task_id: 'task-a', outcomes: '1' }],
    });
  });

  it('lets a team-scoped token write only its own team', async () => {
    const res = await post({ outcomes: [outcome('s1'), outcome('s2', { team: 'search' })] }, SCOPED_TOKEN);
    const body = (await res.json()) as { accepted: number; rejected: { index: number; error: string }[] };
    expect(body.accepted).toBe(1);
    expect(body.rejected).toEqual([{ index: 1, id: 's2', error: 'team: this ingest token may only write outcomes for support' }]);
  });
});

describe('tally ingest-outcomes', () => {
  it('loads a JSONL file with the same validation, reporting bad lines by number, idempotently', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tally-outcomes-'));
    const file = join(dir, 'outcomes.jsonl');
    const lines = [JSON.stringify(outcome('cli-1', { metric: 'prs_merged', team: 'review' })), '', '{broken', JSON.stringify(outcome('cli-2', { value: 'many' }))];
    await writeFile(file, `${lines.join('\n')}\n`);
    const out: string[] = [];
    const err: string[] = [];
    const run = () => runCli(['ingest-outcomes', file, '--at', now.toISOString()], { out: (s) => out.push(s), err: (s) => err.push(s), env: { DATABASE_URL: t.url } });
    expect(await run()).toBe(1);
    expect(JSON.parse(out[0]!)).toEqual({
      accepted: 1,
      duplicates: 0,
      rejected: [
        { line: 3, id: null, error: 'not valid JSON' },
        { line: 4, id: 'cli-2', error: 'value: must be a number' },
      ],
    });
    await run();
    expect(JSON.parse(out[1]!)).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(await t.db.query("SELECT value::text FROM daily_outcomes WHERE team = 'review'")).toEqual([{ value: '1' }]);
    expect(await runCli(['ingest-outcomes', join(dir, 'missing.jsonl')], { out: () => undefined, err: (s) => err.push(s), env: { DATABASE_URL: t.url } })).toBe(1);
    expect(err.at(-1)).toContain('cannot read');
  });
});

describe('an org timezone change', () => {
  it('re-files outcomes under their new calendar day', async () => {
    // 2026-03-10 00:30 UTC is 20:30 on the 9th in New York (UTC-4 after the March 8 DST change).
    expect(await applyTimezone(t.db, 'America/New_York')).toBe(true);
    const daily = await t.db.query<{ day: string; value: string }>("SELECT day::text, value::text FROM daily_outcomes WHERE team = 'support' ORDER BY day");
    expect(daily).toEqual([{ day: '2026-03-09', value: '4.5' }]);
  });
});
