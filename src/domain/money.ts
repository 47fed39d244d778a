/**
 * Money is held as integer nano-dollars (1e-9 USD) in a bigint from the ingest edge to the
 * renderer: sums of floats drift, and finance checks our totals to the cent.
 */
export type Nanos = bigint;

export const NANOS_PER_USD = 1_000_000_000n;
const NANOS_PER_CENT = 10_000_000n;

/** Exact decimal string → integer units of 10^-places, rounding half away from zero. */
export function decimalToScaled(text: string, places: number): bigint {
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (!match) throw new RangeError(`not a decimal number: ${text}`);
  const [, sign, whole = '0', fraction = '', exponentText = '0'] = match;
  const exponent = Number(exponentText);
  let digits = whole + fraction;
  // Value is digits × 10^(exponent - fraction.length); we want it × 10^places.
  let scale = exponent - fraction.length + places;
  if (scale >= 0) {
    digits += '0'.repeat(scale);
    scale = 0;
  }
  const keep = digits.length + scale;
  const kept = keep > 0 ? BigInt(digits.slice(0, keep)) : 0n;
  const firstDropped = keep >= 0 ? digits[keep] : '0';
  const rounded = firstDropped !== undefined && firstDropped >= '5' ? kept + 1n : kept;
  return sign === '-' ? -rounded : rounded;
}

export function decimalToNanos(text: string): Nanos {
  return decimalToScaled(text, 9);
}

/** A JSON number of dollars → nanos. Numbers print their shortest round-trip decimal, which is what the sender meant. */
export function usdToNanos(usd: number): Nanos {
  if (!Number.isFinite(usd)) throw new RangeError(`not a finite amount: ${usd}`);
  return decimalToNanos(String(usd));
}

/** For wire formats (JSON, CSV): a plain decimal with 9 places, no float involved. */
export function nanosToDecimalString(nanos: Nanos, places = 9): string {
  const negative = nanos < 0n;
  let abs = negative ? -nanos : nanos;
  if (places < 9) abs = roundDiv(abs, 10n ** BigInt(9 - places));
  const unit = 10n ** BigInt(places);
  const whole = abs / unit;
  const fraction = (abs % unit).toString().padStart(places, '0');
  return `${negative ? '-' : ''}${whole}${places > 0 ? `.${fraction}` : ''}`;
}

/** Lossy: for charts and ratios only, never for sums. */
export function nanosToUsdNumber(nanos: Nanos): number {
  return Number(nanos) / 1e9;
}

export function nanosToCents(nanos: Nanos): bigint {
  return nanos >= 0n ? roundDiv(nanos, NANOS_PER_CENT) : -roundDiv(-nanos, NANOS_PER_CENT);
}

/** Integer division rounding half up, for non-negative operands. */
export function roundDiv(numerator: bigint, denominator: bigint): bigint {
  return (numerator * 2n + denominator) / (denominator * 2n);
}

export function sumNanos(values: Iterable<Nanos>): Nanos {
  let total = 0n;
  for (const v of values) total += v;
  return total;
}

/** Postgres returns bigint and numeric as strings; null stays zero for sums. */
export function nanosFromDb(value: string | number | bigint | null | undefined): Nanos {
  if (value === null || value === undefined) return 0n;
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return BigInt(Math.round(value));
  return BigInt(value.includes('.') ? value.slice(0, value.indexOf('.')) : value);
}
