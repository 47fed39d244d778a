import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPriceTable } from '../../src/domain/prices.js';
import { DEFAULT_PRICES } from '../../src/domain/default-prices.js';
import { ingestEvents } from '../../src/ingest/ingest-events.js';
import { getOrgSettings, replaceTeams, saveOrgSettings } from '../../src/store/teams-store.js';
import { freshDatabase } from '../helpers/database.js';
import { testTeam } from '../helpers/test-team.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

const now = new Date('2026-04-03T15:00:00Z');
let server: TestServer;

beforeAll(async () => {
  const { db } = await freshDatabase();
  await replaceTeams(db, [testTeam('search', 'Search', ['U0MEMBER'], ['U0OWNER']), testTeam('ads', 'Ads', ['U0ADS'], ['U0OWNER'])]);
  await saveOrgSettings(db, { ...(await getOrgSettings(db)), admins: ['U0ADMIN'] });
  await ingestEvents(
    db,
    [
      { id: 's1', timestamp: '2026-03-10T10:00:00Z', team: 'search', cost_usd: 40.123 },
      { id: 'a1', timestamp: '2026-03-12T10:00:00Z', team: 'ads', cost_usd: 12 },
    ],
    { now, prices: buildPriceTable(DEFAULT_PRICES) },
  );
  server = await startTestServer(db, { now: () => now });
});
afterAll(async () => server.close());

function uploadsTo(channel: string) {
  return server.slack.callsTo('files.completeUploadExternal').filter((c) => c.params.channel_id === channel);
}

describe('/cost export', () => {
  it("uploads a member's team CSV to their DM and says where it went", async () => {
    const answer = await server.cost('export search 2026-03', 'U0MEMBER', 'C0GENERAL');
    expect(answer.response_type).toBe('ephemeral');
    expect(answer.all).toContain('Sent `tally-focus-search-2026-03.csv` to your DMs: FOCUS 1.2 CSV, 1 row, $40.12 in total');
    expect(uploadsTo('D0MEMBER')).toHaveLength(1);
    expect(server.slack.callsTo('file_upload')).toHaveLength(1);
    expect(server.slack.callsTo('files.getUploadURLExternal')[0]!.params).toMatchObject({ filename: 'tally-focus-search-2026-03.csv' });
  });

  it("refuses another team's export and an org-wide export to non-admins, uploading nothing", async () => {
    const before = server.slack.callsTo('files.completeUploadExternal').length;
    const other = await server.cost('export ads 2026-03', 'U0MEMBER');
    expect(other.all).toMatch(/Sorry — \*Ads\*'s agent spend is shown to its owners/);
    const org = await server.cost('export 2026-03', 'U0STRANGER');
    expect(org.all).toContain('Figures across teams are for admins');
    expect(server.slack.callsTo('files.completeUploadExternal')).toHaveLength(before);
  });

  it('gives an admin the whole org for last-month, and rejects a period that is not a month', async () => {
    const answer = await server.cost('export last-month', 'U0ADMIN');
    expect(answer.all).toContain('`tally-focus-org-2026-03.csv` to your DMs: FOCUS 1.2 CSV, 2 rows, $52.12 in total');
    expect(uploadsTo('D0ADMIN')).toHaveLength(1);
    const bad = await server.cost('export search 7d', 'U0MEMBER');
    expect(bad.all).toContain('Export takes a whole month');
  });
});
