import { DEFAULT_THRESHOLDS, describeBudgetScope, scopeFrom, scopeValue, type BudgetScope } from '../domain/budgets.js';
import { usdToNanos } from '../domain/money.js';
import { UserError } from '../errors.js';
import type { TeamsFile } from '../ingest/teams-file.js';
import { pruneFileBudgets, upsertFileBudget, type FileBudget } from '../store/budgets-store.js';
import type { Queryable } from '../store/db.js';

type FileBudgetAmount = { monthly_usd?: number; weekly_usd?: number; thresholds?: number[]; owners?: string[] };

function fileBudget(scope: BudgetScope, b: FileBudgetAmount): FileBudget {
  const weekly = b.weekly_usd !== undefined;
  return {
    scope,
    period: weekly ? 'weekly' : 'monthly',
    spec: {
      amount_nanos: usdToNanos((weekly ? b.weekly_usd : b.monthly_usd) ?? 0).toString(),
      thresholds: b.thresholds ?? [...DEFAULT_THRESHOLDS],
      owners: b.owners ?? [],
    },
  };
}

function scopeOf(b: TeamsFile['budgets'][number]): BudgetScope {
  if ('team' in b) return { kind: 'team', team: b.team };
  if ('product' in b) return { kind: 'product', product: b.product };
  return scopeFrom('tag', b.tag);
}

/** Every budget teams.yml sets: `budget:` on a team, then the top-level `budgets:` list. */
export function fileBudgets(file: TeamsFile): FileBudget[] {
  const teamKeys = new Set(file.teams.map((t) => t.key));
  const all = [
    ...file.teams.flatMap((t) => (t.budget ? [fileBudget({ kind: 'team', team: t.key }, t.budget)] : [])),
    ...file.budgets.map((b) => fileBudget(scopeOf(b), b)),
  ];
  const seen = new Set<string>();
  for (const b of all) {
    const label = `${describeBudgetScope(b.scope)} (${b.period})`;
    if (b.scope.kind === 'team' && !teamKeys.has(b.scope.team)) throw new UserError(`teams.yml: a budget names ${label}, which is not in teams:`);
    const key = `${b.scope.kind}:${scopeValue(b.scope)}:${b.period}`;
    if (seen.has(key)) throw new UserError(`teams.yml: the ${label} budget is set twice`);
    seen.add(key);
  }
  return all;
}

/**
 * Makes the file's budgets current, inside applyTeamsFile's transaction (after the teams are written).
 * Rule: a budget set in Slack for the same scope and period wins until teams.yml changes that entry;
 * re-applying an unchanged file keeps the Slack amount. Budgets the file drops are removed (Slack-set
 * ones stay), and so are the budgets of removed teams.
 */
export async function syncFileBudgets(q: Queryable, file: TeamsFile): Promise<{ budgets: number; removed: number }> {
  const budgets = fileBudgets(file);
  for (const b of budgets) await upsertFileBudget(q, b);
  const { removed } = await pruneFileBudgets(q, budgets);
  return { budgets: budgets.length, removed };
}
