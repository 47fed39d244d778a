import { describe, expect, it } from 'vitest';
import { costPerUnit, unitsFromDecimal, weeklyCostPerUnit } from '../../src/domain/cost-per-unit.js';
import { usdToNanos } from '../../src/domain/money.js';

describe('cost per unit', () => {
  it('divides exactly and never returns ∞', () => {
    // $10 for 3 units = $3.333333333 (rounded half up to the nano-dollar).
    expect(costPerUnit(usdToNanos(10), unitsFromDecimal('3'))).toBe(3_333_333_333n);
    // $5 for 2.5 units = $2.
    expect(costPerUnit(usdToNanos(5), unitsFromDecimal('2.5'))).toBe(usdToNanos(2));
    expect(costPerUnit(usdToNanos(5), 0n)).toBeNull();
  });

  it('buckets days into ISO weeks', () => {
    const weeks = weeklyCostPerUnit(
      [
        { day: '2026-03-01', costNanos: usdToNanos(4) }, // Sunday → week of Feb 23
        { day: '2026-03-02', costNanos: usdToNanos(6) }, // Monday
        { day: '2026-03-08', costNanos: usdToNanos(6) },
      ],
      [{ day: '2026-03-03', units: unitsFromDecimal('4') }],
    );
    expect(weeks).toEqual([
      { week: '2026-02-23', costNanos: usdToNanos(4), units: 0n, perUnitNanos: null },
      { week: '2026-03-02', costNanos: usdToNanos(12), units: 4_000_000n, perUnitNanos: usdToNanos(3) },
    ]);
  });
});
