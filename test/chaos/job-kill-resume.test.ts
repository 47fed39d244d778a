import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPriceTable } from '../../src/domain/prices.js';
import { DEFAULT_PRICES } from '../../src/domain/default-prices.js';
import { ingestEvents } from '../../src/ingest/ingest-events.js';
import { listDeliveries } from '../../src/store/deliveries-store.js';
import { spawnTally } from '../helpers/child-process.js';
import { freshDatabase, type TestDatabase } from '../helpers/database.js';
import { FakeSlack } from '../helpers/fake-slack.js';
import { SlackChannels } from '../helpers/slack-channels.js';
import { TEST_BOT_TOKEN, TEST_SIGNING_SECRET } from '../helpers/slack-requests.js';
import { usageEvent } from '../helpers/post-events.js';

const TEAMS = 6;
const AT = '2026-03-10T09:00:00Z';
// Past deliverOnce's 15-minute lease, so a claim the killed run left in 'sending' is taken up again.
const AFTER_LEASE = '2026-03-10T09:20:00Z';

let t: TestDatabase;
let slack: FakeSlack;
let teamsFile: string;

beforeAll(async () => {
  t = await freshDatabase();
  slack = await new FakeSlack().start();
  const teams = Array.from({ length: TEAMS }, (_, i) =>
    [`  - key: team-${i}`, `    owners: [U0OWNA${i}, U0OWNB${i}]`, `    channel: C0TEAM${i}`, '    digest: daily', '    budget: { monthly_usd: 100 }'].join('\n'),
  );
  teamsFile = join(tmpdir(), `tally-kill-${process.pid}.yml`);
  await writeFile(teamsFile, `timezone: UTC\nvisibility: team\nteams:\n${teams.join('\n')}\n`);
  // Every team is over its budget (DMs to both owners and a channel notice) and has a day to digest.
  const events = Array.from({ length: TEAMS }, (_, i) => usageEvent(`kill-${i}`, `team-${i}`, 150, { timestamp: '2026-03-09T10:00:00Z' }));
  await ingestEvents(t.db, events, { now: new Date(AT), prices: buildPriceTable(DEFAULT_PRICES) });
});
afterAll(async () => slack.stop());

function env(): Record<string, string> {
  return { DATABASE_URL: t.url, TALLY_TEAMS_FILE: teamsFile, SLACK_BOT_TOKEN: TEST_BOT_TOKEN, SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET, SLACK_API_URL: slack.apiUrl, TALLY_LOG_LEVEL: 'warn' };
}

/**
 * Runs a job command, SIGKILLs it the moment Slack has accepted its `killAt`-th message (which, like any
 * later one of that run, never gets an answer: the crash window between Slack and markDeliverySent),
 * then runs it again.
 * Returns the channels as Slack shows them.
 */
async function killAndResume(args: string[], killAt: number): Promise<SlackChannels> {
  slack.reset();
  let child: ReturnType<typeof spawnTally> | undefined;
  let firstRunOver = false;
  // Digests post to several channels at once, so posts already on the wire when the kill lands may
  // still reach Slack: every one from the killed run lands but is never answered.
  const channels = new SlackChannels(slack, (_message, count) => {
    if (firstRunOver || count < killAt) return undefined;
    if (count === killAt) child?.child.kill('SIGKILL');
    return { hang: true };
  });
  child = spawnTally('src/cli/index.ts', [...args, '--at', AT], env());
  expect((await child.exited).signal).toBe('SIGKILL');
  firstRunOver = true;
  expect(channels.messages.length).toBeGreaterThanOrEqual(killAt);
  // The next scheduled run comes after the lease (budget checks every 15 minutes, digests hourly).
  const rerun = spawnTally('src/cli/index.ts', [...args, '--at', AFTER_LEASE], env());
  const { code } = await rerun.exited;
  expect(code, rerun.lines.join('\n')).toBe(0);
  return channels;
}

function expectEachOnce(channels: SlackChannels, expectedKeys: string[]): void {
  const counts = channels.countsByDeliveryKey();
  expect([...counts.keys()].sort()).toEqual([...expectedKeys].sort());
  for (const [key, n] of counts) expect(n, key).toBe(1);
}

describe('SIGKILL in the middle of a job, then the next runs', () => {
  it('digest run: every due digest is posted exactly once', async () => {
    const channels = await killAndResume(['digest', 'run'], 3);
    const rows = await listDeliveries(t.db, 'digest');
    expect(rows).toHaveLength(TEAMS);
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    expectEachOnce(channels, rows.map((r) => `digest:${r.dedupe_key}`));
  });

  it('budget check: every owner DM and channel notice is sent exactly once', async () => {
    const channels = await killAndResume(['budgets', 'check'], 4);
    const dms = await listDeliveries(t.db, 'budget_alert');
    const notices = await listDeliveries(t.db, 'budget_channel_notice');
    expect(dms).toHaveLength(TEAMS * 2);
    expect(notices).toHaveLength(TEAMS);
    expect([...dms, ...notices].every((r) => r.status === 'sent')).toBe(true);
    expectEachOnce(channels, [...dms.map((r) => `budget_alert:${r.dedupe_key}`), ...notices.map((r) => `budget_channel_notice:${r.dedupe_key}`)]);
  });
});
