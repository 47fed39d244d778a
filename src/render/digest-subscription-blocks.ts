import type { DigestCadence } from '../domain/digest-period.js';
import { escapeMrkdwn, textReply } from './message-blocks.js';

export interface SubscriptionChange {
  channel: string;
  teamName: string;
  teamKey: string;
  cadence: DigestCadence;
  /** When the digest is posted, in words ("Mondays at 09:00 (Europe/Berlin)"). */
  schedule: string;
}

export function renderSubscribedBlocks(c: SubscriptionChange) {
  return textReply(
    `:white_check_mark: <#${c.channel}> now gets *${escapeMrkdwn(c.teamName)}*'s ${c.cadence} spend digest, ${escapeMrkdwn(c.schedule)}.\n` +
      `Make sure I'm in this channel (\`/invite @Tally\`), or I can't post here. Stop it with \`/cost unsubscribe ${escapeMrkdwn(c.teamKey)}\`.`,
  );
}

export function renderUnsubscribedBlocks(c: { channel: string; teamName: string }) {
  return textReply(`:no_bell: <#${c.channel}> no longer gets *${escapeMrkdwn(c.teamName)}*'s spend digest.`);
}

export function renderSubscriptionRefusalBlocks(teamName: string) {
  return textReply(`:lock: Only *${escapeMrkdwn(teamName)}*'s owners, members and Tally admins can change where its digest is posted.`);
}
