import type { App } from '@slack/bolt';
import { registerAnomalyActions } from './actions/anomaly-actions.js';
import { registerBudgetActions } from './actions/budget-actions.js';
import { registerCostCommand } from './commands/cost-command.js';
import { registerAppHome } from './events/app-home.js';
import type { SlackContext } from './slack-context.js';

/** Every listener, by surface; each registrar lives in its surface's folder. */
export function registerListeners(app: App, ctx: SlackContext): void {
  registerCostCommand(app, ctx);
  registerAppHome(app, ctx);
  registerAnomalyActions(app, ctx);
  registerBudgetActions(app, ctx);
}
