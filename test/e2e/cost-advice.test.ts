import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PRICES } from '../../src/domain/default-prices.js';
import { buildPriceTable } from '../../src/domain/prices.js';
import type { Team } from '../../src/domain/team-directory.js';
import { ingestEvents } from '../../src/ingest/ingest-events.js';
import { getOrgSettings, replaceTeams, saveOrgSettings } from '../../src/store/teams-store.js';
import { adviceEvents } from '../helpers/advice-events.js';
import { freshDatabase, type TestDatabase } from '../helpers/database.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

const now = new Date('2026-04-02T09:00:00Z');
let t: TestDatabase;
let server: TestServer;

const team = (key: string, name: string, members: string[], channel: string | null = null): Team => ({
  key, name, owners: ['U0OWNER'], members, usergroup: null, channel, digest: 'weekly', valueMetric: null, settings: {},
});

beforeAll(async () => {
  t = await freshDatabase();
  await replaceTeams(t.db, [team('search', 'Search', ['U0ALICE'], 'C0SEARCH'), team('quiet', 'Quiet', ['U0QUIET'])]);
  const events = [
    ...adviceEvents('search'),
    { id: 'q1', timestamp: '2026-03-05T10:00:00Z', team: 'quiet', model: 'gpt-4o-mini', input_tokens: 500, output_tokens: 600 },
  ];
  expect((await ingestEvents(t.db, events, { now, prices: buildPriceTable(DEFAULT_PRICES) })).rejected).toEqual([]);
  server = await startTestServer(t.db, { now: () => now });
});
afterAll(async () => server.close());

describe('/cost advice over signed HTTP', () => {
  it('lists every tip with its saving and evidence for a member, over the last 30 days by default', async () => {
    const answer = await server.cost('advice search', 'U0ALICE');
    expect(answer.response_type).toBe('ephemeral');
    expect(answer.all).toContain('Advice for Search — Mar 4 – Apr 2, 2026 (last 30 days)');
    for (const saving of ['$40.00', '$36.00', '$34.00', '$18.90', '$15.00']) expect(answer.all).toContain(`would have saved *${saving}*`);
    expect(answer.all).toContain('`claude-sonnet-4-5` for short jobs');
    expect(answer.all).toContain('`/cost task search-review-8`');
    expect(answer.all).toContain('15 of them retried');
    expect(answer.all).not.toMatch(/NaN|undefined|Infinity/);
  });

  it('takes a period, and defaults the team to the only one the viewer is in', async () => {
    const answer = await server.cost('advice 2026-03', 'U0ALICE');
    expect(answer.all).toContain('Advice for Search — Mar 1–31, 2026');
    expect(answer.all).toContain('$181.65');
  });

  it('refuses a non-member without showing a figure, naming whom to ask', async () => {
    const answer = await server.cost('advice search share', 'U0EVE');
    expect(answer.response_type).toBe('ephemeral');
    expect(answer.all).toContain(':lock:');
    expect(answer.all).toContain('U0OWNER');
    expect(answer.all).not.toContain('$');
  });

  it('says so when a team has nothing to advise', async () => {
    const answer = await server.cost('advice quiet', 'U0QUIET');
    expect(answer.all).toContain('Nothing to advise for *Quiet*');
    expect(answer.all).not.toContain('would have saved');
  });

  it('shares in the team channel but keeps it private elsewhere', async () => {
    expect((await server.cost('advice search share', 'U0ALICE', 'C0SEARCH')).response_type).toBe('in_channel');
    const elsewhere = await server.cost('advice search share', 'U0ALICE', 'C0RANDOM');
    expect(elsewhere.response_type).toBe('ephemeral');
    expect(elsewhere.all).toContain('Only you can see this');
  });

  it('answers mistakes with the usage line', async () => {
    expect((await server.cost('advice nosuch', 'U0ALICE')).all).toContain('There is no team "nosuch"');
    expect((await server.cost('advice search lastyear', 'U0ALICE')).all).toContain('Usage: `/cost advice &lt;team&gt; [period]`');
    expect((await server.cost('advice', 'U0EVE')).all).toContain('You are not in any team');
  });

  it('shows any team to anyone under open visibility', async () => {
    const org = await getOrgSettings(t.db);
    await saveOrgSettings(t.db, { ...org, visibility: 'open' });
    expect((await server.cost('advice search', 'U0EVE')).all).toContain('would have saved *$40.00*');
  });
});
