import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestEvents } from '../../src/ingest/ingest-events.js';
import { parseTeamsFile } from '../../src/ingest/teams-file.js';
import { checkBudgets } from '../../src/jobs/budget-check.js';
import { SNOOZE_ACTION, VIEW_BREAKDOWN_ACTION } from '../../src/render/budget-alert-blocks.js';
import { applyTeamsFile } from '../../src/services/apply-teams-file.js';
import { listTeamBudgets } from '../../src/store/budgets-store.js';
import type { Db } from '../../src/store/db.js';
import { freshDatabase } from '../helpers/database.js';
import type { SlackCall } from '../helpers/fake-slack.js';
import { interactionBody, postSigned } from '../helpers/slack-requests.js';
import { startTestServer, visibleText, type TestServer } from '../helpers/test-server.js';

const TEAMS = `
timezone: UTC
admins: [U0ADMIN]
teams:
  - { key: search, name: Search Relevance, owners: [U0OWN1, U0OWN2], members: [U0MEMB], budget: { monthly_usd: 100 } }
  - { key: support, owners: [U0SUPP] }
`;

let db: Db;
let server: TestServer;
let clock = new Date('2026-03-05T12:00:00Z');
let seq = 0;

async function spend(at: string, usd: number): Promise<void> {
  const events = [{ id: `s${++seq}`, timestamp: at, team: 'search', cost_usd: usd, model: 'gpt-4o', product: 'answers', user: 'ana@example.com' }];
  await ingestEvents(db, events, { now: new Date(new Date(at).getTime() + 3_600_000), prices: server.deps.prices });
}

const dmsTo = (channel: string): SlackCall[] => server.slack.callsTo('chat.postMessage').filter((c) => c.params.channel === channel);

/** Clicks a button of a DM through the real server (signed interaction payload) and returns the response_url post. */
async function click(message: SlackCall, actionId: string, userId: string, responseId: string): Promise<{ text: string; blocks: []; response_type?: string }> {
  const blocks = message.params.blocks as { type: string; elements?: { action_id: string; value: string; text: unknown }[] }[];
  const button = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === actionId)!;
  const payload = {
    type: 'block_actions',
    user: { id: userId, username: userId.toLowerCase(), team_id: 'T0TEST' },
    api_app_id: 'A0TALLY',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: '1700000000.000100', channel_id: message.params.channel, is_ephemeral: false },
    trigger_id: '123.456.abc',
    team: { id: 'T0TEST', domain: 'example' },
    channel: { id: message.params.channel, name: 'directmessage' },
    message: { type: 'message', ts: '1700000000.000100', text: message.params.text, blocks },
    response_url: server.slack.responseUrl(responseId),
    actions: [{ action_id: actionId, block_id: 'b1', text: button.text, value: button.value, type: 'button', action_ts: '1700000001.000200' }],
  };
  const res = await postSigned(server.baseUrl, interactionBody(payload));
  expect(res.status).toBe(200);
  const [post] = await server.slack.waitFor('response_url', server.slack.callsTo('response_url').length + 1).then(() =>
    server.slack.calls.filter((c) => c.path === `/respond/${responseId}`),
  );
  return post!.params as { text: string; blocks: []; response_type?: string };
}

beforeAll(async () => {
  ({ db } = await freshDatabase());
  server = await startTestServer(db, { now: () => clock });
  await applyTeamsFile(db, parseTeamsFile(TEAMS), 'UTC');
});
afterAll(async () => server.close());

describe('budget alerts in Slack', () => {
  it('honours Snooze 24 h for the owner who clicked it, and View breakdown answers with the team', async () => {
    await spend('2026-03-05T09:00:00Z', 55);
    await checkBudgets(server.deps, clock);
    const [first] = dmsTo('D0OWN1');
    expect(first?.params.text).toContain('passed 50%');
    expect(dmsTo('D0OWN2')).toHaveLength(1);

    const breakdown = await click(first!, VIEW_BREAKDOWN_ACTION, 'U0OWN1', 'view1');
    expect(breakdown.response_type).toBe('ephemeral');
    expect(visibleText(breakdown)).toContain('Search Relevance');

    const snoozed = await click(first!, SNOOZE_ACTION, 'U0OWN1', 'snooze1');
    expect(snoozed.text).toContain('Snoozed');

    await spend('2026-03-05T10:00:00Z', 30);
    clock = new Date('2026-03-05T13:00:00Z');
    await checkBudgets(server.deps, clock);
    expect(dmsTo('D0OWN1')).toHaveLength(1);
    expect(dmsTo('D0OWN2').map((c) => c.params.text)).toEqual([expect.stringContaining('passed 50%'), expect.stringContaining('passed 80%')]);

    // After the snooze ends the owner hears about the next crossing (not about the one missed meanwhile).
    await spend('2026-03-06T14:00:00Z', 20);
    clock = new Date('2026-03-06T14:30:00Z');
    await checkBudgets(server.deps, clock);
    expect(dmsTo('D0OWN1').map((c) => c.params.text)).toEqual([expect.stringContaining('passed 50%'), expect.stringContaining('passed 100%')]);
  });

  it('refuses another owner clicking a Snooze button not sent to them', async () => {
    const [dm] = dmsTo('D0OWN2');
    const answer = await click(dm!, SNOOZE_ACTION, 'U0OWN1', 'snooze-wrong');
    expect(answer.text).toContain('Only the owner');
  });
});

describe('/cost budget', () => {
  it('shows used, left, a bar, days left and the forecast', async () => {
    const answer = await server.cost('budget search', 'U0MEMB');
    for (const part of ['Search Relevance', '$105.00 of $100.00', '105.0%', '$5.00 over', '26 days left', 'Forecast', '██████████']) expect(answer.all).toContain(part);
  });

  it('refuses a non-member without showing a figure', async () => {
    const answer = await server.cost('budget search', 'U0SUPP');
    expect(answer.all).toContain(':lock:');
    expect(answer.all).not.toContain('$');
  });

  it('refuses budget set to someone who is not an owner or admin, and changes nothing', async () => {
    const answer = await server.cost('budget set search 5000', 'U0MEMB');
    expect(answer.response_type).toBe('ephemeral');
    expect(answer.all).toContain("Only *Search Relevance*'s owners and Tally admins can set its budget");
    expect((await listTeamBudgets(db, 'search')).map((b) => b.amountNanos)).toEqual([100_000_000_000n]);
  });

  it('lets an owner set a budget, and explains a bad amount without writing', async () => {
    const bad = await server.cost('budget set search lots', 'U0OWN1');
    expect(bad.all).toContain('"lots" is not an amount');
    expect(bad.all).toContain('Usage: `/cost budget');
    expect(await listTeamBudgets(db, 'search')).toHaveLength(1);
    const set = await server.cost('budget set search $1,500 weekly', 'U0OWN1');
    expect(set.all).toContain('weekly budget set to *$1,500.00*');
    const budgets = await listTeamBudgets(db, 'search');
    expect(budgets.map((b) => [b.period, b.amountNanos, b.source])).toEqual([
      ['monthly', 100_000_000_000n, 'file'],
      ['weekly', 1_500_000_000_000n, 'slack'],
    ]);
    const admin = await server.cost('budget set support 250', 'U0ADMIN');
    expect(admin.all).toContain('monthly budget set to *$250.00*');
  });
});
