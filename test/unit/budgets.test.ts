import { describe, expect, it } from 'vitest';
import {
  budgetAlertsToSend,
  budgetPeriodOn,
  budgetRecipients,
  daysLeftInPeriod,
  parseBudgetAmount,
  scopeFrom,
  scopeValue,
  thresholdsCrossed,
  type Budget,
} from '../../src/domain/budgets.js';

const usd = (n: number) => BigInt(Math.round(n * 100)) * 10_000_000n;

describe('budget periods', () => {
  it('are calendar weeks from Monday and calendar months', () => {
    expect(budgetPeriodOn('weekly', '2026-03-15')).toEqual({ start: '2026-03-09', end: '2026-03-16' }); // a Sunday
    expect(budgetPeriodOn('weekly', '2026-03-16')).toEqual({ start: '2026-03-16', end: '2026-03-23' });
    expect(budgetPeriodOn('monthly', '2026-02-28')).toEqual({ start: '2026-02-01', end: '2026-03-01' });
    expect(budgetPeriodOn('monthly', '2026-12-31')).toEqual({ start: '2026-12-01', end: '2027-01-01' });
    expect(daysLeftInPeriod({ start: '2026-03-01', end: '2026-04-01' }, '2026-03-30')).toBe(2);
  });
});

describe('thresholds', () => {
  it('counts a threshold as crossed at exactly its share, with no float rounding', () => {
    expect(thresholdsCrossed([50, 80, 100], usd(499.99), usd(1000))).toEqual([]);
    expect(thresholdsCrossed([50, 80, 100], usd(500), usd(1000))).toEqual([50]);
    expect(thresholdsCrossed([50, 80, 100], usd(1000), usd(1000))).toEqual([50, 80, 100]);
    // 1/3 of a budget that does not divide evenly: 33 is crossed, 34 is not.
    expect(thresholdsCrossed([33, 34], 1n, 3n)).toEqual([33]);
  });

  it('records every new threshold but DMs once, naming the highest', () => {
    const d = budgetAlertsToSend({ thresholds: [50, 80, 100], spent: usd(900), amount: usd(1000), forecastCrossesBeforeEnd: true, recorded: [] });
    expect(d).toEqual({ actual: [50, 80], forecast: true, notify: { kind: 'actual', threshold: 80 } });
  });

  it('sends nothing already recorded this period, and a forecast only while 100% is ahead', () => {
    const recorded = [{ kind: 'actual' as const, threshold: 50 }];
    expect(budgetAlertsToSend({ thresholds: [50, 80, 100], spent: usd(600), amount: usd(1000), forecastCrossesBeforeEnd: false, recorded })).toEqual({
      actual: [],
      forecast: false,
      notify: null,
    });
    expect(budgetAlertsToSend({ thresholds: [50, 80, 100], spent: usd(600), amount: usd(1000), forecastCrossesBeforeEnd: true, recorded }).notify).toEqual({
      kind: 'forecast',
      threshold: 100,
    });
    const over = budgetAlertsToSend({ thresholds: [50, 80, 100], spent: usd(1000), amount: usd(1000), forecastCrossesBeforeEnd: true, recorded });
    expect(over.forecast).toBe(false);
    const forecastDone = [...recorded, { kind: 'forecast' as const, threshold: 100 }];
    expect(budgetAlertsToSend({ thresholds: [50, 80, 100], spent: usd(600), amount: usd(1000), forecastCrossesBeforeEnd: true, recorded: forecastDone }).notify).toBeNull();
  });
});

describe('budget owners and scopes', () => {
  const budget: Budget = { id: 1, scope: { kind: 'team', team: 'search' }, period: 'monthly', amountNanos: usd(10), thresholds: [50], owners: [], source: 'file' };

  it('default to the team owners, then the admins', () => {
    expect(budgetRecipients(budget, ['U1'], ['UADMIN'])).toEqual(['U1']);
    expect(budgetRecipients({ ...budget, owners: ['a@example.com'] }, ['U1'], ['UADMIN'])).toEqual(['a@example.com']);
    expect(budgetRecipients({ ...budget, scope: { kind: 'product', product: 'answers' } }, [], ['UADMIN'])).toEqual(['UADMIN']);
  });

  it('round-trip a tag scope whose value holds spaces', () => {
    const scope = scopeFrom('tag', 'env=prod eu');
    expect(scope).toEqual({ kind: 'tag', key: 'env', value: 'prod eu' });
    expect(scopeValue(scope)).toBe('env=prod eu');
  });
});

describe('parseBudgetAmount', () => {
  it('accepts dollars with optional $, thousands commas and cents', () => {
    expect(parseBudgetAmount('1500')).toBe(usd(1500));
    expect(parseBudgetAmount('$1,500.5')).toBe(usd(1500.5));
    expect(parseBudgetAmount('0.01')).toBe(usd(0.01));
  });

  it('refuses zero, negatives, junk, fractions of a cent and absurd amounts', () => {
    for (const bad of ['0', '-5', 'abc', '1.234', '1,50', '1e9', '100000001', '', '$', '12 00']) expect(parseBudgetAmount(bad)).toBeNull();
  });
});
