import { adviseTeam, type AdviceTip } from '../domain/advice.js';
import type { Nanos } from '../domain/money.js';
import { describePeriod, type Period } from '../domain/periods.js';
import type { PriceTable } from '../domain/prices.js';
import { startOfDayInZone } from '../domain/time-zone.js';
import { readAdviceFacts } from '../store/advice-facts-store.js';
import type { Db } from '../store/db.js';
import { getOrgSettings } from '../store/teams-store.js';

export interface TeamAdvice {
  teamKey: string;
  period: Period;
  periodLabel: string;
  /** The team's recorded spend in the period. */
  costNanos: Nanos;
  calls: number;
  /** Shown tips, largest saving first. */
  tips: AdviceTip[];
  belowMinimum: number;
  minimumNanos: Nanos;
}

/** What the team's own calls in `period` say it could have saved, tip by tip. */
export async function teamAdvice(db: Db, prices: PriceTable, teamKey: string, period: Period): Promise<TeamAdvice> {
  const { timezone } = await getOrgSettings(db);
  const facts = await readAdviceFacts(db, {
    team: teamKey,
    from: period.from,
    to: period.to,
    startsAt: startOfDayInZone(period.from, timezone),
    endsAt: startOfDayInZone(period.to, timezone),
  });
  return { teamKey, period, periodLabel: describePeriod(period), costNanos: facts.costNanos, calls: facts.calls, ...adviseTeam(facts, prices) };
}

/** The single tip a digest shows, or null when nothing clears the minimum. */
export async function topAdvice(db: Db, prices: PriceTable, teamKey: string, period: Period): Promise<AdviceTip | null> {
  return (await teamAdvice(db, prices, teamKey, period)).tips[0] ?? null;
}
