import { beforeAll, describe, expect, it } from 'vitest';
import { parseTeamsFile } from '../../src/ingest/teams-file.js';
import { applyTeamsFile } from '../../src/services/apply-teams-file.js';
import { costTeamsYaml, startCostServer } from '../helpers/cost-fixture.js';
import type { TestDatabase } from '../helpers/database.js';
import type { CostResponse, TestServer } from '../helpers/test-server.js';

let t: TestDatabase;
let server: TestServer;

beforeAll(async () => {
  ({ t, server } = await startCostServer());
});

function expectClean(answer: CostResponse): void {
  expect(answer.all).not.toMatch(/NaN|Infinity|undefined|\[object/);
  expect(answer.blocks.length).toBeLessThanOrEqual(50);
}

describe('/cost myteam and /cost team', () => {
  it('answers a member with total, change, breakdowns summing to the total, top users and tasks, notes and freshness', async () => {
    const a = await server.cost('myteam', 'U0BBB');
    expectClean(a);
    expect(a.response_type).toBe('ephemeral');
    expect(a.all).toContain('Search Relevance — agent spend');
    expect(a.all).toContain('*$32.00* · Mar 1–20, 2026 (month to date)');
    expect(a.all).toContain('+$12.00 (+60.0%) vs Feb 1–20, 2026');
    // Top 5 models + "other" derived from the total: 10.5 + 8 + 6 + 4 + 2 + 1.5 = 32.
    expect(a.all).toContain('• m-alpha — $10.50 (32.8%)');
    expect(a.all).toContain('• _other_ — $1.50 (4.7%)');
    expect(a.all).toContain('• web — $18.50 (57.8%)');
    expect(a.all).toContain('• Bob@Example.com — $16.00');
    expect(a.all).toMatch(/`t-01` — \$10\.00[\s\S]*`t-02` — \$8\.00[\s\S]*`t-03` — \$6\.00/);
    expect(a.all).not.toContain('t-04');
    expect(a.all).toContain('1 call unpriced');
    expect(a.all).toContain('Data as of Mar 14, 2026 13:00 Europe/Berlin');
    expect(a.all).toMatch(/[▁▂▃▄▅▆▇█]{20}/);
    // Members are not shown org-wide unattributed spend.
    expect(a.all).not.toContain('has no team');
  });

  it('finds teams through their Slack user group', async () => {
    const a = await server.cost('myteam last-month', 'U0GGG');
    expect(a.all).toContain('Support Copilot — agent spend');
    expect(a.all).toContain('No spend for *Support Copilot* in Feb 1–28, 2026 (last month)');
  });

  it('greets a brand-new team and a person in no team without figures', async () => {
    const fresh = await server.cost('myteam', 'U0FFF');
    expectClean(fresh);
    expect(fresh.all).toContain('No agent spend recorded for *Fresh Team* yet');
    const nobody = await server.cost('myteam', 'U0ZZZ');
    expect(nobody.all).toContain("You're not listed in any team yet");
    expect(nobody.all).not.toContain('$');
  });

  it.each([
    ['today', 'Mar 20, 2026 (today)', 'No spend for *Search Relevance*'],
    ['yesterday', 'Mar 19, 2026 (yesterday)', 'No spend for *Search Relevance*'],
    ['7d', '*$0.00* · Mar 14–20, 2026 (last 7 days)', '1 call unpriced'],
    ['30d', '*$32.00* · Feb 19 – Mar 20, 2026 (last 30 days)', 'm-alpha'],
    ['90d', '*$52.00* · Dec 21, 2025 – Mar 20, 2026 (last 90 days)', 'm-alpha'],
    ['this-week', 'Mar 16–20, 2026 (this week so far)', 'No spend for *Search Relevance*'],
    ['last-week', '*$0.50* · Mar 9–15, 2026 (last week)', 'dave@example.com'],
    ['mtd', '*$32.00* · Mar 1–20, 2026 (month to date)', 'm-alpha'],
    ['last-month', '*$20.00* · Feb 1–28, 2026 (last month)', '(new)'],
    ['2026-02', '*$20.00* · Feb 1–28, 2026', 't-old'],
    ['2026-03-01..2026-03-05', '*$28.00* · Mar 1–5, 2026', 'm-delta'],
  ])('/cost team search %s', async (period, headline, detail) => {
    const a = await server.cost(`team search ${period}`, 'U0BBB');
    expectClean(a);
    expect(a.all).toContain(headline);
    expect(a.all).toContain(detail);
  });

  it('refuses a non-member politely, naming the owners, with no figure', async () => {
    const a = await server.cost('team search', 'U0ZZZ');
    expect(a.response_type).toBe('ephemeral');
    expect(a.all).toContain("*Search Relevance*'s agent spend is shown to its owners, members and admins");
    expect(a.all).toContain('<@U0AAA>');
    expect(a.all).toContain('lead@example.com');
    expect(a.all).not.toMatch(/\$\d/);
  });

  it('shows admins any team, with the org-wide unattributed amount', async () => {
    const a = await server.cost('team support', 'U0ADMIN');
    expect(a.all).toContain('*$105.00*');
    expect(a.all).toContain('$7.00 of org spend in this period has no team');
  });

  it('accepts team keys in any case', async () => {
    const a = await server.cost('team SEARCH 2026-02', 'U0BBB');
    expect(a.all).toContain('*$20.00*');
  });
});

describe('/cost me', () => {
  it("sums the viewer's spend across teams, matching their email case-insensitively", async () => {
    const a = await server.cost('me', 'U0BBB');
    expectClean(a);
    expect(a.all).toContain('*$21.00* · Mar 1–20, 2026 (month to date)');
    expect(a.all).toContain('• Search Relevance — $16.00');
    expect(a.all).toContain('• Support Copilot — $5.00');
    expect(a.all).toContain('Bob@Example.com, bob@example.com');
  });

  it('says so when nothing is recorded for the viewer', async () => {
    const a = await server.cost('me 7d', 'U0FFF');
    expect(a.all).toContain('No agent usage is recorded for you (fay@example.com)');
  });
});

describe('/cost tag', () => {
  it('shows admins the tag across teams, unattributed included', async () => {
    const a = await server.cost('tag env=prod', 'U0ADMIN');
    expectClean(a);
    expect(a.all).toContain('*$123.00*');
    expect(a.all).toContain('• Support Copilot — $100.00 (81.3%)');
    expect(a.all).toContain('• Unattributed — $7.00');
  });

  it("limits a member to their own teams' rows", async () => {
    const a = await server.cost('tag env=prod mtd', 'U0BBB');
    expect(a.all).toContain('*$16.00*');
    expect(a.all).not.toContain('Support Copilot');
    expect(a.all).not.toContain('Unattributed');
    expect(a.all).toContain("Only your teams' spend is shown");
  });

  it('refuses someone in no team', async () => {
    const a = await server.cost('tag env=prod', 'U0ZZZ');
    expect(a.all).toContain('Figures across teams are for admins');
    expect(a.all).not.toMatch(/\$\d/);
  });
});

describe('/cost task', () => {
  it('details a task of the viewer’s team', async () => {
    const a = await server.cost('task t-01', 'U0BBB');
    expectClean(a);
    expect(a.all).toContain('Task t-01');
    expect(a.all).toContain('*Cost*\n$10.00');
    expect(a.all).toContain('*Team*\nSearch Relevance');
    expect(a.all).toContain('*Tokens in / out*\n1.0k / 200');
    expect(a.all).toContain('m-alpha');
    expect(a.all).toContain('*Outcome*\nnot recorded');
  });

  it("refuses another team's task and an unattributed one to members; admins see both", async () => {
    const other = await server.cost('task s-1', 'U0BBB');
    expect(other.all).toContain("*Support Copilot*'s agent spend is shown");
    expect(other.all).toContain('<@U0DDD>');
    expect(other.all).not.toMatch(/\$\d/);
    const unattributed = await server.cost('task u-1', 'U0BBB');
    expect(unattributed.all).toContain('Figures across teams are for admins');
    const admin = await server.cost('task u-1', 'U0ADMIN');
    expect(admin.all).toContain('*Team*\nUnattributed');
    expect(admin.all).toContain('$7.00');
  });

  it('answers an unknown task id with the usage line', async () => {
    const a = await server.cost('task nope-42', 'U0BBB');
    expect(a.all).toContain('No task "nope-42" found');
    expect(a.all).toContain('Usage: `/cost task &lt;task_id&gt;`');
  });
});

describe('/cost top', () => {
  it('ranks the whole org for admins with each task’s share of total spend', async () => {
    const a = await server.cost('top', 'U0ADMIN');
    expectClean(a);
    expect(a.all).toContain('*all teams* · Mar 1–20, 2026 (month to date)');
    expect(a.all).toContain('Total spend $144.00 across 15 tasks');
    expect(a.all).toContain('1. `s-1` — *$100.00* (69.4% of spend)');
    expect(a.all).toContain('4. `u-1` — *$7.00*');
    expect(a.all.match(/^\d+\. `/gm)).toHaveLength(5);
  });

  it("ranks only a member's own teams, never unattributed", async () => {
    const a = await server.cost('top 30d', 'U0BBB');
    expect(a.all).toContain('*Search Relevance*');
    expect(a.all).toContain('1. `t-01` — *$10.00*');
    expect(a.all).not.toContain('s-1');
    expect(a.all).not.toContain('u-1');
  });

  it('refuses a team the viewer is not in, and cross-team ranking to someone in no team', async () => {
    const team = await server.cost('top support last-month', 'U0BBB');
    expect(team.all).toContain("*Support Copilot*'s agent spend is shown");
    const nobody = await server.cost('top', 'U0ZZZ');
    expect(nobody.all).toContain('Figures across teams are for admins');
    expect(nobody.all).not.toMatch(/\$\d/);
  });
});

describe('share', () => {
  it("posts a team answer in the team's own channel", async () => {
    const a = await server.cost('team search share', 'U0BBB', 'C0SEARCH');
    expect(a.response_type).toBe('in_channel');
    expect(a.all).not.toContain('Only you can see this');
  });

  it('keeps it private elsewhere, with a note, unless an admin shares', async () => {
    const a = await server.cost('myteam share', 'U0BBB', 'C0GENERAL');
    expect(a.response_type).toBe('ephemeral');
    expect(a.all).toContain('Only you can see this');
    const admin = await server.cost('team search share', 'U0ADMIN', 'C0GENERAL');
    expect(admin.response_type).toBe('in_channel');
    const refusal = await server.cost('team support share', 'U0BBB', 'C0SUPPORT');
    expect(refusal.response_type).toBe('ephemeral');
  });

  it('lets anyone share their own spend', async () => {
    const a = await server.cost('share me', 'U0BBB', 'C0GENERAL');
    expect(a.response_type).toBe('in_channel');
  });
});

describe('visibility: open', () => {
  it('shows every team and cross-team figures to everyone', async () => {
    await applyTeamsFile(t.db, parseTeamsFile(costTeamsYaml('open')), 'UTC');
    try {
      const team = await server.cost('team search', 'U0ZZZ');
      expect(team.all).toContain('*$32.00*');
      const top = await server.cost('top', 'U0ZZZ');
      expect(top.all).toContain('1. `s-1`');
      const shared = await server.cost('team support share', 'U0ZZZ', 'C0GENERAL');
      expect(shared.response_type).toBe('in_channel');
    } finally {
      await applyTeamsFile(t.db, parseTeamsFile(costTeamsYaml('team')), 'UTC');
    }
  });
});
