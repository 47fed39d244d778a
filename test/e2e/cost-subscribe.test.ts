import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTeamsFile } from '../../src/ingest/teams-file.js';
import { applyTeamsFile } from '../../src/services/apply-teams-file.js';
import type { Db } from '../../src/store/db.js';
import { listDigestSubscriptions } from '../../src/store/digest-subscriptions-store.js';
import { freshDatabase } from '../helpers/database.js';
import { DIGEST_TEAMS } from '../helpers/digest-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let db: Db;
let server: TestServer;

beforeAll(async () => {
  ({ db } = await freshDatabase());
  await applyTeamsFile(db, parseTeamsFile(DIGEST_TEAMS), 'UTC');
  server = await startTestServer(db);
});
afterAll(async () => server.close());

async function rows() {
  return (await listDigestSubscriptions(db)).map((s) => `${s.channel} ${s.team} ${s.cadence} ${s.source} ${s.subscribedBy ?? '-'}`);
}

describe('/cost subscribe and /cost unsubscribe', () => {
  it('lets owners, members and admins subscribe the channel they are in; refuses others', async () => {
    const owner = await server.cost('subscribe search daily', 'U0OWN', 'C0NEWS');
    expect(owner.response_type).toBe('ephemeral');
    expect(owner.all).toContain("now gets *Search Relevance*'s daily spend digest, every day at 09:00 (UTC)");
    expect((await server.cost('subscribe search', 'U0MEM', 'C0MEMBERS')).all).toContain('weekly spend digest, Mondays at 09:00 (UTC)');
    expect((await server.cost('subscribe quiet weekly', 'U0ADMIN', 'C0NEWS')).all).toContain('now gets');
    const refused = await server.cost('subscribe search', 'U0OUTSIDER', 'C0SPY');
    expect(refused.all).toContain("Only *Search Relevance*'s owners, members and Tally admins");
    expect(await rows()).toEqual([
      'C0ADS ads daily file -',
      'C0FRESH fresh weekly file -',
      'C0MEMBERS search weekly slack U0MEM',
      'C0NEWS quiet weekly slack U0ADMIN',
      'C0NEWS search daily slack U0OWN',
      'C0QUIET quiet weekly file -',
      'C0SEARCH search weekly file -',
    ]);
  });

  it('explains bad input and changes nothing', async () => {
    const before = await rows();
    expect((await server.cost('subscribe nosuch', 'U0ADMIN', 'C0X')).all).toContain('There is no team "nosuch"');
    expect((await server.cost('subscribe search monthly', 'U0OWN', 'C0X')).all).toContain('weekly or daily, not "monthly"');
    expect((await server.cost('subscribe', 'U0OWN', 'C0X')).all).toContain('Name the team, e.g. `/cost subscribe search weekly`');
    expect((await server.cost('unsubscribe search', 'U0OWN', 'C0NOTHING')).all).toContain("doesn't get Search Relevance's digest");
    expect(await rows()).toEqual(before);
  });

  it('keeps Slack subscriptions across a teams.yml apply; teams.yml channels are changed in teams.yml, not by unsubscribe', async () => {
    await applyTeamsFile(db, parseTeamsFile(DIGEST_TEAMS), 'UTC');
    expect(await rows()).toContain('C0NEWS search daily slack U0OWN');
    const fileRow = await server.cost('unsubscribe search', 'U0OWN', 'C0SEARCH');
    expect(fileRow.all).toContain('from teams.yml: set `digest: off`');
    const gone = await server.cost('unsubscribe search', 'U0MEM', 'C0NEWS');
    expect(gone.all).toContain("no longer gets *Search Relevance*'s spend digest");
    expect(await rows()).not.toContain('C0NEWS search daily slack U0OWN');
    expect(await rows()).toContain('C0SEARCH search weekly file -');
  });
});
