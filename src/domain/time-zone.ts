import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc.js';
import timezone from 'dayjs/plugin/timezone.js';

dayjs.extend(utc);
dayjs.extend(timezone);

export { dayjs };

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The calendar day (YYYY-MM-DD) that an instant falls on in `zone`. */
export function dayInZone(instant: Date, zone: string): string {
  return dayjs(instant).tz(zone).format('YYYY-MM-DD');
}

/** The instant at which calendar day `day` starts in `zone` (DST-correct: 23- and 25-hour days exist). */
export function startOfDayInZone(day: string, zone: string): Date {
  return dayjs.tz(day, zone).toDate();
}

/** Adds whole calendar days to a YYYY-MM-DD string; zone-free because dates have no offset. */
export function addDays(day: string, days: number): string {
  return dayjs.utc(day).add(days, 'day').format('YYYY-MM-DD');
}

export function daysBetween(startDay: string, endDay: string): number {
  return dayjs.utc(endDay).diff(dayjs.utc(startDay), 'day');
}
