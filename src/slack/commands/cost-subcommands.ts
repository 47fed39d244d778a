import type { CostSubcommand } from './cost-subcommand.js';
import { costAdvice } from './cost-advice.js';
import { costBudget } from './cost-budget.js';
import { costExport } from './cost-export.js';
import { costHelp } from './cost-help.js';
import { costMe } from './cost-me.js';
import { costMyTeam } from './cost-myteam.js';
import { costSubscribe, costUnsubscribe } from './cost-subscribe.js';
import { costTag } from './cost-tag.js';
import { costTask } from './cost-task.js';
import { costTeam } from './cost-team.js';
import { costTop } from './cost-top.js';
import { costValue } from './cost-value.js';

/** Every `/cost` subcommand, in the order help lists them. A function, so files can import each other freely. */
export function costSubcommands(): CostSubcommand[] {
  return [costHelp, costMyTeam, costTeam, costMe, costTag, costTask, costTop, costValue, costAdvice, costBudget, costExport, costSubscribe, costUnsubscribe];
}
