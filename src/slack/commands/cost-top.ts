import { teamsOf } from '../../domain/access.js';
import { parsePeriod } from '../../domain/periods.js';
import { renderTopTasksBlocks } from '../../render/top-tasks-blocks.js';
import { isRefusal } from '../../services/access-refusal.js';
import { teamByKey } from '../../services/ask-context.js';
import { topTasksReport } from '../../services/top-tasks.js';
import { parseOptionalTeamArgs } from './cost-args.js';
import { askContextFor, refusalReply, shareableReply } from './cost-reply.js';
import type { CostSubcommand } from './cost-subcommand.js';

export const costTop: CostSubcommand = {
  name: 'top',
  usage: '/cost top [team] [period]',
  summary: 'the most expensive 1% of tasks (5–10), with their share of spend',
  async run(req) {
    const args = parseOptionalTeamArgs(req.args);
    const ctx = await askContextFor(req);
    const report = await topTasksReport(ctx, args.team, parsePeriod(args.period, ctx.now, ctx.org.timezone));
    if (isRefusal(report)) return refusalReply(report);
    const teams = args.team === null ? teamsOf(ctx.viewer, ctx.teams) : [teamByKey(ctx, args.team)];
    return shareableReply(req, ctx, { kind: 'teams', teams }, renderTopTasksBlocks(report));
  },
};
