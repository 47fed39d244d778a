import { teamsOf } from '../../domain/access.js';
import { parsePeriod } from '../../domain/periods.js';
import { renderMyTeamsBlocks } from '../../render/team-summary-blocks.js';
import { myTeamsAnswer } from '../../services/team-spend-summary.js';
import { parsePeriodArgs } from './cost-args.js';
import { askContextFor, shareableReply } from './cost-reply.js';
import type { CostSubcommand } from './cost-subcommand.js';

export const costMyTeam: CostSubcommand = {
  name: 'myteam',
  usage: '/cost myteam [period]',
  summary: 'spend of each team you belong to',
  async run(req) {
    const args = parsePeriodArgs(req.args);
    const ctx = await askContextFor(req);
    const summaries = await myTeamsAnswer(ctx, parsePeriod(args.period, ctx.now, ctx.org.timezone));
    return shareableReply(req, ctx, { kind: 'teams', teams: teamsOf(ctx.viewer, ctx.teams) }, renderMyTeamsBlocks(summaries));
  },
};
