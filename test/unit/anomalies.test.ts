import { describe, expect, it } from 'vitest';
import { anomalyThresholdsFor, checkDay, robustBaseline, type DaySpend } from '../../src/domain/anomalies.js';
import { usdToNanos } from '../../src/domain/money.js';
import { addDays } from '../../src/domain/time-zone.js';

const usd = usdToNanos;
// 2026-03-09 is a Monday; its window is [2026-02-09, 2026-03-09): four full weeks starting on a Monday.
const MONDAY = '2026-03-09';

/** The 28 days before `day`: weekdays $100, weekends $30; `mondays` overrides the four Mondays. */
function weeklyHistory(mondays = [100, 110, 90, 100], day = MONDAY): DaySpend[] {
  const out: DaySpend[] = [];
  let monday = 0;
  for (let i = 28; i >= 1; i--) {
    const d = addDays(day, -i);
    const dow = new Date(`${d}T12:00:00Z`).getUTCDay(); // 0 = Sunday
    const amount = dow === 1 ? mondays[monday++]! : dow === 0 || dow === 6 ? 30 : 100;
    out.push({ day: d, costNanos: usd(amount) });
  }
  return out;
}

describe('robustBaseline', () => {
  it('uses the four same-weekday days: median and MAD computed by hand', () => {
    const b = robustBaseline(weeklyHistory(), MONDAY)!;
    expect(b.sameWeekday).toBe(true);
    expect(b.days).toEqual(['2026-02-09', '2026-02-16', '2026-02-23', '2026-03-02']);
    // Mondays 100, 110, 90, 100 → median (100 + 100) / 2 = $100; deviations 0, 10, 10, 0 → MAD $5.
    expect(b.usualNanos).toBe(usd(100));
    // spread = 1.4826 × $5 = $7.413 (above the 5 % floor of $5).
    expect(b.spreadNanos).toBe(7_413_000_000n);
    expect(b.historyDays).toBe(28);
  });

  it('compares a Saturday with Saturdays, not with the weekday-heavy median', () => {
    const saturday = '2026-03-14';
    const b = robustBaseline(weeklyHistory(undefined, saturday), saturday)!;
    expect(b.sameWeekday).toBe(true);
    expect(b.usualNanos).toBe(usd(30));
    // MAD 0 → spread floored at max(5 % × $30 = $1.50, 1 cent).
    expect(b.spreadNanos).toBe(usd(1.5));
    const check = checkDay(b, usd(60), anomalyThresholdsFor(undefined));
    // +$30 = +100 %, z = 30 / 1.5 = 20, $30 ≥ $20: every gate passes.
    expect(check).toMatchObject({ flagged: true, increaseNanos: usd(30), increasePct: 100, z: 20 });
  });

  it('needs 7 days of history, counting quiet days after the first spend as $0', () => {
    const six = [1, 2, 3, 4, 5, 6].map((n) => ({ day: addDays(MONDAY, -n), costNanos: usd(10) }));
    expect(robustBaseline(six, MONDAY)).toBeNull();
    // First spend 7 days before, nothing since: 7 history days, six of them $0.
    const b = robustBaseline([{ day: addDays(MONDAY, -7), costNanos: usd(70) }], MONDAY)!;
    expect(b).toMatchObject({ historyDays: 7, sameWeekday: false, usualNanos: 0n });
    expect(b.days).toHaveLength(7);
  });

  it('falls back to every day when fewer than four same-weekday days exist', () => {
    // 14 days of $50 except one $80: median over all 14 days is $50.
    const history = Array.from({ length: 14 }, (_, i) => ({ day: addDays(MONDAY, -14 + i), costNanos: usd(i === 3 ? 80 : 50) }));
    const b = robustBaseline(history, MONDAY)!;
    expect(b.sameWeekday).toBe(false);
    expect(b.days).toHaveLength(14);
    expect(b.usualNanos).toBe(usd(50));
    // MAD 0 → spread = 5 % of $50 = $2.50.
    expect(b.spreadNanos).toBe(usd(2.5));
  });

  it('ignores days outside the 28-day window and the day itself', () => {
    const history = [...weeklyHistory(), { day: MONDAY, costNanos: usd(5000) }, { day: '2026-01-05', costNanos: usd(5000) }];
    expect(robustBaseline(history, MONDAY)!.usualNanos).toBe(usd(100));
  });
});

describe('checkDay gates', () => {
  const baseline = robustBaseline(weeklyHistory(), MONDAY)!;
  const defaults = anomalyThresholdsFor(undefined);

  it('flags +60 % on a $100 Monday: z = 60 / 7.413 ≈ 8.09', () => {
    const c = checkDay(baseline, usd(160), defaults);
    expect(c.flagged).toBe(true);
    expect(c.increaseNanos).toBe(usd(60));
    expect(c.increasePct).toBe(60);
    expect(c.z).toBeCloseTo(8.094, 3);
  });

  it('does not flag +40 %: the relative gate fails though z and $ pass', () => {
    const c = checkDay(baseline, usd(140), defaults);
    expect(c).toMatchObject({ flagged: false, relativeGate: false, absoluteGate: true });
    expect(c.z).toBeGreaterThan(3);
  });

  it('passes at exactly +50 %, and the $ gate decides small scopes', () => {
    expect(checkDay(baseline, usd(150), defaults).flagged).toBe(true);
    const small = robustBaseline(weeklyHistory().map((h) => ({ ...h, costNanos: h.costNanos / 10n })), MONDAY)!;
    // usual $10 → $25 is +150 % and z ≈ 20 but only +$15: below the default $20 gate …
    expect(checkDay(small, usd(25), defaults)).toMatchObject({ flagged: false, relativeGate: true, absoluteGate: false });
    // … and above a team's own $10 gate.
    expect(checkDay(small, usd(25), anomalyThresholdsFor({ anomaly: { minUsd: 10 } })).flagged).toBe(true);
  });

  it('respects a higher z gate from the team settings', () => {
    const strict = anomalyThresholdsFor({ anomaly: { minZ: 9, minIncreasePct: 20 } });
    expect(strict).toEqual({ minUsd: 20, minIncreasePct: 20, minZ: 9 });
    expect(checkDay(baseline, usd(160), strict).flagged).toBe(false);
    expect(checkDay(baseline, usd(170), strict).flagged).toBe(true);
  });

  it('never flags a drop, and treats any spend over a $0 usual as an infinite rise', () => {
    expect(checkDay(baseline, usd(10), defaults).flagged).toBe(false);
    const zero = robustBaseline([{ day: addDays(MONDAY, -10), costNanos: usd(1) }], MONDAY)!;
    expect(zero.usualNanos).toBe(0n);
    expect(checkDay(zero, usd(25), defaults)).toMatchObject({ flagged: true, increasePct: null });
  });
});
