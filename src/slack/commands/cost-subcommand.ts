import type { KnownBlock } from '@slack/types';
import type { Viewer } from '../../domain/access.js';
import type { AppDeps } from '../../app-deps.js';

/** One `/cost` request after parsing: who asks, where, with which words. */
export interface CostRequest {
  deps: AppDeps;
  userId: string;
  channelId: string;
  /** Words after the subcommand name, `share` removed. */
  args: string[];
  share: boolean;
  now: Date;
  /** Email and user groups are looked up lazily (Slack calls), once per request. */
  viewer: () => Promise<Viewer>;
}

/** What every subcommand returns: Block Kit from a pure renderer plus the fallback text. */
export interface CostReply {
  text: string;
  blocks: KnownBlock[];
  /** Set when the answer must stay private even if `share` was asked for (refusals, errors). */
  ephemeralOnly?: boolean;
}

export interface CostSubcommand {
  name: string;
  /** e.g. `/cost team <key> [period]` */
  usage: string;
  summary: string;
  run(req: CostRequest): Promise<CostReply>;
}
