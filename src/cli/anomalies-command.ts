import { UserError } from '../errors.js';
import { scanAnomalies } from '../jobs/anomaly-scan.js';
import { anomalyLine } from '../render/anomaly-blocks.js';
import { renderBlocksAsText } from '../render/blocks-text.js';
import { section } from '../render/message-blocks.js';
import type { CliCommand } from './cli-kit.js';

export const anomaliesCommand: CliCommand = {
  name: 'anomalies',
  usage: 'tally anomalies scan [--at ISO]',
  summary: 'judge yesterday and today so far for spend anomalies; post new ones to team channels',
  async run({ positionals }, ctx) {
    if (positionals[0] !== 'scan' || positionals.length > 1) throw new UserError(`usage: ${this.usage}`);
    const { anomalies, days, ...counts } = await scanAnomalies(await ctx.deps(), ctx.now);
    const scanned = days.map((d) => `${d.day}${d.partial ? ' (so far)' : ''}`).join(' and ');
    const list = anomalies.length > 0 ? anomalies.map((a) => anomalyLine(a)).join('\n') : 'No anomalies.';
    ctx.out(renderBlocksAsText([section(`Scanned ${scanned}.\n${list}`)]));
    ctx.out(JSON.stringify(counts));
    return 0;
  },
};
