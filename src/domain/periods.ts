import { UserError } from '../errors.js';
import { addDays, dayInZone, dayjs, daysBetween } from './time-zone.js';

/**
 * A span of org-calendar days [from, to). `toDate` periods (today, mtd, this-week, Nd) end tomorrow and
 * compare against the same number of days before; whole periods compare against the one before.
 */
export interface Period {
  key: string;
  from: string;
  to: string;
  toDate: boolean;
  /** How the previous period is derived: by calendar unit or by equal length. */
  unit: 'day' | 'week' | 'month' | 'span';
}

export const PERIOD_USAGE =
  'today, yesterday, 7d, 30d, 90d, this-week, last-week, mtd, last-month, YYYY-MM, YYYY-MM-DD..YYYY-MM-DD';

const MAX_RANGE_DAYS = 400;
const EARLIEST_DAY = '2020-01-01';

function isRealDay(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && dayjs.utc(text).format('YYYY-MM-DD') === text;
}

/** Monday of the ISO week holding `day`. */
export function weekStart(day: string): string {
  const dow = dayjs.utc(day).day(); // 0 = Sunday
  return addDays(day, -((dow + 6) % 7));
}

export function monthStart(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

export function addMonths(day: string, months: number): string {
  return dayjs.utc(day).add(months, 'month').format('YYYY-MM-DD');
}

/** Parses the period words users type; throws a UserError naming the accepted forms. */
export function parsePeriod(text: string | undefined, now: Date, zone: string): Period {
  const today = dayInZone(now, zone);
  const tomorrow = addDays(today, 1);
  const word = (text ?? 'mtd').trim().toLowerCase();
  switch (word) {
    case 'today':
      return { key: word, from: today, to: tomorrow, toDate: true, unit: 'day' };
    case 'yesterday':
      return { key: word, from: addDays(today, -1), to: today, toDate: false, unit: 'day' };
    case 'this-week':
      return { key: word, from: weekStart(today), to: tomorrow, toDate: true, unit: 'week' };
    case 'last-week':
      return { key: word, from: addDays(weekStart(today), -7), to: weekStart(today), toDate: false, unit: 'week' };
    case 'mtd':
      return { key: word, from: monthStart(today), to: tomorrow, toDate: true, unit: 'month' };
    case 'last-month':
      return { key: word, from: addMonths(monthStart(today), -1), to: monthStart(today), toDate: false, unit: 'month' };
  }
  const days = /^(\d{1,3})d$/.exec(word);
  if (days) {
    const n = Number(days[1]);
    if (n < 1 || n > MAX_RANGE_DAYS) throw new UserError(`"${word}": choose between 1d and ${MAX_RANGE_DAYS}d.`);
    return { key: word, from: addDays(tomorrow, -n), to: tomorrow, toDate: true, unit: 'span' };
  }
  if (/^\d{4}-\d{2}$/.test(word) && isRealDay(`${word}-01`)) {
    const from = `${word}-01`;
    if (from < EARLIEST_DAY) throw new UserError(`"${word}": Tally has no data before 2020.`);
    return { key: word, from, to: addMonths(from, 1), toDate: false, unit: 'month' };
  }
  const range = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(word);
  if (range?.[1] && range[2]) {
    const [, start, end] = range;
    if (!isRealDay(start) || !isRealDay(end)) throw new UserError(`"${word}": not a real date range.`);
    if (end < start) throw new UserError(`"${word}": the range ends before it starts.`);
    if (start < EARLIEST_DAY) throw new UserError(`"${word}": Tally has no data before 2020.`);
    if (daysBetween(start, end) + 1 > MAX_RANGE_DAYS) throw new UserError(`"${word}": at most ${MAX_RANGE_DAYS} days at a time.`);
    return { key: word, from: start, to: addDays(end, 1), toDate: false, unit: 'span' };
  }
  throw new UserError(`"${truncate(word)}" is not a period I know. Try one of: ${PERIOD_USAGE}.`);
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** True when `word` looks like a period (so command parsers can tell periods from team keys). */
export function looksLikePeriod(word: string): boolean {
  return /^(today|yesterday|this-week|last-week|mtd|last-month|\d{1,3}d|\d{4}-\d{2}(-\d{2}\.\.\d{4}-\d{2}-\d{2})?)$/i.test(word);
}

/** Number of days in the period that have started by `today` (for to-date comparisons and averages). */
export function elapsedDays(period: Period, today: string): number {
  const end = period.to < addDays(today, 1) ? period.to : addDays(today, 1);
  return Math.max(0, daysBetween(period.from, end));
}

/**
 * The period to compare with: the previous week/month (its first k days when this one is to-date),
 * or the same number of days just before.
 */
export function previousPeriod(period: Period, today: string): Period {
  const length = period.toDate ? elapsedDays(period, today) : daysBetween(period.from, period.to);
  let from: string;
  let fullTo: string;
  if (period.unit === 'month') {
    from = addMonths(period.from, -1);
    fullTo = period.from;
  } else if (period.unit === 'week') {
    from = addDays(period.from, -7);
    fullTo = period.from;
  } else {
    from = addDays(period.from, -length);
    fullTo = period.from;
  }
  const to = period.toDate ? minDay(addDays(from, length), fullTo) : fullTo;
  return { key: `previous ${period.key}`, from, to, toDate: false, unit: period.unit };
}

function minDay(a: string, b: string): string {
  return a < b ? a : b;
}

/** "Dec 1–4, 2026" style label for a period, for headers. */
export function describePeriod(period: Period): string {
  const last = addDays(period.to, -1);
  const a = dayjs.utc(period.from);
  const b = dayjs.utc(last);
  const names: Record<string, string> = {
    today: 'today',
    yesterday: 'yesterday',
    'this-week': 'this week so far',
    'last-week': 'last week',
    mtd: 'month to date',
    'last-month': 'last month',
  };
  let span: string;
  if (period.from === last) span = a.format('MMM D, YYYY');
  else if (a.year() !== b.year()) span = `${a.format('MMM D, YYYY')} – ${b.format('MMM D, YYYY')}`;
  else if (a.month() !== b.month()) span = `${a.format('MMM D')} – ${b.format('MMM D, YYYY')}`;
  else span = `${a.format('MMM D')}–${b.format('D, YYYY')}`;
  const name = names[period.key] ?? (/^\d+d$/.test(period.key) ? `last ${period.key.slice(0, -1)} days` : undefined);
  return name ? `${span} (${name})` : span;
}
