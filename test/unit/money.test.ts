import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalToNanos, decimalToScaled, nanosToDecimalString, usdToNanos } from '../../src/domain/money.js';
import { formatChange, formatPercent, formatUsd, percentOf, sparkline } from '../../src/domain/format.js';

describe('money', () => {
  it('converts decimal text exactly, rounding half up at the nano', () => {
    expect(decimalToNanos('0.1')).toBe(100_000_000n);
    expect(decimalToNanos('1234.567891234')).toBe(1_234_567_891_234n);
    expect(decimalToNanos('1.0000000004')).toBe(1_000_000_000n);
    expect(decimalToNanos('1.0000000005')).toBe(1_000_000_001n);
    expect(decimalToNanos('2.5e-6')).toBe(2_500n);
    expect(decimalToNanos('1e-11')).toBe(0n);
    expect(decimalToNanos('5e-10')).toBe(1n);
    expect(decimalToScaled('3.75e-8', 12)).toBe(37_500n);
  });

  it('takes JSON numbers at their shortest decimal meaning', () => {
    expect(usdToNanos(0.1 + 0.2)).toBe(300_000_000n); // 0.30000000000000004 → rounds at the nano
    expect(usdToNanos(0.000001)).toBe(1_000n);
    expect(() => usdToNanos(Number.NaN)).toThrow();
  });

  it('round-trips through decimal strings', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), (n) => {
        expect(decimalToNanos(nanosToDecimalString(n))).toBe(n);
      }),
    );
  });
});

describe('formatting', () => {
  it('formats dollars with separators, and tiny amounts as <$0.01', () => {
    expect(formatUsd(1_234_560_000_000n)).toBe('$1,234.56');
    expect(formatUsd(0n)).toBe('$0.00');
    expect(formatUsd(9_999_999n)).toBe('<$0.01');
    expect(formatUsd(10_000_000n)).toBe('$0.01');
    expect(formatUsd(-2_500_000_000n)).toBe('-$2.50');
  });

  it('never prints NaN or Infinity', () => {
    expect(formatPercent(percentOf(5n, 0n))).toBe('—');
    expect(formatChange(5_000_000_000n, 0n)).toBe('+$5.00 (new)');
    expect(formatChange(0n, 0n)).toBe('no change');
    expect(formatChange(150_000_000_000n, 100_000_000_000n)).toBe('+$50.00 (+50.0%)');
    expect(sparkline([0n, 0n])).toBe('▁▁');
    expect(sparkline([0n, 5n, 10n])).toBe('▁▅█');
  });
});
