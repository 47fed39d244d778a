import { describe, expect, it } from 'vitest';
import { forecastPeriodEnd, weightedDailyRate } from '../../src/domain/forecast.js';

const usd = (n: number) => BigInt(Math.round(n * 100)) * 10_000_000n;

describe('weightedDailyRate', () => {
  it('weighs each day 0.8 of the day after it', () => {
    // (0.64 × 50 + 0.8 × 20 + 1 × 13) / (0.64 + 0.8 + 1) = 61 / 2.44 = 25 (the plain mean would be 27.67)
    expect(weightedDailyRate([usd(50), usd(20), usd(13)])).toBe(usd(25));
    // (0.8 × 10 + 1 × 28) / 1.8 = 20
    expect(weightedDailyRate([usd(10), usd(28)])).toBe(usd(20));
    expect(weightedDailyRate([])).toBe(0n);
  });
});

describe('forecastPeriodEnd', () => {
  // March: Mar 1–3 complete ($50, $20, $13), it is noon on Mar 4 and $17 went today: $100 so far.
  const base = { completeDays: [usd(50), usd(20), usd(13)], spent: usd(100), today: '2026-03-04', dayFraction: 0.5, periodEnd: '2026-04-01' };

  it('projects spend at period end from the weighted rate and the time left', () => {
    // time left: half of today + Mar 5..31 (27 days) = 27.5 days × $25 = $687.50, plus $100 spent
    const f = forecastPeriodEnd({ ...base, amount: usd(1000) });
    expect(f).toEqual({ status: 'ok', dailyRate: usd(25), projected: usd(787.5), crossingDay: null });
  });

  it('names the day spend reaches 100% when that is before the period ends', () => {
    // $400 to go at $25 a day = 16 days from noon on Mar 4 → noon on Mar 20
    const f = forecastPeriodEnd({ ...base, amount: usd(500) });
    expect(f).toMatchObject({ status: 'ok', projected: usd(787.5), crossingDay: '2026-03-20' });
  });

  it('names no day when the budget is already used up', () => {
    expect(forecastPeriodEnd({ ...base, amount: usd(100) })).toMatchObject({ status: 'ok', crossingDay: null });
  });

  it('waits for three complete days with spend', () => {
    expect(forecastPeriodEnd({ ...base, completeDays: [0n, usd(50), usd(50)], amount: usd(100) })).toEqual({ status: 'insufficient-data', daysWithSpend: 2 });
    expect(forecastPeriodEnd({ ...base, completeDays: [], today: '2026-03-01', amount: usd(100) })).toEqual({ status: 'insufficient-data', daysWithSpend: 0 });
  });
});
