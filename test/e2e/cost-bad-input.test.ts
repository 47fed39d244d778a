import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDb } from '../../src/store/db.js';
import { COST_NOW, startCostServer } from '../helpers/cost-fixture.js';
import type { TestDatabase } from '../helpers/database.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let t: TestDatabase;
let server: TestServer;

beforeAll(async () => {
  ({ t, server } = await startCostServer());
});

/** Everything a command could conceivably write, as one comparable snapshot. */
async function databaseState(): Promise<unknown> {
  return t.db.query(
    `SELECT (SELECT count(*) FROM usage_events) AS events, (SELECT count(*) FROM daily_spend) AS rollups,
       (SELECT count(*) FROM task_totals) AS tasks, (SELECT count(*) FROM slack_deliveries) AS deliveries,
       (SELECT json_agg(t ORDER BY key) FROM teams t) AS teams, (SELECT row_to_json(o) FROM org_settings o) AS org`,
  );
}

const BAD_INPUT: [text: string, problem: string, usage: string][] = [
  ['frobnicate now', `I don't know "/cost frobnicate"`, '/cost myteam [period]'],
  ['team nosuch', 'There is no team "nosuch". Teams: fresh, search, support.', 'Usage: `/cost team &lt;key&gt; [period]`'],
  ['team', 'Which team?', 'Usage: `/cost team &lt;key&gt; [period]`'],
  ['team mtd', 'Which team?', 'Usage: `/cost team &lt;key&gt; [period]`'],
  ['team search 2026-13', '"2026-13" is not a period I know', 'Usage: `/cost team &lt;key&gt; [period]`'],
  ['team search lastweek', 'is not a period I know. Try one of: today, yesterday', 'Usage: `/cost team'],
  ['team search 2026-03-05..2026-03-01', 'the range ends before it starts', 'Usage: `/cost team'],
  ['myteam 999d', 'choose between 1d and 400d', 'Usage: `/cost myteam [period]`'],
  ['me 2026-02-30..2026-03-01', 'not a real date range', 'Usage: `/cost me [period]`'],
  ['team "search"', 'There is no team ""search""', 'Usage: `/cost team'],
  ["team search'; DROP TABLE teams;--", `I didn't understand "TABLE teams;--"`, 'Usage: `/cost team'],
  ["team search';DROP/**/TABLE/**/teams;--", `There is no team "search';DROP/**/TABLE/**/teams;--"`, 'Usage: `/cost team'],
  ["team x');DELETE/**/FROM/**/usage_events;--", 'There is no team', 'Usage: `/cost team'],
  ['team search mtd; DROP TABLE teams', `I didn't understand "DROP TABLE teams"`, 'Usage: `/cost team'],
  ['team 🚀', 'There is no team "🚀"', 'Usage: `/cost team'],
  ['🚀🚀', `I don't know "/cost 🚀🚀"`, '/cost top [team] [period]'],
  ['team <@U123>', 'That looks like a mention', 'Usage: `/cost team'],
  ['<@U123|bob>', `I don't know "/cost &lt;@u123|bob&gt;"`, '/cost help'],
  ['tag env', 'Give the tag as key=value', 'Usage: `/cost tag &lt;key&gt;=&lt;value&gt; [period]`'],
  ['tag =prod', 'Give the tag as key=value', 'Usage: `/cost tag'],
  ['task', 'Which task?', 'Usage: `/cost task &lt;task_id&gt;`'],
  [`task ${'x'.repeat(300)}`, 'at most 200 characters', 'Usage: `/cost task'],
  ['top search 7d extra', `I didn't understand "extra"`, 'Usage: `/cost top [team] [period]`'],
  ['top nosuch', 'There is no team "nosuch"', 'Usage: `/cost top'],
  ['me yesterday today', `I didn't understand "today"`, 'Usage: `/cost me [period]`'],
  ['x'.repeat(5000), 'That request is too long (5000 characters)', '/cost team &lt;key&gt; [period]'],
];

describe('/cost with bad input', () => {
  it.each(BAD_INPUT.map(([text, problem, usage]) => ({ text, problem, usage, shown: text.length > 60 ? `${text.slice(0, 12)}… (${text.length} characters)` : text })))(
    '/cost $shown → a clear ephemeral message with the usage line, nothing written',
    async ({ text, problem, usage }) => {
      const before = await databaseState();
      const a = await server.cost(text, 'U0BBB');
      expect(a.response_type).toBe('ephemeral');
      expect(a.all).toContain(problem);
      expect(a.all).toContain(usage);
      expect(a.all).not.toMatch(/NaN|Infinity|undefined|Something went wrong/);
      expect(await databaseState()).toEqual(before);
    },
  );

  it('posts nothing anywhere but the requester’s response_url', async () => {
    expect(server.slack.callsTo('chat.postMessage')).toHaveLength(0);
  });
});

describe('/cost with the database unreachable', () => {
  let down: TestServer;
  beforeAll(async () => {
    const dead = connectDb('postgres://postgres@127.0.0.1:1/x', { max: 2 });
    down = await startTestServer(dead, { now: () => COST_NOW });
  });
  afterAll(async () => down.close());

  it('answers "temporarily unavailable", logs it once, and keeps serving', async () => {
    for (const text of ['myteam', 'team search', 'me 7d']) {
      const a = await down.cost(text, 'U0BBB');
      expect(a.response_type).toBe('ephemeral');
      expect(a.all).toContain('Cost data is temporarily unavailable');
    }
    expect(down.logs.filter((l) => l.includes('cost data unavailable'))).toHaveLength(1);
    const help = await down.cost('help', 'U0BBB');
    expect(help.all).toContain('/cost myteam [period]');
  });
});
