import type { Nanos } from './money.js';
import { addMonths, monthStart, weekStart } from './periods.js';
import { addDays, daysBetween } from './time-zone.js';

export const DEFAULT_THRESHOLDS: readonly number[] = [50, 80, 100];

export type BudgetScope = { kind: 'team'; team: string } | { kind: 'product'; product: string } | { kind: 'tag'; key: string; value: string };
export type BudgetPeriodKind = 'monthly' | 'weekly';
export type BudgetSource = 'file' | 'slack';

export interface Budget {
  id: number;
  scope: BudgetScope;
  period: BudgetPeriodKind;
  amountNanos: Nanos;
  /** Percents, ascending. */
  thresholds: number[];
  /** As configured; empty means the team's owners (team scope) or the org admins. */
  owners: string[];
  source: BudgetSource;
}

/** A budget period in org-calendar days, [start, end). */
export interface BudgetPeriod {
  start: string;
  end: string;
}

/** The calendar week (from Monday) or month holding `today`. */
export function budgetPeriodOn(kind: BudgetPeriodKind, today: string): BudgetPeriod {
  if (kind === 'weekly') {
    const start = weekStart(today);
    return { start, end: addDays(start, 7) };
  }
  const start = monthStart(today);
  return { start, end: addMonths(start, 1) };
}

/** Days still to come in the period, today included. */
export function daysLeftInPeriod(period: BudgetPeriod, today: string): number {
  return Math.max(0, daysBetween(today, period.end));
}

/** `team search`, `product answers`, `tag env=prod`. */
export function describeBudgetScope(scope: BudgetScope): string {
  if (scope.kind === 'team') return `team ${scope.team}`;
  if (scope.kind === 'product') return `product ${scope.product}`;
  return `tag ${scope.key}=${scope.value}`;
}

/** The value stored in `budgets.scope_value` and parsed back by `scopeFrom`. */
export function scopeValue(scope: BudgetScope): string {
  if (scope.kind === 'team') return scope.team;
  if (scope.kind === 'product') return scope.product;
  return `${scope.key}=${scope.value}`;
}

export function scopeFrom(kind: BudgetScope['kind'], value: string): BudgetScope {
  if (kind === 'team') return { kind, team: value };
  if (kind === 'product') return { kind, product: value };
  const at = value.indexOf('=');
  return { kind, key: value.slice(0, at), value: value.slice(at + 1) };
}

/** Thresholds reached by `spent` (exact: spent × 100 ≥ threshold × amount, no float). */
export function thresholdsCrossed(thresholds: readonly number[], spent: Nanos, amount: Nanos): number[] {
  return thresholds.filter((t) => spent * 100n >= BigInt(t) * amount);
}

/** Percent of the budget used, for display and forecasts (lossy on purpose). */
export function percentUsed(spent: Nanos, amount: Nanos): number {
  return amount > 0n ? Number((spent * 100_000n) / amount) / 1000 : 0;
}

/** Who hears about a budget: its own owners, else the team's owners (team scope), else the admins. */
export function budgetRecipients(budget: Budget, teamOwners: readonly string[], admins: readonly string[]): string[] {
  if (budget.owners.length > 0) return [...budget.owners];
  if (budget.scope.kind === 'team' && teamOwners.length > 0) return [...teamOwners];
  return [...admins];
}

export interface RecordedAlert {
  kind: 'actual' | 'forecast';
  threshold: number;
}

export interface AlertDecision {
  /** Actual thresholds newly crossed this period (all get recorded). */
  actual: number[];
  /** A forecast warning is due (recorded once per period). */
  forecast: boolean;
  /** The one alert owners are DMed about: the highest new threshold, else the forecast. */
  notify: RecordedAlert | null;
}

/**
 * What a check should record for a budget, given what this period already recorded. Several thresholds
 * crossed at once are all recorded but DMed once, naming the highest; a forecast warning is only worth
 * sending while 100% is still ahead.
 */
export function budgetAlertsToSend(input: {
  thresholds: readonly number[];
  spent: Nanos;
  amount: Nanos;
  forecastCrossesBeforeEnd: boolean;
  recorded: readonly RecordedAlert[];
}): AlertDecision {
  const done = new Set(input.recorded.map((a) => `${a.kind}:${a.threshold}`));
  const actual = thresholdsCrossed(input.thresholds, input.spent, input.amount).filter((t) => !done.has(`actual:${t}`));
  const reachedFull = input.spent >= input.amount;
  const forecast = input.forecastCrossesBeforeEnd && !reachedFull && !done.has('forecast:100');
  const highest = actual.at(-1);
  const notify: RecordedAlert | null =
    highest !== undefined ? { kind: 'actual', threshold: highest } : forecast ? { kind: 'forecast', threshold: 100 } : null;
  return { actual, forecast, notify };
}

/** Largest amount a budget may have (the same cap teams.yml applies). */
export const MAX_BUDGET_USD = 100_000_000;

/** `1500`, `$1,500`, `1500.50` → nanos; null when it is not a positive amount of at most MAX_BUDGET_USD with ≤ 2 decimals. */
export function parseBudgetAmount(text: string): Nanos | null {
  const match = /^\$?((?:\d{1,3}(?:,\d{3})+)|\d+)(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) return null;
  const cents = BigInt(match[1]!.replace(/,/g, '')) * 100n + BigInt((match[2] ?? '').padEnd(2, '0'));
  if (cents <= 0n || cents > BigInt(MAX_BUDGET_USD) * 100n) return null;
  return cents * 10_000_000n;
}
