import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AppDeps } from '../../src/app-deps.js';
import { buildDeps } from '../../src/bootstrap.js';
import { runCli } from '../../src/cli/run-cli.js';
import { loadConfig } from '../../src/config.js';
import { syncLitellm } from '../../src/jobs/litellm-sync-job.js';
import { scheduledJobs } from '../../src/jobs/scheduled-jobs.js';
import { nanosToDecimalString } from '../../src/domain/money.js';
import { seededRandom } from '../../src/demo/random.js';
import { importLitellmSpend, litellmSourceKey } from '../../src/ingest/litellm-import.js';
import { createLogger } from '../../src/log.js';
import { connectDb, type Db } from '../../src/store/db.js';
import { spendTotals } from '../../src/store/spend-store.js';
import { getOrgSettings, saveOrgSettings } from '../../src/store/teams-store.js';
import { withDatabase } from '../global-setup.js';
import { freshDatabase, type TestDatabase } from '../helpers/database.js';

const now = new Date('2026-03-20T12:00:00Z');
const ALL_DAYS = { from: '2026-01-01', to: '2026-12-31' };
let tally: TestDatabase;
let source: Db;
let sourceUrl: string;
let sourceKey: string;
let deps: AppDeps;

/** A LiteLLM database of its own on the same server: the table exactly as Prisma creates it. */
async function createLitellmDatabase(): Promise<void> {
  const adminUrl = inject('adminUrl');
  const name = `litellm_src_${randomBytes(5).toString('hex')}`;
  const admin = connectDb(adminUrl, { max: 1 });
  await admin.query(`CREATE DATABASE ${name}`);
  sourceUrl = withDatabase(adminUrl, name);
  source = connectDb(sourceUrl, { max: 2 });
  await source.query(await readFile(new URL('../fixtures/litellm-spend-logs.sql', import.meta.url), 'utf8'));
  afterAll(async () => {
    await source.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    await admin.close();
  });
}

const TEAMS = [
  { team_id: 'b1f0c2d4-search', alias: 'Search' },
  { team_id: 'team-ads-7781', alias: null },
  { team_id: null, alias: null },
];

/** 300 rows spread over March, oldest first by id but not by time, with tags, sessions and no team. */
function spendLogRows(count: number) {
  const random = seededRandom(7);
  return Array.from({ length: count }, (_, i) => {
    const team = TEAMS[i % TEAMS.length]!;
    const start = new Date(Date.parse('2026-03-01T00:00:00Z') + Math.floor(random() * 18 * 86_400_000));
    const tags = i % 5 === 0 ? ['env:prod', 'feature=search-box', 'nightly', 'User-Agent: curl/8.5'] : i % 7 === 0 ? Array.from({ length: 60 }, (_, k) => `k${k}:v`) : [];
    return {
      request_id: `chatcmpl-${String(i).padStart(4, '0')}-${Math.floor(random() * 1e9).toString(36)}`,
      call_type: 'acompletion',
      spend: Math.round(random() * 5e7) / 1e9 + random() * 1e-7,
      prompt_tokens: Math.floor(random() * 4000),
      completion_tokens: Math.floor(random() * 800),
      startTime: start.toISOString(),
      endTime: new Date(start.getTime() + 1500).toISOString(),
      model: i % 2 ? 'gpt-4o' : 'claude-sonnet-4-5',
      custom_llm_provider: i % 2 ? 'openai' : 'anthropic',
      user: i % 4 === 0 ? '' : `user-${i % 6}`,
      end_user: i % 4 === 0 ? `customer-${i % 3}` : null,
      team_id: team.team_id,
      session_id: i % 3 === 0 ? `session-${i % 10}` : null,
      status: i % 11 === 0 ? 'failure' : 'success',
      request_tags: tags,
      metadata: {
        user_api_key_team_alias: team.alias,
        user_api_key_alias: 'support-bot-key',
        spend_logs_metadata: i % 2 ? { product: 'support-bot', task_type: 'triage' } : null,
      },
    };
  });
}

