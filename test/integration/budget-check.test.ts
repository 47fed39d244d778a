import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../src/app-deps.js';
import { buildDeps } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config.js';
import { ingestEvents } from '../../src/ingest/ingest-events.js';
import { parseTeamsFile } from '../../src/ingest/teams-file.js';
import { BUDGET_ALERT_KIND, checkBudgets } from '../../src/jobs/budget-check.js';
import { createLogger } from '../../src/log.js';
import { applyTeamsFile } from '../../src/services/apply-teams-file.js';
import { SlackNotifier } from '../../src/slack/slack-notifier.js';
import { createSlackWebClient } from '../../src/slack/slack-web.js';
import { setSlackTeamBudget } from '../../src/store/budgets-store.js';
import type { Db } from '../../src/store/db.js';
import { listDeliveries } from '../../src/store/deliveries-store.js';
import { freshDatabase } from '../helpers/database.js';
import { FakeSlack, type SlackCall } from '../helpers/fake-slack.js';

const TEAMS = `
timezone: UTC
admins: [U0ADMIN]
teams:
  - { key: steps, owners: [U0STEP1, lead@example.com], channel: C0STEPS, budget: { monthly_usd: 1000 } }
  - { key: jump, owners: [U0JUMP], budget: { monthly_usd: 1000 } }
  - { key: burn, owners: [U0BURN], budget: { monthly_usd: 3000 } }
  - { key: young, owners: [U0YOUNG], budget: { monthly_usd: 1000 } }
  - { key: race, owners: [U0RACE1, U0RACE2], budget: { monthly_usd: 100 } }
  - { key: flaky, owners: [U0FLAKY], budget: { monthly_usd: 100 } }
  - { key: weekly, owners: [U0WEEK], budget: { weekly_usd: 100 } }
  - { key: moving, owners: [U0MOVE], budget: { monthly_usd: 1000 } }
  - { key: quiet, owners: [U0QUIET], budget: { monthly_usd: 100 } }
`;

const log = createLogger({ level: 'error', write: () => undefined });
let db: Db;
let fake: FakeSlack;
let eventSeq = 0;

function notifier(): SlackNotifier {
  return new SlackNotifier(createSlackWebClient({ token: 'xoxb-test', apiUrl: fake.apiUrl, log, retries: 1, minRetryMs: 10 }), log, { minIntervalMs: 0 });
}

async function depsWith(n: SlackNotifier | null): Promise<AppDeps> {
  const deps = await buildDeps(loadConfig({}), db, log);
  return { ...deps, notifier: n };
}

/** Spend `usd` for `team` at `at` (reported cost, so the figures are exact). */
async function spend(team: string, at: string, usd: number, extra: Record<string, unknown> = {}): Promise<void> {
  const s = await ingestEvents(db, [{ id: `e${++eventSeq}`, timestamp: at, team, cost_usd: usd, model: 'claude-opus-4-1', product: 'bot', user: 'ana@example.com', ...extra }], {
    now: new Date(new Date(at).getTime() + 3_600_000),
    prices: (await depsWith(null)).prices,
  });
  expect(s.accepted).toBe(1);
}

/** DMs (chat.postMessage to a D… channel) that Slack accepted for a scope. */
function dmsAbout(team: string): SlackCall[] {
  return fake.callsTo('chat.postMessage').filter((c) => String(c.params.channel).startsWith('D') && String(c.params.text).includes(`team ${team} `));
}

const check = async (at: string, n: SlackNotifier | null = notifier()) => checkBudgets(await depsWith(n), new Date(at));

beforeAll(async () => {
  ({ db } = await freshDatabase());
  fake = await new FakeSlack().start();
  fake.addUser({ id: 'U0LEAD', email: 'lead@example.com' });
  await applyTeamsFile(db, parseTeamsFile(TEAMS), 'UTC');
});
afterAll(async () => fake.stop());

