import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppServer, type RunningServer } from '../../src/app-server.js';
import { buildDeps, loggerFor } from '../../src/bootstrap.js';
import { ConfigError, loadConfig, type Config } from '../../src/config.js';
import { connectDb } from '../../src/store/db.js';
import { spendBy } from '../../src/store/spend-store.js';
import { SlackNotifier } from '../../src/slack/slack-notifier.js';
import { createSlackWebClient } from '../../src/slack/slack-web.js';
import { freshDatabase, type TestDatabase } from '../helpers/database.js';
import { FakeSlack } from '../helpers/fake-slack.js';
import { postEvents, usageEvent } from '../helpers/post-events.js';
import { postSigned, slashCommandBody } from '../helpers/slack-requests.js';

const SCOPED = 'scoped-ingest-token-7f3a';
const OPEN = 'open-ingest-token-91bc';
const BOT = 'xoxb-bot-secret-5521';
const SIGNING = 'signing-secret-c0ffee-4411';
const DB_PASSWORD = 'db-pass-w0rd-8812';
const SECRETS = [SCOPED, OPEN, BOT, SIGNING, DB_PASSWORD];

let t: TestDatabase;
let slack: FakeSlack;
let config: Config;
let server: RunningServer;
let downServer: RunningServer;
const lines: string[] = [];
const bodies: string[] = [];

beforeAll(async () => {
  t = await freshDatabase();
  slack = await new FakeSlack().start();
  config = loadConfig({
    PORT: '0',
    // Never reached: the server is handed the test database; this URL only carries the password to mask.
    DATABASE_URL: `postgres://tally:${DB_PASSWORD}@127.0.0.1:1/tally`,
    TALLY_INGEST_TOKENS: `${SCOPED}:search|ads,${OPEN}`,
    TALLY_INGEST_RATE_PER_MINUTE: '5',
    SLACK_BOT_TOKEN: BOT,
    SLACK_SIGNING_SECRET: SIGNING,
    SLACK_API_URL: slack.apiUrl,
  });
  const log = loggerFor(config, { level: 'debug', write: (l) => lines.push(l) });
  server = await startAppServer(await buildDeps(config, t.db, log, () => new Date('2026-03-10T12:00:00Z')), 0);
  // The same app with Postgres unreachable (that URL's port 1 refuses connections).
  const unreachable = connectDb(config.databaseUrl!);
  downServer = await startAppServer(await buildDeps(config, unreachable, log), 0);
});
afterAll(async () => {
  await server.close(500);
  await downServer.close(500);
  await slack.stop();
});

const url = (s: RunningServer) => `http://127.0.0.1:${s.port}`;

async function keep(res: Response): Promise<Response> {
  bodies.push(await res.clone().text());
  return res;
}

describe('ingest tokens', () => {
  it('lets a scoped token write only its own teams, with a reason for the rest', async () => {
    const res = await keep(
      await postEvents(url(server), [usageEvent('s1', 'search', 1), usageEvent('s2', 'ads', 2), usageEvent('s3', 'billing', 3), usageEvent('s4', null, 4)], SCOPED),
    );
    const body = (await res.json()) as { accepted: number; rejected: { index: number; error: string }[] };
    expect(body.accepted).toBe(2);
    expect(body.rejected.map((r) => r.index)).toEqual([2, 3]);
    expect(body.rejected[0]?.error).toBe('team: this ingest token may only write events for search, ads');
    await keep(await postEvents(url(server), [usageEvent('o1', 'billing', 5)], OPEN));
    const byTeam = await spendBy(t.db, { from: '2026-03-01', to: '2026-04-01' }, 'team');
    expect(byTeam.map((s) => s.key).sort()).toEqual(['ads', 'billing', 'search']);
  });

  it('refuses wrong, truncated, extended and differently sized tokens with 401, never 500', async () => {
    for (const token of [OPEN.slice(0, -1), `${OPEN}x`, OPEN.toUpperCase(), 'x', 'y'.repeat(500), `${SCOPED}:search`]) {
      const res = await keep(await postEvents(url(server), [usageEvent('bad', 'search', 1)], token));
      expect(res.status, token).toBe(401);
    }
  });

  it('answers 429 with Retry-After once a token passes its per-minute budget, without slowing other tokens', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await keep(await postEvents(url(server), [], OPEN));
      statuses.push(res.status);
      if (res.status === 429) expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    // OPEN used one request in the first test, so its fifth request here is its sixth this minute.
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    expect((await keep(await postEvents(url(server), [], SCOPED))).status).toBe(200);
  });
});

