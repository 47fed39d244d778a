import type { DigestContent } from '../services/digest-content.js';
import { renderBlocksAsText } from './blocks-text.js';
import { renderDigestBlocks } from './digest-blocks.js';

/** A digest for the terminal (dry runs, the demo): the Slack message as text, the chart as a sparkline. */
export function renderDigestText(content: DigestContent, channel?: string): string {
  const body = renderBlocksAsText(renderDigestBlocks(content, null).blocks);
  return channel ? `── to ${channel} ──\n${body}` : body;
}
