import type { KnownBlock } from '@slack/types';
import { isUserError } from '../../errors.js';
import type { Logger } from '../../log.js';
import { renderHelpBlocks } from '../../render/help-blocks.js';
import { escapeMrkdwn, textReply } from '../../render/message-blocks.js';
import { isDatabaseUnavailable } from '../../store/db.js';
import { countSlackApiError } from '../slack-web.js';
import type { CostReply, CostRequest } from './cost-subcommand.js';
import { costSubcommands } from './cost-subcommands.js';

export interface CostAnswer extends CostReply {
  responseType: 'ephemeral' | 'in_channel';
}

const MAX_TEXT = 500;
let lastUnavailableLog = 0;

/** Splits `/cost` text into words; `share` anywhere asks for an in-channel answer. */
export function parseCostText(text: string): { name: string; args: string[]; share: boolean } {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const share = words.some((w) => w.toLowerCase() === 'share');
  const rest = words.filter((w) => w.toLowerCase() !== 'share');
  return { name: (rest[0] ?? 'help').toLowerCase(), args: rest.slice(1), share };
}

/**
 * parse → subcommand (service + render) → answer, with the one error policy for every subcommand:
 * a UserError is shown as is with the right usage line, the database being down gets its own
 * message, anything else is logged with the request id and shown as "something went wrong".
 */
export async function dispatchCost(
  text: string,
  base: Omit<CostRequest, 'args' | 'share'>,
  log: Logger,
  requestId: string,
): Promise<CostAnswer> {
  const subcommands = costSubcommands();
  if (text.length > MAX_TEXT) {
    return { ...renderHelpBlocks(subcommands, `That request is too long (${text.length} characters); /cost takes a few words.`), responseType: 'ephemeral' };
  }
  const { name, args, share } = parseCostText(text);
  const sub = subcommands.find((s) => s.name === name);
  if (!sub) {
    const shown = name.length > 40 ? `${name.slice(0, 40)}…` : name;
    return { ...renderHelpBlocks(subcommands, `I don't know "/cost ${shown}".`), responseType: 'ephemeral' };
  }
  try {
    const reply = await sub.run({ ...base, args, share });
    return { ...reply, responseType: share && !reply.ephemeralOnly ? 'in_channel' : 'ephemeral' };
  } catch (err) {
    countSlackApiError(base.deps.metrics, `/cost ${sub.name}`, err);
    return { ...errorReply(err, sub.usage, log, requestId), responseType: 'ephemeral' };
  }
}

function errorReply(err: unknown, usage: string, log: Logger, requestId: string): { text: string; blocks: KnownBlock[] } {
  if (isUserError(err)) return textReply(`${escapeMrkdwn(err.message)}\nUsage: \`${escapeMrkdwn(usage)}\``);
  if (isDatabaseUnavailable(err)) {
    if (Date.now() - lastUnavailableLog > 60_000) {
      lastUnavailableLog = Date.now();
      log.error('cost data unavailable: database unreachable', { requestId, err: (err as Error).message });
    }
    return textReply(':hourglass: Cost data is temporarily unavailable. Please try again in a minute.');
  }
  log.error('/cost failed', { requestId, err });
  return textReply(`:x: Something went wrong on our side. If it keeps happening, give your platform team this reference: \`${requestId}\`.`);
}