async function insertSpendLogs(rows: ReturnType<typeof spendLogRows>): Promise<void> {
  await source.query(
    `INSERT INTO "LiteLLM_SpendLogs" (request_id, call_type, spend, prompt_tokens, completion_tokens, total_tokens,
       "startTime", "endTime", model, custom_llm_provider, "user", end_user, team_id, session_id, status, request_tags, metadata)
     SELECT request_id, call_type, spend, prompt_tokens, completion_tokens, prompt_tokens + completion_tokens,
       ("startTime" AT TIME ZONE 'UTC'), ("endTime" AT TIME ZONE 'UTC'), model, custom_llm_provider, "user", end_user,
       team_id, session_id, status, request_tags, metadata
     FROM jsonb_to_recordset($1::jsonb) AS x(request_id text, call_type text, spend float8, prompt_tokens int,
       completion_tokens int, "startTime" timestamptz, "endTime" timestamptz, model text, custom_llm_provider text,
       "user" text, end_user text, team_id text, session_id text, status text, request_tags jsonb, metadata jsonb)`,
    [JSON.stringify(rows)],
  );
}

/** The source's own sum, in exact numeric arithmetic, rounded to the cent. */
async function sourceCents(where = 'true'): Promise<string> {
  const rows = await source.query<{ total: string }>(
    `SELECT round(coalesce(sum(spend::text::numeric), 0), 2)::text AS total FROM "LiteLLM_SpendLogs" WHERE ${where}`,
  );
  return rows[0]!.total;
}

async function tallyCents(teams?: string[]): Promise<string> {
  const totals = await spendTotals(tally.db, { ...ALL_DAYS, teams });
  return nanosToDecimalString(totals.costNanos, 2);
}

beforeAll(async () => {
  tally = await freshDatabase();
  await createLitellmDatabase();
  await insertSpendLogs(spendLogRows(300));
  sourceKey = litellmSourceKey(sourceUrl);
  const org = await getOrgSettings(tally.db);
  await saveOrgSettings(tally.db, { ...org, config: { litellmTeamMap: { Search: 'search', 'team-ads-7781': 'ads' } } });
  const config = loadConfig({ DATABASE_URL: tally.url });
  deps = await buildDeps(config, tally.db, createLogger({ level: 'error', write: () => undefined }), () => now);
});

