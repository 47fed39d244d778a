import { describe, expect, it } from 'vitest';
import { digestPeriod, isDigestDue, trailingPeriods } from '../../src/domain/digest-period.js';
import { usdToNanos } from '../../src/domain/money.js';
import { describePeriod } from '../../src/domain/periods.js';
import { MAX_DIGEST_BLOCKS, renderDigestBlocks, renderDigestInviteNotice } from '../../src/render/digest-blocks.js';
import { renderDigestText } from '../../src/render/digest-text.js';
import { barLabel, digestTrendChart, renderTrendChart } from '../../src/render/trend-chart.js';
import type { DigestContent, DigestHeading, DigestReport } from '../../src/services/digest-content.js';

const period = digestPeriod('weekly', new Date('2026-03-09T09:00:00Z'), 'UTC');
const heading: DigestHeading = { team: { key: 'search', name: 'Search <Relevance>' }, cadence: 'weekly', period, periodLabel: describePeriod(period) };
const slice = (key: string, usd: number) => ({ key, costNanos: usdToNanos(usd), calls: 10, unpricedCalls: 0 });

const report: DigestReport = {
  ...heading,
  kind: 'report',
  totalNanos: usdToNanos(1234.5),
  previousNanos: usdToNanos(1000),
  calls: 4210,
  firstPeriod: false,
  trend: trailingPeriods(period).map((p, i) => ({ from: p.from, costNanos: usdToNanos(700 + i * 80) })),
  topModels: [slice('claude-opus-4-1', 800), slice('gpt-4o-mini', 300), slice('', 134.5)],
  topProducts: [slice('answers', 1000), slice('rewrite', 234.5)],
  topUsers: [slice('ana@example.com', 600), slice('bo@example.com', 400), slice('U0CCC', 234.5)],
  topTasks: [
    { taskId: 'runaway-1', taskType: 'agent', user: 'dee@example.com', calls: 180, costNanos: usdToNanos(95) },
    { taskId: 't-2', taskType: 'rag', user: '', calls: 4, costNanos: usdToNanos(12.3) },
  ],
  unpricedCalls: 12,
  unattributedNanos: usdToNanos(40),
  budget: {
    budget: { id: 1, scope: { kind: 'team', team: 'search' }, period: 'monthly', amountNanos: usdToNanos(2000), thresholds: [50, 80, 100], owners: [], source: 'file' },
    scopeLabel: 'team search',
    team: { key: 'search', name: 'Search <Relevance>', channel: 'C0SEARCH', owners: ['U0OWN'] },
    period: { start: '2026-03-01', end: '2026-04-01' },
    today: '2026-03-09',
    timezone: 'UTC',
    spentNanos: usdToNanos(1500),
    leftNanos: usdToNanos(500),
    percent: 75,
    daysLeft: 23,
    thresholdsCrossed: [50],
    forecast: { status: 'ok', dailyRate: usdToNanos(100), projected: usdToNanos(3800), crossingDay: '2026-03-14' },
    drivers: [],
  },
  anomalies: [
    {
      id: '7',
      scopeKind: 'team',
      scopeKey: 'search',
      day: '2026-03-05',
      team: 'search',
      actualNanos: usdToNanos(400),
      usualNanos: usdToNanos(120),
      z: 6,
      partial: false,
      causes: [{ dimension: 'model', value: 'claude-opus-4-1', contributionNanos: usdToNanos(250), sharePct: 89 }],
      detectedAt: new Date('2026-03-06T00:00:00Z'),
      updatedAt: new Date('2026-03-06T00:00:00Z'),
      feedback: null,
      feedbackBy: null,
      feedbackAt: null,
    },
  ],
  value: { metric: 'queries_answered', costNanos: usdToNanos(1234.5), units: 5_120_000_000n, perUnitNanos: usdToNanos(0.24) },
  tip: {
    kind: 'expensive-model',
    savingNanos: usdToNanos(310),
    model: 'claude-opus-4-1',
    sibling: 'claude-sonnet-4-5',
    calls: 900,
    costNanos: usdToNanos(800),
    siblingCostNanos: usdToNanos(490),
    medianOutputTokens: 400,
  },
};

