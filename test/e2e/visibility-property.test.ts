import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/domain/access.js';
import { DEFAULT_PRICES } from '../../src/domain/default-prices.js';
import { formatUsd } from '../../src/domain/format.js';
import { usdToNanos } from '../../src/domain/money.js';
import { buildPriceTable } from '../../src/domain/prices.js';
import { ingestEvents } from '../../src/ingest/ingest-events.js';
import { parseTeamsFile } from '../../src/ingest/teams-file.js';
import { renderAppHomeView } from '../../src/render/app-home-view.js';
import { applyTeamsFile } from '../../src/services/apply-teams-file.js';
import { appHomeFor } from '../../src/services/app-home.js';
import { dispatchCost } from '../../src/slack/commands/dispatch-cost.js';
import { freshDatabase, type TestDatabase } from '../helpers/database.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

const NOW = new Date('2026-03-20T10:00:00Z');
const VIEWER = 'U0VIEWER';
const CHANNEL = 'C0RANDOM';
/** Distinctive spend per team (and unattributed), so any leaked figure is recognisable. */
const SPEND: Record<string, number> = { alpha: 1234.57, bravo: 3456.79, charlie: 5678.91, delta: 7890.13 };
const UNATTRIBUTED = 777.77;
const TEAMS = Object.keys(SPEND);

type Membership = 'none' | 'member' | 'owner' | 'usergroup';

let t: TestDatabase;
let server: TestServer;

beforeAll(async () => {
  t = await freshDatabase();
  await applyTeamsFile(t.db, parseTeamsFile(teamsYaml('team', false, ['none', 'none', 'none', 'none'])), 'UTC');
  const events = [
    ...TEAMS.map((team) => ({
      id: `spend-${team}`,
      timestamp: '2026-03-05T12:00:00Z',
      team,
      product: `product-${team}`,
      user: 'someone@example.com',
      model: `model-${team}`,
      task_id: `task-${team}`,
      cost_usd: SPEND[team],
      tags: { proj: team },
    })),
    { id: 'spend-none', timestamp: '2026-03-06T12:00:00Z', model: 'model-none', task_id: 'task-none', cost_usd: UNATTRIBUTED, tags: { proj: 'none' } },
  ];
  await ingestEvents(t.db, events, { now: NOW, prices: buildPriceTable(DEFAULT_PRICES) });
  server = await startTestServer(t.db, { now: () => NOW });
});
afterAll(async () => server.close());

function teamsYaml(visibility: 'team' | 'open', admin: boolean, memberships: readonly Membership[]): string {
  const teams = TEAMS.map((key, i) => {
    const m = memberships[i];
    return [
      `  - key: ${key}`,
      `    owners: [${m === 'owner' ? VIEWER : `U0OWN${i}`}]`,
      `    members: [${m === 'member' ? VIEWER : `U0MEM${i}`}]`,
      `    usergroup: S0GROUP${i}`,
      `    channel: C0${key.toUpperCase()}`,
      '    budget: { monthly_usd: 9000 }',
    ].join('\n');
  });
  return `timezone: UTC\nvisibility: ${visibility}\nadmins: [${admin ? VIEWER : 'U0BOSS'}]\nteams:\n${teams.join('\n')}\n`;
}

/** The ways each figure could be printed: exact, rounded, compact, and as a CSV decimal. */
function forms(usd: number): string[] {
  return [formatUsd(usdToNanos(usd)), `$${Math.round(usd).toLocaleString('en-US')}`, `$${(usd / 1000).toFixed(1)}k`, usd.toFixed(2)];
}

const COMMANDS = ['help', 'myteam', 'myteam mtd', 'me', 'top', 'top mtd', 'budget', 'export', 'top {t}', 'team {t}', 'tag proj={t}', 'tag proj=none', 'task task-{t}', 'task task-none', 'value {t}', 'advice {t}', 'budget {t}', 'export {t}'];
const expanded = COMMANDS.flatMap((c) => (c.includes('{t}') ? TEAMS.map((team) => c.replace('{t}', team)) : [c]));
const commandTexts = expanded.flatMap((c) => [c, `${c} share`]);

const scenario = fc.record({
  visibility: fc.constantFrom<'team' | 'open'>('team', 'team', 'open'),
  admin: fc.boolean().map((b) => b && Math.random() < 0.5),
  memberships: fc.array(fc.constantFrom<Membership>('none', 'member', 'owner', 'usergroup'), { minLength: 4, maxLength: 4 }),
  commands: fc.shuffledSubarray(commandTexts, { minLength: 10, maxLength: 10 }),
});

describe('visibility', () => {
  it('no command, App Home or export ever shows a figure of a team the caller may not see', async () => {
    const seenVisible = new Set<string>();
    let figuresInFiles = 0;
    await fc.assert(
      fc.asyncProperty(scenario, async ({ visibility, admin, memberships, commands }) => {
        await applyTeamsFile(t.db, parseTeamsFile(teamsYaml(visibility, admin, memberships)), 'UTC');
        const orgVisible = visibility === 'open' || admin;
        const hidden = orgVisible ? [] : TEAMS.filter((_, i) => memberships[i] === 'none');
        const hiddenForms = [...hidden.flatMap((team) => forms(SPEND[team]!)), ...(orgVisible ? [] : forms(UNATTRIBUTED))];
        const viewer: Viewer = { userId: VIEWER, email: null, usergroups: new Set(TEAMS.flatMap((_, i) => (memberships[i] === 'usergroup' ? [`S0GROUP${i}`] : []))) };
        const home = renderAppHomeView(await appHomeFor(t.db, viewer, NOW));
        const outputs: [string, string][] = [['App Home', JSON.stringify(home)]];
        for (const text of [...commands, ...TEAMS.map((team) => `team ${team}`)]) {
          const before = server.slack.calls.length;
          const answer = await dispatchCost(text, { deps: server.deps, userId: VIEWER, channelId: CHANNEL, now: NOW, viewer: async () => viewer }, server.deps.log, `prop-${text}`);
          const sentToSlack = server.slack.calls.slice(before).map((c) => c.raw).join('\n');
          const shown = `${JSON.stringify({ text: answer.text, blocks: answer.blocks })}\n${sentToSlack}`;
          expect(shown, `/cost ${text}`).not.toContain('Something went wrong');
          outputs.push([`/cost ${text}`, shown]);
          if (TEAMS.some((key) => sentToSlack.includes(forms(SPEND[key]!)[3]!))) figuresInFiles += 1;
          const team = /^team (\w+)$/.exec(text)?.[1];
          if (team && !hidden.includes(team) && shown.includes(forms(SPEND[team]!)[0]!)) seenVisible.add(team);
        }
        for (const [where, shown] of outputs) {
          for (const figure of hiddenForms) expect(shown.includes(figure), `${where} shows ${figure} (hidden: ${hidden.join(', ') || 'unattributed'})`).toBe(false);
        }
      }),
      { numRuns: 20 },
    );
    // Not vacuous: the figures the checks look for do appear where they are allowed.
    expect([...seenVisible].sort()).toEqual(TEAMS);
    expect(figuresInFiles).toBeGreaterThan(0);
  });
});
