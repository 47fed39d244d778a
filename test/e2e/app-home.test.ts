import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPriceTable } from '../../src/domain/prices.js';
import { DEFAULT_PRICES } from '../../src/domain/default-prices.js';
import { ingestEvents } from '../../src/ingest/ingest-events.js';
import { upsertAnomaly } from '../../src/store/anomalies-store.js';
import { setSlackTeamBudget } from '../../src/store/budgets-store.js';
import { getOrgSettings, replaceTeams, saveOrgSettings } from '../../src/store/teams-store.js';
import { freshDatabase } from '../helpers/database.js';
import { testTeam } from '../helpers/test-team.js';
import { eventCallbackBody, postSigned } from '../helpers/slack-requests.js';
import { startTestServer, visibleText, type TestServer } from '../helpers/test-server.js';

const now = new Date('2026-03-18T15:00:00Z');
let server: TestServer;

beforeAll(async () => {
  const { db } = await freshDatabase();
  await replaceTeams(db, [testTeam('search', 'Search Relevance', ['U0MEMBER']), testTeam('ads', 'Ads Platform', ['U0ADS'])]);
  await saveOrgSettings(db, { ...(await getOrgSettings(db)), admins: ['U0ADMIN'] });
  await ingestEvents(
    db,
    [
      { id: 's1', timestamp: '2026-03-10T10:00:00Z', team: 'search', cost_usd: 40, task_id: 'reindex-42', task_type: 'reindex' },
      { id: 's2', timestamp: '2026-03-17T10:00:00Z', team: 'search', cost_usd: 20.5 },
      { id: 'a1', timestamp: '2026-03-12T10:00:00Z', team: 'ads', cost_usd: 777.77, task_id: 'ads-secret-task' },
    ],
    { now, prices: buildPriceTable(DEFAULT_PRICES) },
  );
  await setSlackTeamBudget(db, { team: 'search', period: 'monthly', amountNanos: 100_000_000_000n, setBy: 'U0ADMIN' });
  await upsertAnomaly(db, { scopeKind: 'team', scopeKey: 'search', day: '2026-03-17', team: 'search', actualNanos: 20_500_000_000n, usualNanos: 2_000_000_000n, z: 6, partial: false, causes: [] }, now);
  server = await startTestServer(db, { now: () => now });
});
afterAll(async () => server.close());

async function openHome(userId: string): Promise<{ userId: string; text: string; blockCount: number }> {
  const before = server.slack.callsTo('views.publish').length;
  const res = await postSigned(server.baseUrl, eventCallbackBody({ type: 'app_home_opened', user: userId, channel: 'D0HOME', tab: 'home', event_ts: '1773846000.000100' }), {
    contentType: 'application/json',
  });
  expect(res.status).toBe(200);
  const call = (await server.slack.waitFor('views.publish', before + 1))[before]!;
  const view = call.params.view as { type: string; blocks: { type: string; text?: { text: string } }[] };
  expect(view.type).toBe('home');
  return { userId: String(call.params.user_id), text: visibleText({ text: '', blocks: view.blocks as never }), blockCount: view.blocks.length };
}

describe('App Home', () => {
  it("shows a member their team's month to date, budget bar, top task and latest anomaly, and no other team", async () => {
    const home = await openHome('U0MEMBER');
    expect(home.userId).toBe('U0MEMBER');
    expect(home.text).toContain('Search Relevance');
    expect(home.text).toContain('$60.50');
    expect(home.text).toMatch(/█+░+ Monthly budget, Mar 1–(Mar )?31: \$60\.50 of \$100\.00/);
    expect(home.text).toContain('`reindex-42` (reindex) — $40.00, 1 call');
    expect(home.text).toContain('Latest anomalies');
    expect(home.text).not.toMatch(/Ads Platform|777|ads-secret-task|Whole organisation/);
  });

  it('shows a non-member no team figures at all, and an admin every team', async () => {
    const stranger = await openHome('U0STRANGER');
    expect(stranger.text).toContain("You're not in any team yet");
    expect(stranger.text).not.toMatch(/\$\d/);
    const admin = await openHome('U0ADMIN');
    expect(admin.text).toMatch(/Ads Platform[\s\S]*\$777\.77/);
    expect(admin.text).toContain('Whole organisation: *$838.27*');
    expect(admin.blockCount).toBeLessThanOrEqual(100);
  });
});
