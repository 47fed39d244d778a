import { formatUsd } from '../domain/format.js';
import type { FocusExport } from '../services/focus-export.js';
import { escapeMrkdwn, textReply } from './message-blocks.js';

/** The reply after a `/cost export`: what was sent where, with the total finance will check. */
export function renderFocusExportSentBlocks(file: FocusExport, fileName: string, destination: 'dm' | 'channel'): ReturnType<typeof textReply> {
  const where = destination === 'dm' ? 'to your DMs' : 'to this channel';
  const rows = `${file.items.length} ${file.items.length === 1 ? 'row' : 'rows'}`;
  return textReply(`:page_facing_up: Sent \`${escapeMrkdwn(fileName)}\` ${where}: FOCUS 1.2 CSV, ${rows}, ${formatUsd(file.totalNanos)} in total.`);
}
