import { roundDiv, type Nanos } from './money.js';
import { dayjs, daysBetween } from './time-zone.js';

/**
 * Showback of shared costs: splitting an amount across teams so that the parts add back up exactly.
 *
 * Rounding: whole cents are dealt out by largest remainder (Hamilton's method), so every share is a
 * whole number of cents except the one share that also carries the amount's sub-cent remainder
 * (< 1¢, given to the heaviest recipient). Hence the shares sum to the amount to the nano, and the
 * shares shown rounded to cents sum to the total shown rounded to cents.
 */
export type SplitMethod = 'proportional' | 'even';

export interface AllocationRecipient {
  key: string;
  /** Proportional splits use it (a team's own attributed spend); even splits ignore it. */
  weight: Nanos;
}

export interface AllocationShare {
  key: string;
  nanos: Nanos;
}

export interface Allocation {
  /** One share per recipient, in the recipients' order. Empty when there is nobody to allocate to. */
  shares: AllocationShare[];
  /** `even` when asked for, or when a proportional split had no weight to go by (nobody spent anything). */
  applied: SplitMethod;
}

const CENT = 10_000_000n;

export function allocateAmount(amount: Nanos, recipients: readonly AllocationRecipient[], split: SplitMethod): Allocation {
  if (amount < 0n) throw new RangeError(`cannot allocate a negative amount (${amount})`);
  if (new Set(recipients.map((r) => r.key)).size !== recipients.length) throw new RangeError('allocation recipients must have distinct keys');
  if (recipients.some((r) => r.weight < 0n)) throw new RangeError('allocation weights must not be negative');
  const totalWeight = recipients.reduce((sum, r) => sum + r.weight, 0n);
  const applied: SplitMethod = split === 'proportional' && totalWeight > 0n ? 'proportional' : 'even';
  if (recipients.length === 0) return { shares: [], applied };

  const weights = recipients.map((r) => (applied === 'even' ? 1n : r.weight));
  const weightSum = applied === 'even' ? BigInt(recipients.length) : totalWeight;
  const cents = amount / CENT;
  const quotas = weights.map((w) => ({ whole: (cents * w) / weightSum, remainder: (cents * w) % weightSum }));
  const leftover = cents - quotas.reduce((sum, q) => sum + q.whole, 0n);
  // Largest remainder first; equal remainders go to the heavier recipient, then by key, so the result is deterministic.
  const byWeight = (a: number, b: number) => compareDesc(weights[a]!, weights[b]!) || compareKeys(recipients[a]!.key, recipients[b]!.key);
  const indexes = recipients.map((_, i) => i);
  const order = [...indexes].sort((a, b) => compareDesc(quotas[a]!.remainder, quotas[b]!.remainder) || byWeight(a, b));
  const extra = new Set(order.slice(0, Number(leftover)));
  const heaviest = [...indexes].sort(byWeight)[0];
  const shares = recipients.map((r, i) => {
    const centsHere = quotas[i]!.whole + (extra.has(i) ? 1n : 0n);
    return { key: r.key, nanos: centsHere * CENT + (i === heaviest ? amount % CENT : 0n) };
  });
  return { shares, applied };
}

function compareDesc(a: bigint, b: bigint): number {
  return a > b ? -1 : a < b ? 1 : 0;
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A monthly amount pro-rated to the calendar days [from, to): each day is worth 1/(days in its month)
 * of the monthly figure, so a whole month is exactly the monthly amount (February included) and a
 * period spanning two months takes its days from each.
 */
export function proRateMonthly(monthly: Nanos, from: string, to: string): Nanos {
  let total = 0n;
  let cursor = from;
  while (cursor < to) {
    const month = dayjs.utc(cursor);
    const nextMonth = month.startOf('month').add(1, 'month').format('YYYY-MM-DD');
    const end = nextMonth < to ? nextMonth : to;
    const days = BigInt(daysBetween(cursor, end));
    const monthDays = BigInt(month.daysInMonth());
    total += days === monthDays ? monthly : roundDiv(monthly * days, monthDays);
    cursor = end;
  }
  return total;
}
