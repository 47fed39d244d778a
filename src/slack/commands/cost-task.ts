import { renderTaskDetailBlocks } from '../../render/task-detail-blocks.js';
import { isRefusal } from '../../services/access-refusal.js';
import { taskDetail } from '../../services/task-detail.js';
import { parseTaskArgs } from './cost-args.js';
import { askContextFor, refusalReply, shareableReply } from './cost-reply.js';
import type { CostSubcommand } from './cost-subcommand.js';

export const costTask: CostSubcommand = {
  name: 'task',
  usage: '/cost task <task_id>',
  summary: 'one task: calls, tokens, tools, errors, $, duration, models',
  async run(req) {
    const args = parseTaskArgs(req.args);
    const ctx = await askContextFor(req);
    const detail = await taskDetail(ctx, args.taskId);
    if (isRefusal(detail)) return refusalReply(detail);
    const teams = ctx.teams.filter((t) => t.key === detail.teamKey);
    return shareableReply(req, ctx, { kind: 'teams', teams }, renderTaskDetailBlocks(detail));
  },
};
