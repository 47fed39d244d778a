import type { CostSubcommand } from './cost-subcommand.js';
import { costHelp } from './cost-help.js';

/** Every `/cost` subcommand, in the order help lists them. A function, so files can import each other freely. */
export function costSubcommands(): CostSubcommand[] {
  return [costHelp];
}
