import { beforeAll, describe, expect, it } from 'vitest';
import { parseTeamsFile } from '../../src/ingest/teams-file.js';
import { applyTeamsFile } from '../../src/services/apply-teams-file.js';
import type { Db } from '../../src/store/db.js';
import { listDigestSubscriptions, saveSlackSubscription } from '../../src/store/digest-subscriptions-store.js';
import { freshDatabase } from '../helpers/database.js';

let db: Db;

beforeAll(async () => {
  ({ db } = await freshDatabase());
});

async function apply(teams: string): Promise<string[]> {
  await applyTeamsFile(db, parseTeamsFile(`timezone: UTC\nteams:\n${teams}`), 'UTC');
  return (await listDigestSubscriptions(db)).map((s) => `${s.channel} ${s.team} ${s.cadence} ${s.source}`);
}

describe('teams.yml digest subscriptions', () => {
  it('follow the file (channel + digest), leave Slack-made ones alone, and go with a removed team', async () => {
    expect(
      await apply(`  - { key: a, channel: C0A }
  - { key: b, channel: C0B, digest: daily }
  - { key: c, channel: C0C, digest: off }
  - { key: d }`),
    ).toEqual(['C0A a weekly file', 'C0B b daily file']);
    await saveSlackSubscription(db, { channel: 'C0X', team: 'a', cadence: 'daily', subscribedBy: 'U0A' });
    await saveSlackSubscription(db, { channel: 'C0B', team: 'b', cadence: 'weekly', subscribedBy: 'U0B' });
    expect(
      await apply(`  - { key: a, channel: C0A2, digest: daily }
  - { key: b, channel: C0B }
  - { key: d }`),
    ).toEqual(['C0A2 a daily file', 'C0B b weekly slack', 'C0X a daily slack']);
    expect(await apply(`  - { key: b }`)).toEqual(['C0B b weekly slack']);
  });
});
