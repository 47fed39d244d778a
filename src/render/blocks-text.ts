import type { KnownBlock } from '@slack/types';

function plain(mrkdwn: string): string {
  return mrkdwn
    .replace(/<([^|>]+)\|([^>]+)>/g, '$2')
    .replace(/<(https?:[^>]+)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/(^|\s)\*([^*\n]+)\*/g, '$1$2')
    .replace(/(^|\s)_([^_\n]+)_/g, '$1$2')
    .replace(/`/g, '');
}

/** Block Kit as terminal text: what `tally ask` and the demo print, so they show exactly what Slack shows. */
export function renderBlocksAsText(blocks: readonly KnownBlock[]): string {
  const out: string[] = [];
  for (const block of blocks) {
    switch (block.type) {
      case 'header':
        out.push(block.text.text.toUpperCase(), '');
        break;
      case 'section':
        if (block.text) out.push(plain(block.text.text));
        if (block.fields) out.push(block.fields.map((f) => plain(f.text)).join('\n'));
        out.push('');
        break;
      case 'context':
        out.push(block.elements.map((e) => ('text' in e ? plain(e.text) : '')).join('  '), '');
        break;
      case 'divider':
        out.push('─'.repeat(40));
        break;
      case 'actions':
        out.push(block.elements.map((e) => ('text' in e && e.text ? `[ ${e.text.text} ]` : '')).join(' '), '');
        break;
      case 'image':
        out.push(`[image: ${block.alt_text}]`, '');
        break;
      default:
        break;
    }
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}
