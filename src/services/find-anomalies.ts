import { anomalyThresholdsFor, baselineWindow, checkDay, robustBaseline, type AnomalyThresholds, type Baseline, type DaySpend } from '../domain/anomalies.js';
import { usdToNanos, type Nanos } from '../domain/money.js';
import { dimensionSpends, proportionalUsual, rankRootCauses, usualByValue, type RootCause } from '../domain/root-cause.js';
import type { Team } from '../domain/team-directory.js';
import { addDays, startOfDayInZone } from '../domain/time-zone.js';
import type { Queryable } from '../store/db.js';
import { scopeDailySpend, scopeDimensionHistory, tagDayByDimension, type AnomalyScopeKind, type NewAnomaly } from '../store/anomalies-store.js';

const SCOPE_KINDS: readonly AnomalyScopeKind[] = ['team', 'product', 'tag'];

export interface ScanDay {
  day: string;
  /** The day is still running: its spend so far is judged against a usual *whole* day. */
  partial: boolean;
}

/**
 * Every team, product and tag value whose spend on `day` passed both gates, with its root causes.
 * Product and tag scopes use the gates of the team that spent most of them that day.
 */
export async function findAnomalies(q: Queryable, teams: readonly Team[], scan: ScanDay, timezone: string): Promise<NewAnomaly[]> {
  const thresholds = new Map(teams.map((t) => [t.key, anomalyThresholdsFor(t.settings)]));
  const gatesOf = (team: string): AnomalyThresholds => thresholds.get(team) ?? anomalyThresholdsFor(undefined);
  // A scope that spent less than the smallest $ gate on the day cannot pass it: skip reading its history.
  const minDayNanos = [anomalyThresholdsFor(undefined), ...thresholds.values()].map((t) => usdToNanos(t.minUsd)).reduce((a, b) => (a < b ? a : b));
  const { from } = baselineWindow(scan.day);
  const found: NewAnomaly[] = [];
  for (const kind of SCOPE_KINDS) {
    const rows = await scopeDailySpend(q, kind, from, scan.day, minDayNanos);
    for (const [key, scope] of groupByKey(rows, scan.day)) {
      const baseline = robustBaseline(scope.history, scan.day);
      if (!baseline) continue;
      const check = checkDay(baseline, scope.actualNanos, gatesOf(scope.team));
      if (!check.flagged) continue;
      const causes = await rootCauses(q, { kind, key }, scan.day, baseline, scope.actualNanos, timezone);
      found.push({ scopeKind: kind, scopeKey: key, day: scan.day, team: scope.team, actualNanos: scope.actualNanos, usualNanos: baseline.usualNanos, z: check.z, partial: scan.partial, causes });
    }
  }
  return found;
}

type ScopeSeries = { team: string; history: DaySpend[]; actualNanos: Nanos };

/** Splits each scope's rows into its history and the spend of the day judged (the last row's day). */
function groupByKey(rows: Awaited<ReturnType<typeof scopeDailySpend>>, day: string): Map<string, ScopeSeries> {
  const scopes = new Map<string, ScopeSeries>();
  for (const r of rows) {
    const scope = scopes.get(r.key) ?? { team: r.team, history: [], actualNanos: 0n };
    scopes.set(r.key, scope);
    if (r.day === day) scope.actualNanos = r.costNanos;
    else scope.history.push({ day: r.day, costNanos: r.costNanos });
  }
  return scopes;
}

async function rootCauses(
  q: Queryable,
  scope: { kind: AnomalyScopeKind; key: string },
  day: string,
  baseline: Baseline,
  actualNanos: Nanos,
  timezone: string,
): Promise<RootCause[]> {
  const increase = actualNanos - baseline.usualNanos;
  if (scope.kind === 'tag') {
    const cut = scope.key.indexOf('=');
    const tag = { key: scope.key.slice(0, cut), value: scope.key.slice(cut + 1) };
    const instants = { from: startOfDayInZone(day, timezone), to: startOfDayInZone(addDays(day, 1), timezone) };
    const dayRows = await tagDayByDimension(q, tag, day, instants);
    return rankRootCauses(increase, dimensionSpends(dayRows, proportionalUsual(dayRows, baseline.usualNanos, actualNanos)));
  }
  // A product scope explained by "product=itself" would say nothing.
  const history = (await scopeDimensionHistory(q, scope.kind, scope.key, baselineWindow(day).from, day)).filter(
    (r) => !(scope.kind === 'product' && r.dimension === 'product'),
  );
  const dayRows = history.filter((r) => r.day === day);
  return rankRootCauses(increase, dimensionSpends(dayRows, usualByValue(history, baseline.days)));
}
