import type { Period } from '../domain/periods.js';
import { topLinesWithOther, type SpendLine } from '../domain/spend-lines.js';
import { latestUserEventAt, matchingUserIds, spendBy } from '../store/spend-store.js';
import { teamLabel, type AskContext } from './ask-context.js';
import { buildHeadline, readSpendHeadline, type SpendHeadline } from './spend-headline.js';
import { noneLabel } from './team-spend-summary.js';

export interface UserSpendSummary extends SpendHeadline {
  /** How the viewer was recognised: their email, else their Slack id. */
  who: string;
  /** Platform user ids matched (case-insensitively); empty when none has any spend. */
  userIds: string[];
  byTeam: SpendLine[];
  byProduct: SpendLine[];
  byModel: SpendLine[];
  newestEventAt: Date | null;
  timezone: string;
}

const BREAKDOWN_ROWS = 5;

/**
 * `/cost me`: the viewer's own spend, wherever it was booked. Slack user → platform `user` by the
 * email Slack knows (or the Slack id itself, for gateways that log those). Own spend is always visible.
 */
export async function userSpendSummary(ctx: AskContext, period: Period): Promise<UserSpendSummary> {
  const names = [ctx.viewer.email, ctx.viewer.userId].filter((n): n is string => Boolean(n));
  const userIds = await matchingUserIds(ctx.db, names);
  const base = { who: ctx.viewer.email ?? ctx.viewer.userId, userIds, timezone: ctx.org.timezone };
  if (userIds.length === 0) {
    const empty = { costNanos: 0n, calls: 0, unpricedCalls: 0 };
    const headline = buildHeadline({ period, today: ctx.today, current: empty, previousNanos: 0n, days: [] });
    return { ...headline, ...base, byTeam: [], byProduct: [], byModel: [], newestEventAt: null };
  }
  const scope = { userIds };
  const range = { ...scope, from: period.from, to: period.to };
  const [headline, teams, products, models, newestEventAt] = await Promise.all([
    readSpendHeadline(ctx.db, scope, period, ctx.today),
    spendBy(ctx.db, range, 'team', BREAKDOWN_ROWS),
    spendBy(ctx.db, range, 'product', BREAKDOWN_ROWS),
    spendBy(ctx.db, range, 'model', BREAKDOWN_ROWS),
    latestUserEventAt(ctx.db, userIds),
  ]);
  return {
    ...headline,
    ...base,
    byTeam: topLinesWithOther(teams, headline.totalNanos, BREAKDOWN_ROWS, (key) => teamLabel(ctx, key)),
    byProduct: topLinesWithOther(products, headline.totalNanos, BREAKDOWN_ROWS, noneLabel('product')),
    byModel: topLinesWithOther(models, headline.totalNanos, BREAKDOWN_ROWS, noneLabel('model')),
    newestEventAt,
  };
}
