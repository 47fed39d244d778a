import { visibleTeamKeys } from '../domain/access.js';
import { previousPeriod, type Period } from '../domain/periods.js';
import { topLinesWithOther, type SpendLine } from '../domain/spend-lines.js';
import { tagSpendByDay, tagSpendByTeam, tagSpendTotals } from '../store/tag-spend-store.js';
import { refuseCrossTeam, type AccessRefusal } from './access-refusal.js';
import { teamLabel, type AskContext } from './ask-context.js';
import { buildHeadline, type SpendHeadline } from './spend-headline.js';

export interface TagSpendSummary extends SpendHeadline {
  tag: { key: string; value: string };
  byTeam: SpendLine[];
  /** Names of the teams the figures are limited to (a non-admin's own teams); null = the whole org. */
  limitedTo: string[] | null;
}

const TEAM_ROWS = 8;

/**
 * `/cost tag key=value`: across teams for admins (and everyone under `visibility: open`); anyone else
 * sees only their own teams' share of the tag, never unattributed spend, and is refused with no team.
 */
export async function tagSpendSummary(ctx: AskContext, tag: { key: string; value: string }, period: Period): Promise<TagSpendSummary | AccessRefusal> {
  const teams = visibleTeamKeys(ctx.viewer, ctx.teams, ctx.org);
  if (teams !== null && teams.length === 0) return refuseCrossTeam(ctx.org);
  const previous = previousPeriod(period, ctx.today);
  const filter = { ...tag, teams, from: period.from, to: period.to };
  const [current, before, days, byTeam] = await Promise.all([
    tagSpendTotals(ctx.db, filter),
    tagSpendTotals(ctx.db, { ...filter, from: previous.from, to: previous.to }),
    tagSpendByDay(ctx.db, filter),
    tagSpendByTeam(ctx.db, filter, TEAM_ROWS),
  ]);
  const headline = buildHeadline({ period, today: ctx.today, current, previousNanos: before.costNanos, days });
  const nameOf = (key: string) => teamLabel(ctx, key);
  return {
    ...headline,
    tag,
    byTeam: topLinesWithOther(byTeam, headline.totalNanos, TEAM_ROWS, nameOf),
    limitedTo: teams && teams.map(nameOf),
  };
}
