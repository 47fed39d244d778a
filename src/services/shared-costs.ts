import { allocateAmount, proRateMonthly, type SplitMethod } from '../domain/allocation.js';
import { usdToNanos, type Nanos } from '../domain/money.js';
import type { Period } from '../domain/periods.js';
import type { Queryable } from '../store/db.js';
import { spendBy } from '../store/spend-store.js';
import { getOrgSettings, listTeams } from '../store/teams-store.js';

export interface TeamCostShare {
  key: string;
  name: string;
  /** The team's own attributed spend. */
  directNanos: Nanos;
  /** Its part of unattributed spend and the configured shared amount. */
  sharedNanos: Nanos;
  totalNanos: Nanos;
}

export interface SharedCostAllocation {
  period: Period;
  /** From teams.yml `shared.split`; proportional when not configured. */
  split: SplitMethod;
  /** What was used: even when a proportional split found no attributed spend to go by. */
  appliedSplit: SplitMethod;
  unattributedNanos: Nanos;
  /** `shared.monthly_usd` pro-rated to the period's days (0 when not configured). */
  configuredSharedNanos: Nanos;
  /** Left with nobody when there are no teams at all; otherwise 0. */
  unallocatedNanos: Nanos;
  /** Every configured team plus any team key seen in spend, by key. */
  teams: TeamCostShare[];
}

// Far more team keys than any org has: the allocation must see every team for its sum to hold.
const ALL_TEAMS = 100_000;

/**
 * Splits the period's unattributed spend plus the configured shared amount across teams, proportional
 * to their attributed spend or evenly, so that Σ total = period spend + configured shared, to the nano.
 */
export async function sharedCostAllocation(db: Queryable, period: Period): Promise<SharedCostAllocation> {
  const [org, directory, byTeam] = await Promise.all([
    getOrgSettings(db),
    listTeams(db),
    spendBy(db, { from: period.from, to: period.to }, 'team', ALL_TEAMS),
  ]);
  const direct = new Map(byTeam.map((s) => [s.key, s.costNanos]));
  const unattributedNanos = direct.get('') ?? 0n;
  direct.delete('');
  const names = new Map(directory.map((t) => [t.key, t.name]));
  const keys = [...new Set([...names.keys(), ...direct.keys()])].sort();
  const shared = org.config.shared;
  const split = shared?.split ?? 'proportional';
  const configuredSharedNanos = shared ? proRateMonthly(usdToNanos(shared.monthlyUsd), period.from, period.to) : 0n;
  const amount = unattributedNanos + configuredSharedNanos;
  const allocation = allocateAmount(amount, keys.map((key) => ({ key, weight: direct.get(key) ?? 0n })), split);
  const sharedOf = new Map(allocation.shares.map((s) => [s.key, s.nanos]));
  return {
    period,
    split,
    appliedSplit: allocation.applied,
    unattributedNanos,
    configuredSharedNanos,
    unallocatedNanos: keys.length === 0 ? amount : 0n,
    teams: keys.map((key) => {
      const directNanos = direct.get(key) ?? 0n;
      const sharedNanos = sharedOf.get(key) ?? 0n;
      return { key, name: names.get(key) ?? key, directNanos, sharedNanos, totalNanos: directNanos + sharedNanos };
    }),
  };
}

/** One team's direct and shared figures from an allocation (zeros for a team with neither). */
export function teamCostShare(allocation: SharedCostAllocation, teamKey: string): TeamCostShare {
  return allocation.teams.find((t) => t.key === teamKey) ?? { key: teamKey, name: teamKey, directNanos: 0n, sharedNanos: 0n, totalNanos: 0n };
}

/** For a single team's answer: the whole allocation is needed anyway, since shares depend on every team's spend. */
export async function teamSharedCost(db: Queryable, period: Period, teamKey: string): Promise<TeamCostShare> {
  return teamCostShare(await sharedCostAllocation(db, period), teamKey);
}
