import type { AccessRefusal } from '../services/access-refusal.js';
import { escapeMrkdwn, textReply } from './message-blocks.js';
import { personRef } from './spend-blocks.js';
import type { RenderedMessage } from './team-summary-blocks.js';

/** The polite "not for you": who can help, and not a single figure. */
export function renderAccessRefusalBlocks(r: AccessRefusal): RenderedMessage {
  const whom = r.askWhom.length > 0 ? r.askWhom.slice(0, 5).map(personRef).join(', ') : 'your platform team';
  const what = r.teamName
    ? `*${escapeMrkdwn(r.teamName)}*'s agent spend is shown to its owners, members and admins.`
    : "Figures across teams are for admins, and you're not in any team whose share I could show you.";
  return textReply(`:lock: Sorry — ${what} Ask ${whom} if you need access.`);
}