describe('LiteLLM import', () => {
  it('stops after two batches, then resumes from the cursor and matches the source to the cent', async () => {
    const partial = await importLitellmSpend(deps, source, sourceKey, { now, batchSize: 40, maxBatches: 2 });
    expect(partial).toMatchObject({ batches: 2, read: 80, accepted: 80, rejected: 0 });
    const rest = await importLitellmSpend(deps, source, sourceKey, { now, batchSize: 40 });
    // The resumed run re-reads the look-back window behind the cursor: those rows come back as duplicates.
    expect(rest).toMatchObject({ accepted: 220, rejected: 0 });
    expect(rest.read - rest.duplicates).toBe(220);
    expect(await tallyCents()).toBe(await sourceCents());
    expect(await tallyCents(['search'])).toBe(await sourceCents(`team_id = 'b1f0c2d4-search'`));
    expect(await tallyCents(['ads'])).toBe(await sourceCents(`team_id = 'team-ads-7781'`));
    expect(await tallyCents([''])).toBe(await sourceCents('team_id IS NULL'));
    const calls = await tally.db.query<{ n: string; errors: string }>('SELECT sum(calls)::text AS n, sum(error_calls)::text AS errors FROM daily_spend');
    expect(calls[0]).toEqual({ n: '300', errors: String(Math.ceil(300 / 11)) });
  });

  it('maps sessions, users, products, status and tags (clipped to 50, never rejected)', async () => {
    const [row] = await tally.db.query<Record<string, unknown>>(
      "SELECT team, product, user_id, task_id, task_type, model, provider, status, tags, cost_source FROM usage_events WHERE event_id LIKE 'chatcmpl-0000-%'",
    );
    expect(row).toEqual({
      team: 'search', product: 'support-bot-key', user_id: 'customer-0', task_id: 'session-0', task_type: null,
      model: 'claude-sonnet-4-5', provider: 'anthropic', status: 'error', cost_source: 'reported',
      tags: { env: 'prod', feature: 'search-box', tag: 'nightly', 'User-Agent': 'curl/8.5' },
    });
    const [wide] = await tally.db.query<{ n: number; product: string; task_type: string }>(
      "SELECT (SELECT count(*) FROM jsonb_object_keys(tags))::int AS n, product, task_type FROM usage_events WHERE event_id LIKE 'chatcmpl-0007-%'",
    );
    expect(wide).toEqual({ n: 50, product: 'support-bot', task_type: 'triage' });
    const tasks = await tally.db.query<{ n: string }>("SELECT count(*)::text AS n FROM task_totals WHERE task_id LIKE 'session-%'");
    expect(tasks[0]!.n).toBe('10');
  });

  it('re-running imports nothing twice, and a row changed after import is not counted again', async () => {
    const before = await tallyCents();
    await source.query(`UPDATE "LiteLLM_SpendLogs" SET spend = spend + 1 WHERE request_id LIKE 'chatcmpl-0003-%'`);
    const again = await importLitellmSpend(deps, source, sourceKey, { now, since: new Date('2026-03-01T00:00:00Z') });
    expect(again).toMatchObject({ read: 300, accepted: 0, duplicates: 300 });
    expect(await tallyCents()).toBe(before);
  });

  it('picks up a row written late with an older startTime (look-back window), through the CLI', async () => {
    const cursor = (await tally.db.query<{ t: string }>("SELECT to_char(start_time, 'YYYY-MM-DD\"T\"HH24:MI:SS.MS') AS t FROM litellm_import_cursors"))[0]!.t;
    const late = spendLogRows(1)[0]!;
    const lateStart = new Date(Date.parse(`${cursor}Z`) - 10 * 60_000);
    await insertSpendLogs([{ ...late, request_id: 'chatcmpl-late', startTime: lateStart.toISOString(), endTime: lateStart.toISOString() }]);
    const out: string[] = [];
    const code = await runCli(['import', 'litellm', '--from', sourceUrl, '--at', now.toISOString()], {
      out: (t) => out.push(t),
      err: (t) => out.push(t),
      env: { DATABASE_URL: tally.url },
    });
    expect(code).toBe(0);
    expect(JSON.parse(out.join('\n'))).toMatchObject({ accepted: 1, rejected: 0 });
    // The source now holds the late row and the +$1 edit that Tally deliberately ignored.
    expect(await tallyCents()).toBe(await sourceCents().then((total) => (Number(total) - 1).toFixed(2)));
  });

  it('is scheduled every 5 minutes only when TALLY_LITELLM_URL is set, and the job resumes quietly', async () => {
    const withUrl = scheduledJobs(loadConfig({ TALLY_LITELLM_URL: sourceUrl })).find((j) => j.name === 'litellm-sync');
    expect(withUrl?.cron).toBe('*/5 * * * *');
    expect(scheduledJobs(loadConfig({})).some((j) => j.name === 'litellm-sync')).toBe(false);
    const summary = await syncLitellm({ ...deps, config: loadConfig({ TALLY_LITELLM_URL: sourceUrl }) }, now);
    expect(summary).toMatchObject({ accepted: 0, rejected: 0 });
  });

  it('refuses a bad --since and a missing URL with a clear message', async () => {
    const errors: string[] = [];
    const io = { out: () => undefined, err: (t: string) => errors.push(t), env: { DATABASE_URL: tally.url } };
    expect(await runCli(['import', 'litellm', '--from', sourceUrl, '--since', 'last tuesday'], io)).toBe(1);
    expect(await runCli(['import', 'litellm'], io)).toBe(1);
    expect(errors.join('\n')).toMatch(/--since must be an ISO-8601[\s\S]*--from must be the LiteLLM database/);
  });
});
