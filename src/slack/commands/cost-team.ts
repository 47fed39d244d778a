import { parsePeriod } from '../../domain/periods.js';
import { renderTeamSummaryBlocks } from '../../render/team-summary-blocks.js';
import { isRefusal } from '../../services/access-refusal.js';
import { teamByKey } from '../../services/ask-context.js';
import { teamAnswer } from '../../services/team-spend-summary.js';
import { parseTeamArgs } from './cost-args.js';
import { askContextFor, refusalReply, shareableReply } from './cost-reply.js';
import type { CostSubcommand } from './cost-subcommand.js';

export const costTeam: CostSubcommand = {
  name: 'team',
  usage: '/cost team <key> [period]',
  summary: "a team's spend: change, daily shape, drivers, budget",
  async run(req) {
    const args = parseTeamArgs(req.args);
    const ctx = await askContextFor(req);
    const answer = await teamAnswer(ctx, args.team, parsePeriod(args.period, ctx.now, ctx.org.timezone));
    if (isRefusal(answer)) return refusalReply(answer);
    return shareableReply(req, ctx, { kind: 'teams', teams: [teamByKey(ctx, args.team)] }, renderTeamSummaryBlocks(answer));
  },
};