describe('secrets', () => {
  it('appear in no log line or HTTP answer: bad tokens, database down, Slack failures, bad signatures', async () => {
    bodies.push(await (await postEvents(url(downServer), [usageEvent('d1', 'search', 1)], OPEN)).text());
    expect(bodies.at(-1)).toContain('database temporarily unavailable');
    bodies.push(await (await fetch(`${url(downServer)}/readyz`)).text());
    bodies.push(await (await fetch(`${url(server)}/metrics`)).text());

    slack.failNext('users.info', { body: { ok: false, error: 'invalid_auth' } });
    slack.failNext('chat.postMessage', { status: 500, body: 'upstream exploded' }, 3);
    const log = loggerFor(config, { level: 'debug', write: (l) => lines.push(l) });
    const notifier = new SlackNotifier(createSlackWebClient({ token: BOT, apiUrl: slack.apiUrl, log, retries: 1, minRetryMs: 10 }), log, { minIntervalMs: 0 });
    await expect(notifier.post('C1', { text: 'hi' })).rejects.toThrow(/chat.postMessage failed/);
    const signed = await postSigned(url(server), slashCommandBody({ text: 'me', userId: 'U1', responseUrl: slack.responseUrl('sec') }), { secret: SIGNING });
    expect(signed.status).toBe(200);
    await slack.waitFor('response_url');
    const forged = await postSigned(url(server), slashCommandBody({ text: 'me', userId: 'U1', responseUrl: slack.responseUrl('forged') }), { secret: 'not-the-secret' });
    expect(forged.status).toBe(401);
    bodies.push(await forged.text());
    try {
      loadConfig({ DATABASE_URL: `postgres://tally:${DB_PASSWORD}@host:notaport/db`, TALLY_INGEST_TOKENS: `${OPEN},short`, SLACK_SIGNING_SECRET: SIGNING });
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      bodies.push((err as Error).message);
    }
    // Something must have been logged for each fault, or the check below proves nothing.
    expect(lines.some((l) => l.includes('database unavailable'))).toBe(true);
    expect(lines.some((l) => l.includes('slack call failed'))).toBe(true);
    const everything = [...lines, ...bodies, ...slack.calls.filter((c) => c.method === 'response_url').map((c) => JSON.stringify(c.params))].join('\n');
    for (const secret of SECRETS) expect(everything.includes(secret), `leaked ${secret}`).toBe(false);
  });
});

describe('SQL', () => {
  it('takes values only as parameters: every ${…} in SQL text under src/store is a reviewed identifier or clause', async () => {
    const dir = join(process.cwd(), 'src/store');
    const found: string[] = [];
    for (const file of (await readdir(dir)).filter((f) => f.endsWith('.ts'))) {
      const source = await readFile(join(dir, file), 'utf8');
      for (const literal of source.matchAll(/`([^`]*)`/g)) {
        if (!/\b(SELECT|INSERT|UPDATE|DELETE|DROP|CREATE|WHERE)\b/.test(literal[1]!)) continue;
        for (const expr of literal[1]!.matchAll(/\$\{([^}]*)\}/g)) {
          const code = expr[1]!.trim();
          if (!/^(params\.length|[A-Z][A-Z_]*)$/.test(code)) found.push(`${file}: ${code}`);
        }
      }
    }
    // A new entry here needs a review: it must not be able to carry a value from a request.
    expect([...new Set(found)].sort()).toEqual(REVIEWED_INTERPOLATIONS);
  });
});

/** Interpolations checked by hand: table/column names from constant maps, clauses built from $n placeholders. */
const REVIEWED_INTERPOLATIONS: string[] = [
  "advice-facts-store.ts: bucketColumns('long', 'prompt_tokens >= long_threshold')",
  "advice-facts-store.ts: bucketColumns('repeated', 'prompt_tokens >= $6 AND long_in_group >= 2')",
  "advice-facts-store.ts: bucketColumns('small', SMALL_JOB)",
  'advice-facts-store.ts: condition',
  'anomalies-store.ts: column',
  'anomalies-store.ts: key',
  'anomalies-store.ts: table',
  'budgets-store.ts: listed',
  'litellm-source-store.ts: selectList(columns)',
  'retention-store.ts: quoteIdent(partition.name)',
  'spend-store.ts: clause',
  'spend-store.ts: rollupFor(f)',
  'spend-store.ts: source.column',
  'spend-store.ts: source.table',
  'spend-store.ts: where(f, params)',
  'tag-spend-store.ts: clause',
  'tag-spend-store.ts: where(f, params)',
  'tasks-store.ts: teamClause',
  'usage-events-store.ts: dayRows',
  "usage-events-store.ts: rollupUpserts('in_range', 'task_events')",
  "usage-events-store.ts: rollupUpserts('inserted', 'inserted')",
  'usage-events-store.ts: table',
  'usage-events-store.ts: taskRows',
];
