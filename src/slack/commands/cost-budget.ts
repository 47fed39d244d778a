import { canManageTeam, canSeeOrg, canSeeTeam, teamsOf } from '../../domain/access.js';
import { MAX_BUDGET_USD, parseBudgetAmount, type BudgetPeriodKind } from '../../domain/budgets.js';
import { UserError } from '../../errors.js';
import { renderBudgetSetBlocks, renderBudgetSetRefusalBlocks, renderBudgetStatusBlocks } from '../../render/budget-status-blocks.js';
import { refuseTeam } from '../../services/access-refusal.js';
import { teamByKey } from '../../services/ask-context.js';
import { budgetStatus, budgetStatuses, teamBudgetStatuses } from '../../services/budget-status.js';
import { setSlackTeamBudget } from '../../store/budgets-store.js';
import { askContextFor, refusalReply, shareableReply } from './cost-reply.js';
import type { CostReply, CostRequest, CostSubcommand } from './cost-subcommand.js';

const SET_EXAMPLE = '/cost budget set search 2000 monthly';

export const costBudget: CostSubcommand = {
  name: 'budget',
  usage: '/cost budget [team]  ·  /cost budget set <team> <amount> [monthly|weekly]',
  summary: 'budget used, left, days left and forecast; owners and admins set it',
  async run(req) {
    if (req.args[0]?.toLowerCase() === 'set') return setBudget(req, req.args.slice(1));
    if (req.args.length > 1) throw new UserError('Give one team key, or none for the teams you are in.');
    const ctx = await askContextFor(req);
    const key = req.args[0];
    if (key !== undefined) {
      const team = teamByKey(ctx, key);
      if (!canSeeTeam(ctx.viewer, team, ctx.org)) return refusalReply(refuseTeam(team, ctx.org));
      const statuses = await teamBudgetStatuses(req.deps.db, team.key, req.now);
      return shareableReply(req, ctx, { kind: 'teams', teams: [team] }, renderBudgetStatusBlocks(statuses, `Budget — ${team.name}`));
    }
    const own = teamsOf(ctx.viewer, ctx.teams);
    if (own.length === 0) {
      if (!canSeeOrg(ctx.viewer, ctx.org)) throw new UserError('Which team? You are not in any team; name one, e.g. `/cost budget search`.');
      const statuses = await budgetStatuses(req.deps.db, req.now);
      return shareableReply(req, ctx, { kind: 'teams', teams: ctx.teams }, renderBudgetStatusBlocks(statuses, 'Budgets'));
    }
    const statuses = (await Promise.all(own.map((t) => teamBudgetStatuses(req.deps.db, t.key, req.now)))).flat();
    const heading = own.length === 1 ? `Budget — ${own[0]!.name}` : 'Your teams’ budgets';
    return shareableReply(req, ctx, { kind: 'teams', teams: own }, renderBudgetStatusBlocks(statuses, heading));
  },
};

/** `/cost budget set <team> <amount> [monthly|weekly]`: team owners and admins only. */
async function setBudget(req: CostRequest, args: string[]): Promise<CostReply> {
  const [key, amountText, periodText, ...rest] = args;
  if (key === undefined || amountText === undefined || rest.length > 0) {
    throw new UserError(`Give a team, an amount in dollars and optionally monthly or weekly, e.g. \`${SET_EXAMPLE}\`.`);
  }
  const amountNanos = parseBudgetAmount(amountText);
  if (amountNanos === null) {
    const shown = amountText.length > 20 ? `${amountText.slice(0, 20)}…` : amountText;
    throw new UserError(`"${shown}" is not an amount: use dollars above 0 and up to ${MAX_BUDGET_USD.toLocaleString('en-US')}, like 1500 or $1,500.50.`);
  }
  const period = (periodText ?? 'monthly').toLowerCase();
  if (period !== 'monthly' && period !== 'weekly') throw new UserError(`The period is monthly or weekly, not "${periodText?.slice(0, 20)}".`);
  const ctx = await askContextFor(req);
  const team = teamByKey(ctx, key);
  if (!canManageTeam(ctx.viewer, team, ctx.org)) {
    return { ...renderBudgetSetRefusalBlocks(team.name, refuseTeam(team, ctx.org).askWhom), ephemeralOnly: true };
  }
  const budget = await setSlackTeamBudget(req.deps.db, { team: team.key, period: period as BudgetPeriodKind, amountNanos, setBy: req.userId });
  const status = await budgetStatus(req.deps.db, budget, req.now, { timezone: ctx.org.timezone });
  return shareableReply(req, ctx, { kind: 'teams', teams: [team] }, renderBudgetSetBlocks(status, req.userId));
}
