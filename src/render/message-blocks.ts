import type { KnownBlock } from '@slack/types';

// Slack's limits: a section's text is capped at 3,000 characters, a message at 50 blocks.
export const MAX_SECTION_TEXT = 3000;
export const MAX_BLOCKS = 50;

/** Slack mrkdwn needs &, < and > escaped in anything a user or a gateway wrote. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function clip(text: string, max = MAX_SECTION_TEXT): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function section(markdown: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: clip(markdown) } };
}

export function header(text: string): KnownBlock {
  return { type: 'header', text: { type: 'plain_text', text: clip(text, 150), emoji: true } };
}

export function context(markdown: string): KnownBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: clip(markdown) }] };
}

export function divider(): KnownBlock {
  return { type: 'divider' };
}

/** A simple message: one section, fallback text the same. */
export function textReply(markdown: string): { text: string; blocks: KnownBlock[] } {
  return { text: markdown, blocks: [section(markdown)] };
}
