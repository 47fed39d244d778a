import type { App } from '@slack/bolt';
import { registerCostCommand } from './commands/cost-command.js';
import type { SlackContext } from './slack-context.js';

/** Every listener, by surface; each registrar lives in its surface's folder. */
export function registerListeners(app: App, ctx: SlackContext): void {
  registerCostCommand(app, ctx);
}
