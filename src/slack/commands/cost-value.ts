import { parsePeriod } from '../../domain/periods.js';
import { renderTeamValueBlocks } from '../../render/team-value-blocks.js';
import { isRefusal } from '../../services/access-refusal.js';
import { teamByKey } from '../../services/ask-context.js';
import { teamValueAnswer } from '../../services/team-value.js';
import { parseTeamArgs } from './cost-args.js';
import { askContextFor, refusalReply, shareableReply } from './cost-reply.js';
import type { CostSubcommand } from './cost-subcommand.js';

export const costValue: CostSubcommand = {
  name: 'value',
  usage: '/cost value <team> [period]',
  summary: 'cost per unit of a team’s value metric, per successful task, and spend with no recorded value',
  async run(req) {
    const args = parseTeamArgs(req.args);
    const ctx = await askContextFor(req);
    const answer = await teamValueAnswer(ctx, args.team, parsePeriod(args.period, ctx.now, ctx.org.timezone));
    if (isRefusal(answer)) return refusalReply(answer);
    return shareableReply(req, ctx, { kind: 'teams', teams: [teamByKey(ctx, args.team)] }, renderTeamValueBlocks(answer));
  },
};
