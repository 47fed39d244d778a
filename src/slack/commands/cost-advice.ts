import { canSeeTeam, teamsOf } from '../../domain/access.js';
import { parsePeriod } from '../../domain/periods.js';
import type { Team } from '../../domain/team-directory.js';
import { UserError } from '../../errors.js';
import { renderAdviceBlocks } from '../../render/advice-blocks.js';
import { refuseTeam } from '../../services/access-refusal.js';
import { teamByKey, type AskContext } from '../../services/ask-context.js';
import { teamAdvice } from '../../services/team-advice.js';
import { parseOptionalTeamArgs } from './cost-args.js';
import { askContextFor, refusalReply, shareableReply } from './cost-reply.js';
import type { CostSubcommand } from './cost-subcommand.js';

// Advice is about current habits: a rolling 30 days drops a fixed problem within a month, whatever the date.
const DEFAULT_PERIOD = '30d';

export const costAdvice: CostSubcommand = {
  name: 'advice',
  usage: '/cost advice <team> [period]',
  summary: 'what a team could save, tip by tip, with the $ and the evidence (default: last 30 days)',
  async run(req) {
    const args = parseOptionalTeamArgs(req.args);
    const ctx = await askContextFor(req);
    const team = args.team === null ? viewersOnlyTeam(ctx) : teamByKey(ctx, args.team);
    const period = parsePeriod(args.period ?? DEFAULT_PERIOD, ctx.now, ctx.org.timezone);
    if (!canSeeTeam(ctx.viewer, team, ctx.org)) return refusalReply(refuseTeam(team, ctx.org));
    const advice = await teamAdvice(req.deps.db, req.deps.prices, team.key, period);
    return shareableReply(req, ctx, { kind: 'teams', teams: [team] }, renderAdviceBlocks(advice, team.name));
  },
};

/** Without a team key, the viewer's team, when they are in exactly one. */
function viewersOnlyTeam(ctx: AskContext): Team {
  const own = teamsOf(ctx.viewer, ctx.teams);
  if (own.length === 1) return own[0]!;
  throw new UserError(own.length === 0 ? 'Which team? You are not in any team.' : `Which team? You are in ${own.map((t) => t.key).join(', ')}.`);
}
