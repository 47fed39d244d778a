import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { renderBlocksAsText } from '../../src/render/blocks-text.js';
import { renderAccessRefusalBlocks } from '../../src/render/access-refusal-blocks.js';
import { renderTagSummaryBlocks } from '../../src/render/tag-summary-blocks.js';
import { renderTaskDetailBlocks } from '../../src/render/task-detail-blocks.js';
import { renderMyTeamsBlocks, renderTeamSummaryBlocks, type RenderedMessage } from '../../src/render/team-summary-blocks.js';
import { renderTopTasksBlocks } from '../../src/render/top-tasks-blocks.js';
import { renderUserSummaryBlocks } from '../../src/render/user-summary-blocks.js';
import type { SpendHeadline } from '../../src/services/spend-headline.js';
import type { TeamSpendSummary } from '../../src/services/team-spend-summary.js';

const USD = 1_000_000_000n;

/** Slack's limits and our "never NaN" rule, checked on every rendered message. */
function expectWithinSlackLimits(m: RenderedMessage): void {
  expect(m.text.length).toBeGreaterThan(0);
  expect(m.blocks.length).toBeLessThanOrEqual(50);
  for (const b of m.blocks as (KnownBlock & { text?: { text: string }; fields?: { text: string }[] })[]) {
    if (b.type === 'header') expect(b.text!.text.length).toBeLessThanOrEqual(150);
    if (b.type === 'section') {
      expect(b.text || b.fields).toBeTruthy();
      if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(3000);
      expect(b.fields?.length ?? 0).toBeLessThanOrEqual(10);
      for (const f of b.fields ?? []) expect(f.text.length).toBeLessThanOrEqual(2000);
    }
  }
  expect(JSON.stringify(m, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))).not.toMatch(/NaN|Infinity|undefined|\[object/);
}

const headline: SpendHeadline = {
  periodLabel: 'Mar 1–20, 2026 (month to date)',
  previousLabel: 'Feb 1–20, 2026',
  totalNanos: 1234_560_000_000n,
  previousNanos: 1000n * USD,
  calls: 5120,
  unpricedCalls: 3,
  daily: [1n, 5n, 3n, 0n, 8n, 13n, 2n].map((n) => n * USD),
  daysPerPoint: 1,
};

const team: TeamSpendSummary = {
  ...headline,
  team: { key: 'search', name: 'Search Relevance' },
  byProduct: [
    { label: 'answers', costNanos: 1000n * USD },
    { label: '(no product)', costNanos: 234_560_000_000n },
  ],
  byModel: [
    { label: 'claude-sonnet-4-5', costNanos: 800n * USD },
    { label: 'gpt-4o <beta> & co', costNanos: 400n * USD },
    { label: 'other', costNanos: 34_560_000_000n, other: true },
  ],
  topUsers: [{ label: 'bob@example.com', costNanos: 700n * USD }],
  topTasks: [{ taskId: 'run-8812', taskType: 'code-review', user: 'bob@example.com', costNanos: 42_500_000_000n }],
  unattributedNanos: 5_000_000n,
  newestEventAt: new Date('2026-03-20T09:41:00Z'),
  timezone: 'Europe/Berlin',
  budget: { period: 'monthly', budgetNanos: 1800n * USD, spentNanos: 1234_560_000_000n, forecastNanos: 1950n * USD, projectedCrossDay: '2026-03-28' },
  anomalies: [
    {
      id: '1', scopeKind: 'team', scopeKey: 'search', day: '2026-03-18', team: 'search', actualNanos: 520n * USD, usualNanos: 108n * USD, z: 7.2,
      partial: false, causes: [{ dimension: 'task_type', value: 'code-review', contributionNanos: 321n * USD, sharePct: 78 }, { dimension: 'model', value: 'claude-opus', contributionNanos: 300n * USD, sharePct: 72.8 }],
      detectedAt: new Date('2026-03-19T01:05:00Z'), updatedAt: new Date('2026-03-19T01:05:00Z'), feedback: null, feedbackBy: null, feedbackAt: null,
    },
  ],
};

