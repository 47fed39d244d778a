import { weekStart, type Period } from './periods.js';
import { addDays, dayInZone } from './time-zone.js';

export type DigestCadence = 'weekly' | 'daily';

/** How many periods the trend chart shows, the reported one last. */
export const TREND_PERIODS = 8;

/** The last complete org-calendar week (Monday–Sunday) or day before `now`. */
export function digestPeriod(cadence: DigestCadence, now: Date, zone: string): Period {
  const today = dayInZone(now, zone);
  if (cadence === 'daily') return { key: `day-${addDays(today, -1)}`, from: addDays(today, -1), to: today, toDate: false, unit: 'day' };
  const to = weekStart(today);
  return { key: `week-${addDays(to, -7)}`, from: addDays(to, -7), to, toDate: false, unit: 'week' };
}

/** The `count` periods ending with `period`, oldest first (all the same length: days and weeks don't vary). */
export function trailingPeriods(period: Period, count = TREND_PERIODS): Period[] {
  const length = period.unit === 'day' ? 1 : 7;
  return Array.from({ length: count }, (_, i) => {
    const back = (count - 1 - i) * length;
    const from = addDays(period.from, -back);
    return { ...period, key: `${period.unit}-${from}`, from, to: addDays(from, length) };
  });
}

/**
 * A digest is due on the first day after its period (Monday for a week): later ticks that day retry and
 * resume, and a digest never posted by then is dropped rather than posted stale.
 */
export function isDigestDue(cadence: DigestCadence, now: Date, zone: string): boolean {
  return digestPeriod(cadence, now, zone).to === dayInZone(now, zone);
}
