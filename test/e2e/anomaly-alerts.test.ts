import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/time-zone.js';
import { ingestEvents } from '../../src/ingest/ingest-events.js';
import { parseTeamsFile } from '../../src/ingest/teams-file.js';
import { scanAnomalies } from '../../src/jobs/anomaly-scan.js';
import { ANOMALY_EXPECTED_ACTION } from '../../src/render/anomaly-blocks.js';
import { applyTeamsFile } from '../../src/services/apply-teams-file.js';
import { recentAnomalies } from '../../src/services/team-anomalies.js';
import type { Db } from '../../src/store/db.js';
import { freshDatabase } from '../helpers/database.js';
import type { SlackCall } from '../helpers/fake-slack.js';
import { interactionBody, postSigned } from '../helpers/slack-requests.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

const TEAMS = `
timezone: UTC
admins: [U0ADMIN]
teams:
  - { key: review, name: Code Review Agents, owners: [U0OWN], members: [U0MEM], channel: C0REVIEW }
  - { key: other, owners: [U0OTHER], channel: C0OTHER }
`;

// 2026-03-09 is a Monday; the 28 days before it are $100 a day: $60 triage on sonnet by ann, $40 code-review on opus by bob.
const DAY = '2026-03-09';
const NEXT_MORNING = new Date('2026-03-10T08:00:00Z');

let db: Db;
let server: TestServer;

function event(id: string, day: string, usd: number, over: Record<string, unknown>) {
  return { id, timestamp: `${day}T10:00:00Z`, team: 'review', product: 'pr', cost_usd: usd, tags: { env: 'prod' }, ...over };
}

async function ingest(events: Record<string, unknown>[]): Promise<void> {
  const s = await ingestEvents(db, events, { now: NEXT_MORNING, prices: server.deps.prices });
  expect(s.rejected).toEqual([]);
}

async function click(message: SlackCall, userId: string, responseId: string): Promise<Record<string, unknown>> {
  const blocks = message.params.blocks as { type: string; elements?: { action_id: string; value: string; text: unknown }[] }[];
  const button = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === ANOMALY_EXPECTED_ACTION)!;
  const payload = {
    type: 'block_actions',
    user: { id: userId, username: userId.toLowerCase(), team_id: 'T0TEST' },
    api_app_id: 'A0TALLY',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: '1700000000.000100', channel_id: 'C0REVIEW', is_ephemeral: false },
    trigger_id: '123.456.abc',
    team: { id: 'T0TEST', domain: 'example' },
    channel: { id: 'C0REVIEW', name: 'review' },
    message: { type: 'message', ts: '1700000000.000100', text: message.params.text, blocks },
    response_url: server.slack.responseUrl(responseId),
    actions: [{ action_id: ANOMALY_EXPECTED_ACTION, block_id: 'b1', text: button.text, value: button.value, type: 'button', action_ts: '1700000001.000200' }],
  };
  const res = await postSigned(server.baseUrl, interactionBody(payload));
  expect(res.status).toBe(200);
  await server.slack.waitFor('response_url', server.slack.callsTo('response_url').length + 1);
  return server.slack.calls.find((c) => c.path === `/respond/${responseId}`)!.params;
}

beforeAll(async () => {
  ({ db } = await freshDatabase());
  server = await startTestServer(db, { now: () => NEXT_MORNING });
  await applyTeamsFile(db, parseTeamsFile(TEAMS), 'UTC');
  const history = [];
  for (let i = 1; i <= 28; i++) {
    const day = addDays(DAY, -i);
    history.push(
      event(`h-${day}-a`, day, 60, { task_id: `t-${day}-a`, task_type: 'triage', model: 'claude-sonnet', user: 'ann' }),
      event(`h-${day}-b`, day, 40, { task_id: `t-${day}-b`, task_type: 'code-review', model: 'claude-opus', user: 'bob' }),
    );
  }
  await ingest(history);
  // The Monday: the usual $100, plus a $300 code-review run on opus by bob.
  await ingest([
    event('d-a', DAY, 60, { task_id: 'd-a', task_type: 'triage', model: 'claude-sonnet', user: 'ann' }),
    event('d-b', DAY, 40, { task_id: 'd-b', task_type: 'code-review', model: 'claude-opus', user: 'bob' }),
    ...[1, 2, 3].map((n) => event(`run-${n}`, DAY, 100, { task_id: 'run-x', task_type: 'code-review', model: 'claude-opus', user: 'bob' })),
  ]);
});
afterAll(async () => server.close());

