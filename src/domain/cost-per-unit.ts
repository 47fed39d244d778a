import { decimalToScaled, roundDiv, type Nanos } from './money.js';
import { weekStart } from './periods.js';

/**
 * Outcome values are exact decimals (Postgres numeric); they are held as integer millionths so cost
 * per unit is bigint arithmetic like every other money figure.
 */
export const UNIT_PLACES = 6;
const UNIT_SCALE = 10n ** BigInt(UNIT_PLACES);

/** Millionths of a unit; `type Units = bigint` keeps them apart from nanos in signatures. */
export type Units = bigint;

export function unitsFromDecimal(text: string): Units {
  return decimalToScaled(text, UNIT_PLACES);
}

/** For display only. */
export function unitsToNumber(units: Units): number {
  return Number(units) / Number(UNIT_SCALE);
}

/** Cost of one unit, rounded to the nano-dollar; null when nothing was achieved (never ∞). */
export function costPerUnit(costNanos: Nanos, units: Units): Nanos | null {
  if (units <= 0n || costNanos < 0n) return null;
  return roundDiv(costNanos * UNIT_SCALE, units);
}

export interface WeekCostPerUnit {
  /** Monday of the ISO week. */
  week: string;
  costNanos: Nanos;
  units: Units;
  perUnitNanos: Nanos | null;
}

/** Cost and units per ISO week (weeks in order, from the days given), with the cost of one unit in each. */
export function weeklyCostPerUnit(costs: readonly { day: string; costNanos: Nanos }[], units: readonly { day: string; units: Units }[]): WeekCostPerUnit[] {
  const weeks = new Map<string, { costNanos: Nanos; units: Units }>();
  const bucket = (day: string) => {
    const key = weekStart(day);
    const w = weeks.get(key) ?? { costNanos: 0n, units: 0n };
    weeks.set(key, w);
    return w;
  };
  for (const c of costs) bucket(c.day).costNanos += c.costNanos;
  for (const u of units) bucket(u.day).units += u.units;
  return [...weeks.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([week, w]) => ({ week, ...w, perUnitNanos: costPerUnit(w.costNanos, w.units) }));
}