describe('team answer renderer', () => {
  it('renders the full answer (snapshot)', () => {
    const m = renderTeamSummaryBlocks(team);
    expectWithinSlackLimits(m);
    expect(renderBlocksAsText(m.blocks)).toMatchSnapshot();
    expect(m.text).toBe('Search Relevance: $1,234.56 for Mar 1–20, 2026 (month to date) (+$234.56 (+23.5%) vs previous)');
  });

  it('escapes names others wrote and shows sub-cent amounts as <$0.01', () => {
    const all = JSON.stringify(renderTeamSummaryBlocks(team).blocks);
    expect(all).toContain('gpt-4o &lt;beta&gt; &amp; co');
    expect(all).toContain('<$0.01 of org spend');
  });

  it('leaves out budget, anomalies and notes when there are none', () => {
    const { budget: _b, anomalies: _a, ...plain } = team;
    const text = renderBlocksAsText(renderTeamSummaryBlocks({ ...plain, unpricedCalls: 0, unattributedNanos: null }).blocks);
    expect(text).not.toMatch(/Budget|Anomalies|unpriced|no team/);
  });

  it('greets a new team and a quiet period without figures that mean nothing', () => {
    const zero = { ...team, totalNanos: 0n, previousNanos: 0n, calls: 0, unpricedCalls: 0, daily: [], byProduct: [], byModel: [], topUsers: [], topTasks: [] };
    const fresh = renderTeamSummaryBlocks({ ...zero, newestEventAt: null });
    expectWithinSlackLimits(fresh);
    expect(renderBlocksAsText(fresh.blocks)).toMatchSnapshot();
    const quiet = renderTeamSummaryBlocks(zero);
    expectWithinSlackLimits(quiet);
    expect(renderBlocksAsText(quiet.blocks)).toContain('No spend for Search Relevance in Mar 1–20, 2026 (month to date). Feb 1–20, 2026: $0.00.');
  });

  it('fits many teams in one message by falling back to one line each', () => {
    const many = Array.from({ length: 8 }, (_, i) => ({ ...team, team: { key: `t${i}`, name: `Team ${i}` } }));
    const m = renderMyTeamsBlocks(many);
    expectWithinSlackLimits(m);
    expect(renderBlocksAsText(m.blocks)).toContain('• Team 7 (t7): $1,234.56 · +23.5% vs previous');
    expect(renderMyTeamsBlocks(many.slice(0, 2)).blocks.filter((b) => b.type === 'header')).toHaveLength(2);
    expect(renderBlocksAsText(renderMyTeamsBlocks([]).blocks)).toContain("You're not listed in any team yet");
  });
});

describe('other /cost renderers', () => {
  it('renders /cost me (snapshot)', () => {
    const m = renderUserSummaryBlocks({
      ...headline,
      who: 'bob@example.com',
      userIds: ['Bob@Example.com', 'bob@example.com'],
      byTeam: [{ label: 'Search Relevance', costNanos: 1234_560_000_000n }],
      byProduct: [],
      byModel: [{ label: 'gpt-4o', costNanos: 1234_560_000_000n }],
      newestEventAt: new Date('2026-03-20T09:41:00Z'),
      timezone: 'Europe/Berlin',
    });
    expectWithinSlackLimits(m);
    expect(renderBlocksAsText(m.blocks)).toMatchSnapshot();
  });

  it('renders /cost tag for a member (snapshot)', () => {
    const m = renderTagSummaryBlocks({
      ...headline,
      daily: [],
      tag: { key: 'env', value: 'prod' },
      byTeam: [{ label: 'Search Relevance', costNanos: 1234_560_000_000n }],
      limitedTo: ['Search Relevance'],
    });
    expectWithinSlackLimits(m);
    expect(renderBlocksAsText(m.blocks)).toMatchSnapshot();
  });

  it('renders /cost task (snapshot)', () => {
    const m = renderTaskDetailBlocks({
      taskId: 'run-8812',
      teamKey: 'search',
      teamName: 'Search Relevance',
      product: 'answers',
      taskType: 'code-review',
      user: 'bob@example.com',
      firstSeen: new Date('2026-03-18T08:00:00Z'),
      lastSeen: new Date('2026-03-18T08:47:12Z'),
      durationMs: 47 * 60_000 + 12_000,
      calls: 212,
      errorCalls: 3,
      unpricedCalls: 0,
      inputTokens: 1_830_000,
      outputTokens: 92_400,
      cacheReadTokens: 1_200_000,
      cacheWriteTokens: 40_000,
      toolCalls: 57,
      costNanos: 42_500_000_000n,
      models: ['claude-sonnet-4-5', 'gpt-4o-mini'],
      timezone: 'Europe/Berlin',
      outcome: { metric: 'prs_merged', value: 1 },
    });
    expectWithinSlackLimits(m);
    expect(renderBlocksAsText(m.blocks)).toMatchSnapshot();
  });

  it('renders /cost top with ten long rows within limits (snapshot)', () => {
    const rows = Array.from({ length: 10 }, (_, i) => ({
      taskId: `task-${'x'.repeat(190)}-${i}`,
      teamName: 'Search Relevance',
      taskType: 'code-review',
      user: 'bob@example.com',
      costNanos: BigInt(10 - i) * USD,
      sharePercent: (10 - i) * 1.5,
    }));
    const m = renderTopTasksBlocks({ scopeLabel: 'all teams', periodLabel: headline.periodLabel, taskCount: 1000, scopeTotalNanos: 1000n * USD, rows });
    expectWithinSlackLimits(m);
    expect(renderBlocksAsText(m.blocks)).toMatchSnapshot();
    const none = renderTopTasksBlocks({ scopeLabel: 'all teams', periodLabel: headline.periodLabel, taskCount: 0, scopeTotalNanos: 0n, rows: [] });
    expectWithinSlackLimits(none);
  });

  it('refuses with owners as mentions or emails and no figure', () => {
    const m = renderAccessRefusalBlocks({ refused: true, teamName: 'Search Relevance', askWhom: ['U0AAA', 'lead@example.com'] });
    expectWithinSlackLimits(m);
    expect(m.text).toBe(
      ":lock: Sorry — *Search Relevance*'s agent spend is shown to its owners, members and admins. Ask <@U0AAA>, lead@example.com if you need access.",
    );
    expect(renderAccessRefusalBlocks({ refused: true, teamName: null, askWhom: [] }).text).toContain('Ask your platform team');
  });
});