describe('anomaly scan → one post → Looks expected', () => {
  let post: SlackCall;

  it('finds the spike with its root cause and posts it once, however often it runs', async () => {
    const first = await scanAnomalies(server.deps, NEXT_MORNING);
    // Team, product pr and tag env=prod all spiked; the product and tag fold into the team alert.
    expect(first).toMatchObject({ found: 3, posted: 1, folded: 2, failed: 0 });
    const second = await scanAnomalies(server.deps, NEXT_MORNING);
    expect(second).toMatchObject({ found: 3, posted: 0, alreadyPosted: 1, folded: 2 });
    const posts = server.slack.callsTo('chat.postMessage');
    expect(posts).toHaveLength(1);
    post = posts[0]!;
    expect(post.params.channel).toBe('C0REVIEW');
    // Usual Monday $100 (MAD 0, spread floored at $5): $400 is +$300, z = 60. Every dimension rose by
    // $300; ties go task_type, model, user (product has one value and explains nothing).
    expect(post.params.text).toBe(
      'Unusual spend — team Code Review Agents, Mon Mar 9: +$300.00 vs usual: 100.0% from task_type=code-review on model claude-opus, user bob',
    );
    expect(JSON.stringify(post.params.blocks)).toContain('Also unusual that day: product pr (+$300.00), tag env=prod (+$300.00)');

    const listed = await recentAnomalies(db, 'review', addDays(DAY, -7), addDays(DAY, 1));
    const team = listed.find((a) => a.scopeKind === 'team')!;
    expect(team).toMatchObject({ day: DAY, actualNanos: 400_000_000_000n, usualNanos: 100_000_000_000n, z: 60, partial: false, feedback: null });
    expect(team.causes.map((c) => `${c.dimension}=${c.value}`)).toEqual(['task_type=code-review', 'model=claude-opus', 'user=bob']);
    expect(await recentAnomalies(db, 'other', addDays(DAY, -7), addDays(DAY, 1))).toEqual([]);
  });

  it('refuses Looks expected from someone outside the team, and records it from a member', async () => {
    const refused = await click(post, 'U0OTHER', 'outsider');
    expect(refused).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(String(refused.text)).toContain('members, owners and Tally admins');
    expect((await recentAnomalies(db, 'review', DAY, addDays(DAY, 1))).every((a) => a.feedback === null)).toBe(true);

    const marked = await click(post, 'U0MEM', 'member');
    expect(marked.replace_original).toBe(true);
    const blocks = marked.blocks as { type: string }[];
    expect(blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(JSON.stringify(blocks)).toContain('Marked as expected by <@U0MEM>');
    const team = (await recentAnomalies(db, 'review', DAY, addDays(DAY, 1))).find((a) => a.scopeKind === 'team')!;
    expect(team).toMatchObject({ feedback: 'expected', feedbackBy: 'U0MEM' });
  });

  it('after Looks expected, later scans of that scope and day neither post nor change it', async () => {
    await ingest([event('late-1', DAY, 500, { task_id: 'run-y', task_type: 'code-review', model: 'claude-opus', user: 'bob' })]);
    const again = await scanAnomalies(server.deps, NEXT_MORNING);
    expect(again).toMatchObject({ posted: 0, suppressed: 1 });
    expect(server.slack.callsTo('chat.postMessage')).toHaveLength(1);
    const team = (await recentAnomalies(db, 'review', DAY, addDays(DAY, 1))).find((a) => a.scopeKind === 'team')!;
    expect(team.actualNanos).toBe(400_000_000_000n);
  });

  it('judges today so far against a usual whole day, and says so', async () => {
    const quiet = Array.from({ length: 10 }, (_, i) => addDays('2026-03-10', -(i + 1))).map((day) => ({
      id: `o-${day}`, timestamp: `${day}T09:00:00Z`, team: 'other', product: 'ops', cost_usd: 10, task_id: `o-${day}`, task_type: 'sync',
    }));
    // By 08:00 today the team already spent $50 against a usual whole day of $10: +$40, +400 %.
    await ingest([...quiet, { id: 'o-today', timestamp: '2026-03-10T07:00:00Z', team: 'other', product: 'ops', cost_usd: 50, task_id: 'o-big', task_type: 'sync' }]);
    const summary = await scanAnomalies(server.deps, NEXT_MORNING);
    expect(summary).toMatchObject({ posted: 1, folded: 3 });
    const post = server.slack.callsTo('chat.postMessage').find((c) => c.params.channel === 'C0OTHER')!;
    expect(post.params.text).toBe('Unusual spend — team other, Tue Mar 10 (so far): +$40.00 vs usual: 100.0% from task=o-big');
    const [today] = await recentAnomalies(db, 'other', '2026-03-10', '2026-03-11');
    expect(today).toMatchObject({ scopeKind: 'team', partial: true, actualNanos: 50_000_000_000n, usualNanos: 10_000_000_000n });
  });
});