describe('checkBudgets', () => {
  it('DMs every owner once at 50, 80 and 100%, and posts one channel notice at 100%', async () => {
    await spend('steps', '2026-03-02T10:00:00Z', 510, { task_id: 'run-1', task_type: 'review' });
    const first = await check('2026-03-02T12:00:00Z');
    expect(first).toMatchObject({ alertsRecorded: 1, dmsSent: 2, failed: 0 });
    expect(dmsAbout('steps').map((c) => c.params.channel).sort()).toEqual(['D0LEAD', 'D0STEP1']);
    expect(fake.callsTo('users.lookupByEmail')).toHaveLength(1);
    expect(String(dmsAbout('steps')[0]!.params.text)).toContain('passed 50%');

    await check('2026-03-02T12:15:00Z');
    expect(dmsAbout('steps')).toHaveLength(2);

    await spend('steps', '2026-03-03T10:00:00Z', 300);
    await check('2026-03-03T12:00:00Z');
    expect(dmsAbout('steps').slice(2).map((c) => c.params.text)).toEqual([expect.stringContaining('passed 80%'), expect.stringContaining('passed 80%')]);

    await spend('steps', '2026-03-04T10:00:00Z', 200);
    const full = await check('2026-03-04T12:00:00Z');
    expect(full).toMatchObject({ dmsSent: 2, channelNotices: 1 });
    const dm = dmsAbout('steps').at(-1)!;
    expect(dm.params.text).toContain('passed 100%');
    const blocks = JSON.stringify(dm.params.blocks);
    for (const part of ['$1,010.00 of $1,000.00', '101.0%', 'Top drivers', 'run-1 (review)', 'View breakdown', 'Snooze 24 h']) expect(blocks).toContain(part);
    const notices = fake.callsTo('chat.postMessage').filter((c) => c.params.channel === 'C0STEPS');
    expect(notices).toHaveLength(1);

    await check('2026-03-04T13:00:00Z');
    expect(dmsAbout('steps')).toHaveLength(6);
    expect(fake.callsTo('chat.postMessage').filter((c) => c.params.channel === 'C0STEPS')).toHaveLength(1);
  });

  it('sends one DM naming the highest when several thresholds are crossed at once, recording all', async () => {
    await spend('jump', '2026-03-05T10:00:00Z', 900);
    await check('2026-03-05T12:00:00Z');
    expect(dmsAbout('jump').map((c) => c.params.text)).toEqual([expect.stringContaining('passed 80%')]);
    const rows = await db.query<{ threshold: number; notify: boolean }>(
      `SELECT a.threshold, a.notify FROM budget_alerts a JOIN budgets b ON b.id = a.budget_id WHERE b.scope_value = 'jump' ORDER BY threshold`,
    );
    expect(rows).toEqual([{ threshold: 50, notify: false }, { threshold: 80, notify: true }]);
  });

  it('warns when spend is projected to pass 100% before the period ends, naming the day, once', async () => {
    for (let d = 1; d <= 5; d++) await spend('burn', `2026-03-0${d}T09:00:00Z`, 100);
    // $500 of $3,000 by noon on Mar 6 at $100/day: $2,500 to go takes 25 days → Mar 31, inside March.
    await check('2026-03-06T12:00:00Z');
    const [dm, ...more] = dmsAbout('burn');
    expect(more).toHaveLength(0);
    expect(dm!.params.text).toContain('projected to exceed');
    expect(JSON.stringify(dm!.params.blocks)).toContain('Mar 31');
    await check('2026-03-06T18:00:00Z');
    expect(dmsAbout('burn')).toHaveLength(1);
  });

  it('does not forecast from fewer than three days with spend', async () => {
    await spend('young', '2026-03-01T09:00:00Z', 200);
    await spend('young', '2026-03-02T09:00:00Z', 200);
    // $400 in two days would pace to $6,000 by month end, but two days are not a trend yet.
    const s = await check('2026-03-03T12:00:00Z');
    expect(s.failed).toBe(0);
    expect(dmsAbout('young')).toHaveLength(0);
    const rows = await db.query(`SELECT 1 FROM budget_alerts a JOIN budgets b ON b.id = a.budget_id WHERE b.scope_value = 'young'`);
    expect(rows).toHaveLength(0);
  });

  it('two concurrent runs (two replicas) DM each owner exactly once', async () => {
    await spend('race', '2026-03-07T10:00:00Z', 95);
    const [a, b] = await Promise.all([check('2026-03-07T12:00:00Z'), check('2026-03-07T12:00:00Z')]);
    expect(a.alertsRecorded + b.alertsRecorded).toBe(2);
    expect(dmsAbout('race').map((c) => c.params.channel).sort()).toEqual(['D0RACE1', 'D0RACE2']);
  });

  it('retries a DM Slack failed with 500 on the next run, and sends it once', async () => {
    let failing = true;
    let refused = 0;
    fake.on('chat.postMessage', (c) => {
      if (!failing || c.params.channel !== 'D0FLAKY') return undefined;
      refused += 1;
      return { status: 500, body: { ok: false, error: 'internal_error' } };
    });
    const flakyDelivery = async () => (await listDeliveries(db, BUDGET_ALERT_KIND)).find((d) => d.dedupe_key.endsWith(':U0FLAKY'));
    await spend('flaky', '2026-03-08T10:00:00Z', 60);
    const first = await check('2026-03-08T12:00:00Z');
    expect(first.failed).toBe(1);
    expect(refused).toBeGreaterThan(0);
    expect(await flakyDelivery()).toMatchObject({ status: 'failed', last_error: 'http_500' });
    failing = false;
    const second = await check('2026-03-08T12:15:00Z');
    expect(second).toMatchObject({ alertsRecorded: 0, dmsSent: 1, failed: 0 });
    await check('2026-03-08T12:30:00Z');
    const posts = fake.callsTo('chat.postMessage').filter((c) => c.params.channel === 'D0FLAKY');
    expect(posts.length - refused).toBe(1);
    expect(await flakyDelivery()).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('starts fresh in a new period', async () => {
    await spend('weekly', '2026-03-10T10:00:00Z', 60); // week of Mon Mar 9
    await check('2026-03-10T12:00:00Z');
    await spend('weekly', '2026-03-17T10:00:00Z', 60); // week of Mon Mar 16
    await check('2026-03-17T12:00:00Z');
    expect(dmsAbout('weekly').map((c) => c.params.text)).toEqual([expect.stringContaining('passed 50%'), expect.stringContaining('passed 50%')]);
    const periods = await db.query<{ p: string }>(
      `SELECT a.period_start::text AS p FROM budget_alerts a JOIN budgets b ON b.id = a.budget_id WHERE b.scope_value = 'weekly' ORDER BY 1`,
    );
    expect(periods.map((r) => r.p)).toEqual(['2026-03-09', '2026-03-16']);
  });

  it('alerts on the next run after a budget is lowered, and never re-sends after it is raised', async () => {
    await spend('moving', '2026-03-11T10:00:00Z', 600);
    await check('2026-03-11T12:00:00Z');
    expect(dmsAbout('moving')).toHaveLength(1);
    await setSlackTeamBudget(db, { team: 'moving', period: 'monthly', amountNanos: 700_000_000_000n, setBy: 'U0MOVE' });
    await check('2026-03-11T12:15:00Z');
    expect(dmsAbout('moving').map((c) => c.params.text)).toEqual([expect.stringContaining('passed 50%'), expect.stringContaining('passed 80%')]);
    await setSlackTeamBudget(db, { team: 'moving', period: 'monthly', amountNanos: 5_000_000_000_000n, setBy: 'U0MOVE' });
    await check('2026-03-11T12:30:00Z');
    await spend('moving', '2026-03-12T10:00:00Z', 100);
    await check('2026-03-12T12:00:00Z');
    expect(dmsAbout('moving')).toHaveLength(2);
  });

  it('without Slack reports what it would send and records nothing', async () => {
    await spend('quiet', '2026-03-13T10:00:00Z', 85);
    const before = fake.calls.length;
    const s = await check('2026-03-13T12:00:00Z', null);
    expect(s.wouldSend).toEqual([expect.stringMatching(/^DM U0QUIET: team quiet passed 80% \(\$85\.00 of \$100\.00\)$/)]);
    expect(s.alertsRecorded).toBe(0);
    expect(fake.calls.length).toBe(before);
    const rows = await db.query(`SELECT 1 FROM budget_alerts a JOIN budgets b ON b.id = a.budget_id WHERE b.scope_value = 'quiet'`);
    expect(rows).toHaveLength(0);
  });
});
