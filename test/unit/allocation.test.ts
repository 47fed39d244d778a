import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateAmount, proRateMonthly, type AllocationRecipient } from '../../src/domain/allocation.js';

const CENT = 10_000_000n;
const usd = (dollars: number) => BigInt(Math.round(dollars * 100)) * CENT;
const team = (key: string, weight: bigint): AllocationRecipient => ({ key, weight });
const byKey = (shares: { key: string; nanos: bigint }[]) => Object.fromEntries(shares.map((s) => [s.key, s.nanos]));

const recipientsArb = fc
  .uniqueArray(fc.record({ key: fc.string({ minLength: 1, maxLength: 6 }), weight: fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: 10n ** 15n })) }), {
    minLength: 1,
    maxLength: 40,
    selector: (r) => r.key,
  });
const amountArb = fc.oneof(fc.bigInt({ min: 0n, max: 10n ** 16n }), fc.bigInt({ min: 0n, max: 3n * CENT }));
const splitArb = fc.constantFrom('proportional' as const, 'even' as const);

describe('allocateAmount properties', () => {
  it('sums back to the amount to the nano, whatever the input', () => {
    fc.assert(
      fc.property(amountArb, recipientsArb, splitArb, (amount, recipients, split) => {
        const { shares } = allocateAmount(amount, recipients, split);
        expect(shares.map((s) => s.key)).toEqual(recipients.map((r) => r.key));
        expect(shares.reduce((sum, s) => sum + s.nanos, 0n)).toBe(amount);
      }),
      { numRuns: 500 },
    );
  });

  it('gives whole cents to all but one share, so shares rounded to cents add up to the total rounded to cents', () => {
    fc.assert(
      fc.property(amountArb, recipientsArb, splitArb, (amount, recipients, split) => {
        const { shares } = allocateAmount(amount, recipients, split);
        expect(shares.filter((s) => s.nanos % CENT !== 0n).length).toBeLessThanOrEqual(1);
        const cents = (n: bigint) => (n * 2n + CENT) / (CENT * 2n);
        expect(shares.reduce((sum, s) => sum + cents(s.nanos), 0n)).toBe(cents(amount));
      }),
      { numRuns: 500 },
    );
  });

  it('keeps every share within a cent of its exact proportional quota, and zero weight gets nothing', () => {
    fc.assert(
      fc.property(amountArb, recipientsArb, (amount, recipients) => {
        const total = recipients.reduce((sum, r) => sum + r.weight, 0n);
        fc.pre(total > 0n);
        const { shares, applied } = allocateAmount(amount, recipients, 'proportional');
        expect(applied).toBe('proportional');
        shares.forEach((s, i) => {
          const weight = recipients[i]!.weight;
          // |share − amount·w/W| < 1 cent + the sub-cent remainder, compared without division.
          const diff = s.nanos * total - amount * weight;
          expect(diff < 0n ? -diff : diff).toBeLessThan(2n * CENT * total);
          if (weight === 0n) expect(s.nanos).toBe(0n);
        });
      }),
      { numRuns: 500 },
    );
  });
});

