import { parsePeriod } from '../../domain/periods.js';
import { renderUserSummaryBlocks } from '../../render/user-summary-blocks.js';
import { userSpendSummary } from '../../services/user-spend-summary.js';
import { parsePeriodArgs } from './cost-args.js';
import { askContextFor, shareableReply } from './cost-reply.js';
import type { CostSubcommand } from './cost-subcommand.js';

export const costMe: CostSubcommand = {
  name: 'me',
  usage: '/cost me [period]',
  summary: 'your own agent spend, by team, product and model',
  async run(req) {
    const args = parsePeriodArgs(req.args);
    const ctx = await askContextFor(req);
    const summary = await userSpendSummary(ctx, parsePeriod(args.period, ctx.now, ctx.org.timezone));
    return shareableReply(req, ctx, { kind: 'self' }, renderUserSummaryBlocks(summary));
  },
};
