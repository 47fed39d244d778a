import { teamsOf } from '../../domain/access.js';
import { parsePeriod } from '../../domain/periods.js';
import { renderTagSummaryBlocks } from '../../render/tag-summary-blocks.js';
import { isRefusal } from '../../services/access-refusal.js';
import { tagSpendSummary } from '../../services/tag-spend-summary.js';
import { parseTagArgs } from './cost-args.js';
import { askContextFor, refusalReply, shareableReply } from './cost-reply.js';
import type { CostSubcommand } from './cost-subcommand.js';

export const costTag: CostSubcommand = {
  name: 'tag',
  usage: '/cost tag <key>=<value> [period]',
  summary: 'spend carrying one tag, by team',
  async run(req) {
    const args = parseTagArgs(req.args);
    const ctx = await askContextFor(req);
    const answer = await tagSpendSummary(ctx, args.tag, parsePeriod(args.period, ctx.now, ctx.org.timezone));
    if (isRefusal(answer)) return refusalReply(answer);
    return shareableReply(req, ctx, { kind: 'teams', teams: teamsOf(ctx.viewer, ctx.teams) }, renderTagSummaryBlocks(answer));
  },
};