describe('digest period', () => {
  it('is the last complete org-calendar week (Mon–Sun) or day, and due on the day after it', () => {
    const sundayNightBerlin = new Date('2026-03-08T23:30:00Z'); // already Monday in Berlin
    expect(digestPeriod('weekly', sundayNightBerlin, 'Europe/Berlin')).toMatchObject({ from: '2026-03-02', to: '2026-03-09' });
    expect(digestPeriod('weekly', sundayNightBerlin, 'UTC')).toMatchObject({ from: '2026-02-23', to: '2026-03-02' });
    expect(digestPeriod('daily', sundayNightBerlin, 'Europe/Berlin')).toMatchObject({ from: '2026-03-08', to: '2026-03-09' });
    expect(isDigestDue('weekly', new Date('2026-03-09T09:00:00Z'), 'UTC')).toBe(true);
    expect(isDigestDue('weekly', new Date('2026-03-10T09:00:00Z'), 'UTC')).toBe(false);
    expect(isDigestDue('daily', new Date('2026-03-10T09:00:00Z'), 'UTC')).toBe(true);
    expect(trailingPeriods(period).map((p) => p.from)[0]).toBe('2026-01-12');
  });
});

describe('renderDigestBlocks', () => {
  it('renders a full report within 15 blocks, escaping names, with the image block when the chart was uploaded', () => {
    const message = renderDigestBlocks(report, { fileId: 'F0CHART' });
    expect(message.blocks.length).toBeLessThanOrEqual(MAX_DIGEST_BLOCKS);
    expect(message.blocks).toContainEqual(expect.objectContaining({ type: 'image', slack_file: { id: 'F0CHART' } }));
    expect(message.text).toBe('Search &lt;Relevance&gt;: $1,234.50 spent Mar 2–8, 2026 (+23.4% vs the week before)');
    expect(message).toMatchSnapshot();
  });

  it('shows a text sparkline instead of the chart, and leaves out empty optional sections', () => {
    const bare: DigestReport = { ...report, budget: undefined, anomalies: [], value: undefined, tip: undefined, unpricedCalls: 0, unattributedNanos: null, firstPeriod: true };
    const text = renderDigestText(bare);
    expect(text).toMatchSnapshot();
    expect(text).not.toMatch(/Budget|Unusual|Value|Tip|unpriced|no team|undefined|NaN/);
  });

  it('says a quiet week and a new team in one line', () => {
    const quiet: DigestContent = { ...heading, kind: 'quiet' };
    const fresh: DigestContent = { ...heading, cadence: 'daily', kind: 'new' };
    expect(renderDigestBlocks(quiet, null)).toMatchSnapshot();
    expect(renderDigestBlocks(fresh, null).blocks).toHaveLength(1);
    expect(renderDigestBlocks(fresh, null).text).toContain('no history yet');
  });

  it('tells a subscriber how to invite the bot', () => {
    expect(renderDigestInviteNotice({ channel: 'C0X', teamName: 'Search', cadence: 'weekly', code: 'not_in_channel' })).toMatchSnapshot();
  });
});

describe('trend chart', () => {
  it('renders a PNG of real size from the digest trend', async () => {
    const png = await renderTrendChart(digestTrendChart(report));
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.length).toBeGreaterThan(10_000);
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(1000); // width in IHDR: drawn at twice the layout size
  });

  it('labels bars briefly', () => {
    expect([0, 3.2, 84.4, 1234, 25_400].map((usd) => barLabel(usdToNanos(usd)))).toEqual(['$0', '$3.20', '$84', '$1.2k', '$25k']);
  });
});
