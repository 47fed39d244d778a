import type { Nanos } from './money.js';
import { addDays, daysBetween } from './time-zone.js';

/** Fewer complete days with spend than this and a forecast is noise: one busy first day is not a trend. */
export const FORECAST_MIN_DAYS_WITH_SPEND = 3;
/** Each day back weighs 0.8 of the day after it: the last three days carry about half the weight. */
export const FORECAST_DAILY_DECAY = 0.8;

export interface ForecastInput {
  /** Spend of each complete day of the period so far, oldest first, days without spend as 0. */
  completeDays: readonly Nanos[];
  /** Everything spent in the period so far, today's partial day included. */
  spent: Nanos;
  amount: Nanos;
  /** Org-calendar day of `now`. */
  today: string;
  /** Share of today already past (0..1): the rest of today still gets its share of the daily rate. */
  dayFraction: number;
  /** Exclusive end of the period. */
  periodEnd: string;
}

export type Forecast =
  | { status: 'insufficient-data'; daysWithSpend: number }
  | {
      status: 'ok';
      /** Exponentially weighted daily spend. */
      dailyRate: Nanos;
      /** Spend expected by the end of the period. */
      projected: Nanos;
      /** The day spend is projected to reach the budget, when that happens before the period ends and has not yet. */
      crossingDay: string | null;
    };

/** Exponentially weighted mean of daily spend, newest day weighing most. */
export function weightedDailyRate(days: readonly Nanos[], decay = FORECAST_DAILY_DECAY): Nanos {
  let weighted = 0;
  let weights = 0;
  days.forEach((value, i) => {
    const w = decay ** (days.length - 1 - i);
    weighted += w * Number(value);
    weights += w;
  });
  return weights > 0 ? BigInt(Math.round(weighted / weights)) : 0n;
}

/** Spend at period end and the day 100% is reached, from the burn rate of the period so far. */
export function forecastPeriodEnd(input: ForecastInput): Forecast {
  const daysWithSpend = input.completeDays.filter((d) => d > 0n).length;
  if (daysWithSpend < FORECAST_MIN_DAYS_WITH_SPEND) return { status: 'insufficient-data', daysWithSpend };
  const dailyRate = weightedDailyRate(input.completeDays);
  const fraction = Math.min(1, Math.max(0, input.dayFraction));
  const remainingDays = 1 - fraction + Math.max(0, daysBetween(addDays(input.today, 1), input.periodEnd));
  const projected = input.spent + BigInt(Math.round(Number(dailyRate) * remainingDays));
  let crossingDay: string | null = null;
  if (input.spent < input.amount && dailyRate > 0n) {
    const daysNeeded = Number(input.amount - input.spent) / Number(dailyRate);
    const day = daysNeeded <= remainingDays ? addDays(input.today, Math.floor(fraction + daysNeeded)) : null;
    if (day !== null && day < input.periodEnd) crossingDay = day;
  }
  return { status: 'ok', dailyRate, projected, crossingDay };
}
