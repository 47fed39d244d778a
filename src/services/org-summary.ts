import { describePeriod, type Period } from '../domain/periods.js';
import type { Nanos } from '../domain/money.js';
import type { Db } from '../store/db.js';
import { spendBy, spendTotals } from '../store/spend-store.js';
import { listTeams } from '../store/teams-store.js';

export interface OrgSummary {
  periodLabel: string;
  totalNanos: Nanos;
  calls: number;
  unpricedCalls: number;
  teams: { key: string; name: string; costNanos: Nanos; calls: number; unpricedCalls: number }[];
  unattributed: { costNanos: Nanos; calls: number; unpricedCalls: number };
}

/** Every team's spend plus the unattributed line; the lines always add up to the total. */
export async function orgSpendSummary(db: Db, period: Period): Promise<OrgSummary> {
  const filter = { from: period.from, to: period.to };
  const [totals, byTeam, directory] = await Promise.all([spendTotals(db, filter), spendBy(db, filter, 'team'), listTeams(db)]);
  const names = new Map(directory.map((t) => [t.key, t.name]));
  const none = byTeam.find((s) => s.key === '');
  return {
    periodLabel: describePeriod(period),
    totalNanos: totals.costNanos,
    calls: totals.calls,
    unpricedCalls: totals.unpricedCalls,
    teams: byTeam
      .filter((s) => s.key !== '')
      .map((s) => ({ key: s.key, name: names.get(s.key) ?? s.key, costNanos: s.costNanos, calls: s.calls, unpricedCalls: s.unpricedCalls })),
    unattributed: { costNanos: none?.costNanos ?? 0n, calls: none?.calls ?? 0, unpricedCalls: none?.unpricedCalls ?? 0 },
  };
}
