import { describe, expect, it } from 'vitest';
import { renderBlocksAsText } from '../../src/render/blocks-text.js';
import { renderBudgetAlertBlocks, renderBudgetChannelNotice } from '../../src/render/budget-alert-blocks.js';
import { renderBudgetStatusBlocks } from '../../src/render/budget-status-blocks.js';
import type { BudgetStatus } from '../../src/services/budget-status.js';

const usd = (n: number) => BigInt(Math.round(n * 100)) * 10_000_000n;

const status: BudgetStatus = {
  budget: { id: 7, scope: { kind: 'team', team: 'search' }, period: 'monthly', amountNanos: usd(1800), thresholds: [50, 80, 100], owners: [], source: 'file' },
  scopeLabel: 'team search',
  team: { key: 'search', name: 'Search <Relevance>', channel: 'C0SEARCH', owners: ['U0AAA'] },
  period: { start: '2026-03-01', end: '2026-04-01' },
  today: '2026-03-20',
  timezone: 'Europe/Berlin',
  spentNanos: usd(1520),
  leftNanos: usd(280),
  percent: 84.444,
  daysLeft: 12,
  thresholdsCrossed: [50, 80],
  forecast: { status: 'ok', dailyRate: usd(80), projected: usd(2480), crossingDay: '2026-03-23' },
  drivers: [
    { kind: 'model', label: 'claude-opus-4-1', costNanos: usd(900) },
    { kind: 'user', label: 'ana@example.com', costNanos: usd(400) },
    { kind: 'task', label: 'run-8812 (rag-answer)', costNanos: usd(35.5) },
  ],
};

describe('budget alert DM', () => {
  it('shows scope, spent / budget, %, forecast, drivers and both buttons', () => {
    const dm = renderBudgetAlertBlocks(status, { kind: 'actual', threshold: 80 }, 'lead@example.com');
    expect(dm.text).toBe('Budget alert: team search passed 80% of its budget — $1,520.00 of $1,800.00 (84.4%)');
    expect(renderBlocksAsText(dm.blocks)).toMatchInlineSnapshot(`
      ":warning: Search <Relevance> (team search) has used 80% of its budget

      Monthly budget, Mar 1–31
      ████████░░ $1,520.00 of $1,800.00 · 84.4%
      $280.00 left · 12 days left in the period
      Forecast: $2,480.00 by period end — projected to cross 100% on Mar 23

      Top drivers this period
      • Model claude-opus-4-1 — $900.00
      • User ana@example.com — $400.00
      • Task run-8812 (rag-answer) — $35.50

      [ View breakdown ] [ Snooze 24 h ]

      You get this because you own this budget. Each threshold is sent once per period."
    `);
    const actions = dm.blocks.find((b) => b.type === 'actions');
    expect(JSON.stringify(actions)).toContain('"value":"{\\"b\\":7,\\"o\\":\\"lead@example.com\\"}"');
  });

  it('names the projected day in a forecast warning, and a product budget has no team breakdown button', () => {
    const product: BudgetStatus = { ...status, budget: { ...status.budget, scope: { kind: 'product', product: 'answers' } }, scopeLabel: 'product answers', team: null };
    const dm = renderBudgetAlertBlocks(product, { kind: 'forecast', threshold: 100 }, 'U0AAA');
    const text = renderBlocksAsText(dm.blocks);
    expect(text).toContain('product answers is projected to use up its budget on Mar 23');
    expect(text).not.toContain('View breakdown');
    expect(text).toContain('Snooze 24 h');
  });

  it('says why there is no forecast yet, and never prints NaN or undefined', () => {
    const young: BudgetStatus = { ...status, spentNanos: 0n, leftNanos: usd(1800), percent: 0, forecast: { status: 'insufficient-data', daysWithSpend: 1 }, drivers: [] };
    const text = renderBlocksAsText(renderBudgetStatusBlocks([young], 'Budget — Search').blocks);
    expect(text).toContain('Forecast: not enough data yet (needs 3 full days with spend this period, has 1)');
    expect(text).not.toMatch(/NaN|undefined|Infinity/);
    expect(renderBudgetChannelNotice({ ...status, spentNanos: usd(1800), percent: 100 })).toBe(
      ':rotating_light: Search &lt;Relevance&gt; (team search) has used its monthly budget: $1,800.00 of $1,800.00 · 100.0%. Owners have been notified.',
    );
  });
});
