import { mayShareIn, type ShareScope } from '../../domain/share-policy.js';
import { context } from '../../render/message-blocks.js';
import { renderAccessRefusalBlocks } from '../../render/access-refusal-blocks.js';
import type { RenderedMessage } from '../../render/team-summary-blocks.js';
import type { AccessRefusal } from '../../services/access-refusal.js';
import { loadAskContext, type AskContext } from '../../services/ask-context.js';
import type { CostReply, CostRequest } from './cost-subcommand.js';

/** What the `/cost` subcommands share between parsing and rendering: the context, refusals, `share`. */

export function askContextFor(req: CostRequest): Promise<AskContext> {
  return loadAskContext(req.deps.db, req.viewer, req.now);
}

/** Refusals stay private whatever was asked. */
export function refusalReply(refusal: AccessRefusal): CostReply {
  return { ...renderAccessRefusalBlocks(refusal), ephemeralOnly: true };
}

const NOT_SHARED =
  ':information_source: Only you can see this: team figures are posted only in the team’s own channel, by its members or an admin.';

/** Applies the share policy (see domain/share-policy.ts): a refused `share` answers privately with a note. */
export function shareableReply(req: CostRequest, ctx: AskContext, scope: ShareScope, message: RenderedMessage): CostReply {
  if (!req.share || mayShareIn(ctx.viewer, ctx.org, scope, req.channelId)) return message;
  return { ...message, blocks: [...message.blocks, context(NOT_SHARED)], ephemeralOnly: true };
}
