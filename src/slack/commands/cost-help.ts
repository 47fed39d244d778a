import { renderHelpBlocks } from '../../render/help-blocks.js';
import type { CostSubcommand } from './cost-subcommand.js';
import { costSubcommands } from './cost-subcommands.js';

export const costHelp: CostSubcommand = {
  name: 'help',
  usage: '/cost help',
  summary: 'what /cost can answer, with examples',
  async run() {
    return renderHelpBlocks(costSubcommands().map((s) => ({ usage: s.usage, summary: s.summary })));
  },
};