describe('allocateAmount by hand', () => {
  it('splits $100 by spend 3:1 exactly', () => {
    const { shares } = allocateAmount(usd(100), [team('a', usd(300)), team('b', usd(100))], 'proportional');
    expect(byKey(shares)).toEqual({ a: usd(75), b: usd(25) });
  });

  it('gives the odd cent of an even three-way tie to the first key', () => {
    // $1.00 / 3 = 33⅓¢ each: quotas 33, 33, 33, one cent left; equal remainders and weights → key order.
    const { shares } = allocateAmount(usd(1), [team('c', 0n), team('a', 0n), team('b', 0n)], 'even');
    expect(byKey(shares)).toEqual({ c: usd(0.33), a: usd(0.34), b: usd(0.33) });
  });

  it('gives the leftover cent to the largest remainder', () => {
    // 10¢ at 2:1: quotas 6⅔¢ and 3⅓¢ → 6¢ and 3¢, the left-over cent to the larger remainder (⅔) → 7¢ and 3¢.
    const { shares } = allocateAmount(usd(0.1), [team('a', 200n), team('b', 100n)], 'proportional');
    expect(byKey(shares)).toEqual({ a: usd(0.07), b: usd(0.03) });
  });

  it('breaks an equal remainder in favour of the heavier team', () => {
    // 2¢ at 1:3: quotas ½¢ and 1½¢, both remainders ½ → the heavier b gets the left-over cent: 0¢ and 2¢.
    const { shares } = allocateAmount(2n * CENT, [team('a', 1n), team('b', 3n)], 'proportional');
    expect(byKey(shares)).toEqual({ a: 0n, b: 2n * CENT });
    // 3¢ at 1:1: remainders and weights tie → key order.
    const tie = allocateAmount(3n * CENT, [team('a', 1n), team('b', 1n)], 'proportional');
    expect(byKey(tie.shares)).toEqual({ a: 2n * CENT, b: CENT });
  });

  it('gives nothing to zero-spend teams in a proportional split', () => {
    const { shares } = allocateAmount(usd(50), [team('idle', 0n), team('busy', usd(10))], 'proportional');
    expect(byKey(shares)).toEqual({ idle: 0n, busy: usd(50) });
  });

  it('falls back to an even split when nobody spent anything', () => {
    const result = allocateAmount(usd(30), [team('a', 0n), team('b', 0n), team('c', 0n)], 'proportional');
    expect(result.applied).toBe('even');
    expect(byKey(result.shares)).toEqual({ a: usd(10), b: usd(10), c: usd(10) });
  });

  it('gives everything, sub-cent nanos included, to a single team', () => {
    const amount = usd(12.34) + 4_567_891n;
    expect(allocateAmount(amount, [team('only', 0n)], 'proportional').shares).toEqual([{ key: 'only', nanos: amount }]);
  });

  it('puts the sub-cent remainder on the heaviest team', () => {
    // $1.00 + 0.5¢ at 1:3 → 25¢ and 75¢, the half cent on b (the heavier).
    const { shares } = allocateAmount(usd(1) + 5_000_000n, [team('a', 1n), team('b', 3n)], 'proportional');
    expect(byKey(shares)).toEqual({ a: usd(0.25), b: usd(0.75) + 5_000_000n });
  });

  it('allocates to nobody when there are no teams, and refuses nonsense', () => {
    expect(allocateAmount(usd(5), [], 'even').shares).toEqual([]);
    expect(() => allocateAmount(-1n, [team('a', 1n)], 'even')).toThrow(/negative/);
    expect(() => allocateAmount(1n, [team('a', -1n)], 'proportional')).toThrow(/negative/);
    expect(() => allocateAmount(1n, [team('a', 1n), team('a', 2n)], 'even')).toThrow(/distinct/);
  });
});

describe('proRateMonthly', () => {
  it('is the monthly amount for a whole month, February included', () => {
    expect(proRateMonthly(usd(2000), '2026-02-01', '2026-03-01')).toBe(usd(2000));
    expect(proRateMonthly(usd(2000), '2026-03-01', '2026-04-01')).toBe(usd(2000));
  });

  it('takes each day at 1/(days in its month)', () => {
    // 7 days of March at $3,100/month = 7 × $100 = $700.
    expect(proRateMonthly(usd(3100), '2026-03-10', '2026-03-17')).toBe(usd(700));
    // Feb 27–Mar 2 (4 days) at $2,800: 2 × $100 (Feb has 28 days) + 2 × $2,800/31.
    expect(proRateMonthly(usd(2800), '2026-02-27', '2026-03-03')).toBe(usd(200) + (usd(2800) * 2n * 2n + 31n) / 62n);
  });

  it('is zero for an empty span', () => {
    expect(proRateMonthly(usd(2000), '2026-03-01', '2026-03-01')).toBe(0n);
  });
});
