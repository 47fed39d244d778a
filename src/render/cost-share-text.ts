import { formatUsd } from '../domain/format.js';
import type { SharedCostAllocation, TeamCostShare } from '../services/shared-costs.js';

/**
 * "Direct $1,200.00 · shared $340.00 (…) · total $1,540.00": the one wording for team answers and digests,
 * so direct and shared are always shown apart and the split is always named.
 */
export function renderCostShareLine(share: TeamCostShare, allocation: SharedCostAllocation): string {
  const how = allocation.appliedSplit === 'even' ? 'split evenly across teams' : "split by each team's own spend";
  const what = allocation.configuredSharedNanos > 0n ? 'unattributed spend and shared platform costs' : 'unattributed spend';
  return `Direct *${formatUsd(share.directNanos)}* · shared *${formatUsd(share.sharedNanos)}* (${what}, ${how}) · total *${formatUsd(share.totalNanos)}*`;
}
