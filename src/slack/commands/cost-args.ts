import { looksLikePeriod } from '../../domain/periods.js';
import { UserError } from '../../errors.js';

/**
 * Argument shapes of the `/cost` subcommands. Pure: words in, named parts out; anything else is a
 * UserError the dispatcher shows with the subcommand's usage line.
 */

const MENTION = /^<[@#!][^>]*>$/;

function noExtra(args: readonly string[], allowed: number): void {
  if (args.length > allowed) {
    const extra = args.slice(allowed).join(' ');
    throw new UserError(`I didn't understand "${extra.length > 40 ? `${extra.slice(0, 40)}…` : extra}".`);
  }
}

function teamWord(word: string): string {
  if (MENTION.test(word)) throw new UserError('That looks like a mention; I take a team key such as `search` (for your own spend: `/cost me`).');
  return word;
}

/** `[period]` */
export function parsePeriodArgs(args: readonly string[]): { period?: string } {
  noExtra(args, 1);
  return { period: args[0] };
}

/** `<team> [period]` */
export function parseTeamArgs(args: readonly string[]): { team: string; period?: string } {
  const [first, period] = args;
  if (first === undefined || (looksLikePeriod(first) && args.length === 1)) throw new UserError('Which team? Give its key first.');
  noExtra(args, 2);
  return { team: teamWord(first), period };
}

/** `[team] [period]`: a first word that reads as a period is the period. */
export function parseOptionalTeamArgs(args: readonly string[]): { team: string | null; period?: string } {
  const [first, second] = args;
  if (first === undefined) return { team: null };
  if (looksLikePeriod(first)) {
    noExtra(args, 1);
    return { team: null, period: first };
  }
  noExtra(args, 2);
  return { team: teamWord(first), period: second };
}

const TAG = /^([^=\s]{1,100})=([^=\s]{1,200})$/;

/** `<key>=<value> [period]` */
export function parseTagArgs(args: readonly string[]): { tag: { key: string; value: string }; period?: string } {
  const [first, period] = args;
  const match = first === undefined ? null : TAG.exec(first);
  if (!match?.[1] || !match[2]) throw new UserError('Give the tag as key=value, e.g. `env=prod`.');
  noExtra(args, 2);
  return { tag: { key: match[1], value: match[2] }, period };
}

const TASK_ID_MAX = 200;

/** `<task_id>` */
export function parseTaskArgs(args: readonly string[]): { taskId: string } {
  const [taskId] = args;
  if (taskId === undefined) throw new UserError('Which task? Give its task_id.');
  if (taskId.length > TASK_ID_MAX) throw new UserError(`A task id is at most ${TASK_ID_MAX} characters.`);
  noExtra(args, 1);
  return { taskId };
}
