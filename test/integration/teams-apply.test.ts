import { beforeAll, describe, expect, it } from 'vitest';
import { parseTeamsFile } from '../../src/ingest/teams-file.js';
import { applyTeamsFile } from '../../src/services/apply-teams-file.js';
import { getOrgSettings, listTeams } from '../../src/store/teams-store.js';
import { UserError } from '../../src/errors.js';
import { freshDatabase, type TestDatabase } from '../helpers/database.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await freshDatabase();
});

const yaml = `
timezone: Europe/Berlin
visibility: team
admins: [U0ADMIN1]
teams:
  - key: search
    name: Search Relevance
    owners: [U0AAA, lead@example.com]
    members: [U0BBB]
    usergroup: S0SEARCH
    channel: C0SEARCH
    budget: { monthly_usd: 5000, thresholds: [50, 80, 100] }
    value_metric: tickets_resolved
  - key: ads
    owners: [U0CCC]
`;

describe('teams.yml', () => {
  it('applies idempotently and removes teams dropped from the file', async () => {
    const first = await applyTeamsFile(t.db, parseTeamsFile(yaml), 'UTC');
    expect(first).toMatchObject({ teams: 2, added: ['search', 'ads'], removed: [], timezone: 'Europe/Berlin', timezoneChanged: true });
    const second = await applyTeamsFile(t.db, parseTeamsFile(yaml), 'UTC');
    expect(second).toMatchObject({ added: [], removed: [], timezoneChanged: false });
    const teams = await listTeams(t.db);
    expect(teams.find((x) => x.key === 'search')).toMatchObject({ name: 'Search Relevance', owners: ['U0AAA', 'lead@example.com'], usergroup: 'S0SEARCH', channel: 'C0SEARCH', valueMetric: 'tickets_resolved' });
    expect(teams.find((x) => x.key === 'ads')?.name).toBe('ads');
    expect(await getOrgSettings(t.db)).toMatchObject({ timezone: 'Europe/Berlin', visibility: 'team', admins: ['U0ADMIN1'] });

    const shrunk = await applyTeamsFile(t.db, parseTeamsFile(yaml.split('  - key: ads')[0]!), 'UTC');
    expect(shrunk.removed).toEqual(['ads']);
  });

  it('lists every problem with its path and changes nothing', async () => {
    const bad = `
timezone: Mars/Olympus
visibility: secret
teams:
  - key: Search Team
    owners: [not-a-user]
    channel: general
  - key: ok
    budget: { monthly_usd: -5 }
`;
    let error: unknown;
    try {
      parseTeamsFile(bad, 'teams.yml');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(UserError);
    const message = (error as Error).message;
    for (const path of ['timezone:', 'visibility:', 'teams[0].key:', 'teams[0].owners[0]:', 'teams[0].channel:', 'teams[1].budget.monthly_usd:']) {
      expect(message).toContain(path);
    }
    expect(() => parseTeamsFile('teams: [{key: a}, {key: a}]')).toThrow(/teams\[1\]\.key: duplicate team key "a"/);
    expect(() => parseTeamsFile('teams: [{key: a, owner: [U0A]}]')).toThrow(/teams\[0\]: Unrecognized key: "owner"/);
    expect(() => parseTeamsFile('budgets: [{product: x}]')).toThrow(/budgets\[0\]: set exactly one of monthly_usd or weekly_usd/);
    expect(() => parseTeamsFile('teams: [unclosed', 'x.yml')).toThrow(/x.yml: not valid YAML/);
    expect((await listTeams(t.db)).map((x) => x.key)).toEqual(['search']);
  });
});
