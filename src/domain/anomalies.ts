import { usdToNanos, type Nanos } from './money.js';
import type { TeamSettings } from './team-directory.js';
import { addDays, dayjs } from './time-zone.js';

/**
 * Spend anomalies: a day is compared with a robust baseline of the trailing 28 days.
 *
 * Baseline rule: the history is the window's days from the scope's first day with spend onwards (a
 * day without spend counts as $0); at least 7 are needed. When the window holds at least 4 days on
 * the same weekday as the day judged (a full four weeks of history), only those are used, so Monday
 * is compared with Mondays and a quiet weekend never makes a normal Monday look like a spike;
 * otherwise every history day is used. The usual spend is their median, the spread 1.4826 × MAD
 * (the standard deviation for normal data), floored at 5 % of the median and 1 cent so a perfectly
 * flat history does not turn every cent into an outlier (the $ gate handles small scopes).
 */
export const BASELINE_WINDOW_DAYS = 28;
export const MIN_HISTORY_DAYS = 7;
export const MIN_SAME_WEEKDAY_POINTS = 4;
const MAD_TO_SIGMA = 1.4826;
const SPREAD_FLOOR_SHARE = 0.05;
const SPREAD_FLOOR_NANOS = 10_000_000n;

export interface DaySpend {
  day: string;
  costNanos: Nanos;
}

export interface Baseline {
  usualNanos: Nanos;
  /** Robust standard deviation, after the floor. */
  spreadNanos: Nanos;
  /** The days the median was taken over. */
  days: string[];
  sameWeekday: boolean;
  historyDays: number;
}

export interface AnomalyThresholds {
  minUsd: number;
  /** Relative gate: at least this many percent above usual … */
  minIncreasePct: number;
  /** … and at least this robust z-score. */
  minZ: number;
}

export const DEFAULT_ANOMALY_THRESHOLDS: AnomalyThresholds = { minUsd: 20, minIncreasePct: 50, minZ: 3 };

export interface AnomalyCheck {
  flagged: boolean;
  actualNanos: Nanos;
  usualNanos: Nanos;
  increaseNanos: Nanos;
  /** null when the usual spend is $0 (any spend is an infinite increase). */
  increasePct: number | null;
  z: number;
  relativeGate: boolean;
  absoluteGate: boolean;
}

/** Team overrides from teams.yml (`anomaly: {min_usd, min_increase_pct, min_z}`) over the defaults. */
export function anomalyThresholdsFor(settings: TeamSettings | undefined): AnomalyThresholds {
  const o = settings?.anomaly ?? {};
  return {
    minUsd: o.minUsd ?? DEFAULT_ANOMALY_THRESHOLDS.minUsd,
    minIncreasePct: o.minIncreasePct ?? DEFAULT_ANOMALY_THRESHOLDS.minIncreasePct,
    minZ: o.minZ ?? DEFAULT_ANOMALY_THRESHOLDS.minZ,
  };
}

/** The trailing window [from, to) a day is judged against. */
export function baselineWindow(day: string): { from: string; to: string } {
  return { from: addDays(day, -BASELINE_WINDOW_DAYS), to: day };
}

export function medianNanos(values: readonly Nanos[]): Nanos {
  if (values.length === 0) return 0n;
  const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2n;
}

function weekday(day: string): number {
  return dayjs.utc(day).day();
}

/** The days of the window a baseline uses (see the rule above), or null when history is too short. */
export function baselineDays(spendDays: Iterable<string>, day: string): { days: string[]; sameWeekday: boolean; historyDays: number } | null {
  const { from, to } = baselineWindow(day);
  let first: string | undefined;
  for (const d of spendDays) if (d >= from && d < to && (first === undefined || d < first)) first = d;
  if (first === undefined) return null;
  const history: string[] = [];
  for (let d = first; d < to; d = addDays(d, 1)) history.push(d);
  if (history.length < MIN_HISTORY_DAYS) return null;
  const same = history.filter((d) => weekday(d) === weekday(day));
  const sameWeekday = same.length >= MIN_SAME_WEEKDAY_POINTS;
  return { days: sameWeekday ? same : history, sameWeekday, historyDays: history.length };
}

/** Median and MAD of the scope's daily spend before `day`; null when there are fewer than 7 days of history. */
export function robustBaseline(history: readonly DaySpend[], day: string): Baseline | null {
  const byDay = new Map<string, Nanos>();
  for (const h of history) if (h.costNanos !== 0n) byDay.set(h.day, (byDay.get(h.day) ?? 0n) + h.costNanos);
  const chosen = baselineDays(byDay.keys(), day);
  if (!chosen) return null;
  const values = chosen.days.map((d) => byDay.get(d) ?? 0n);
  const usualNanos = medianNanos(values);
  const mad = medianNanos(values.map((v) => (v > usualNanos ? v - usualNanos : usualNanos - v)));
  const sigma = BigInt(Math.round(Number(mad) * MAD_TO_SIGMA));
  const floor = BigInt(Math.round(Number(usualNanos) * SPREAD_FLOOR_SHARE));
  const spreadNanos = [sigma, floor, SPREAD_FLOOR_NANOS].reduce((a, b) => (a > b ? a : b));
  return { usualNanos, spreadNanos, ...chosen };
}

/**
 * Flags the day when it passes both gates: relative (at least +minIncreasePct % over usual and a robust
 * z of at least minZ) and absolute (at least $minUsd over usual). Boundaries count as passing.
 */
export function checkDay(baseline: Baseline, actualNanos: Nanos, t: AnomalyThresholds): AnomalyCheck {
  const increaseNanos = actualNanos - baseline.usualNanos;
  const increasePct = baseline.usualNanos === 0n ? null : (Number(increaseNanos) / Number(baseline.usualNanos)) * 100;
  const z = Number(increaseNanos) / Number(baseline.spreadNanos);
  const relativeGate = increaseNanos > 0n && (increasePct === null || increasePct >= t.minIncreasePct) && z >= t.minZ;
  const absoluteGate = increaseNanos >= usdToNanos(t.minUsd);
  return {
    flagged: relativeGate && absoluteGate && increaseNanos > 0n,
    actualNanos,
    usualNanos: baseline.usualNanos,
    increaseNanos,
    increasePct,
    z,
    relativeGate,
    absoluteGate,
  };
}
