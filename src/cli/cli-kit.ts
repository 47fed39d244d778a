import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Config } from '../config.js';
import type { AppDeps } from '../app-deps.js';
import type { Logger } from '../log.js';
import { UserError } from '../errors.js';

export type CliOptions = NonNullable<ParseArgsConfig['options']>;

export interface CliContext {
  config: Config;
  log: Logger;
  /** "now" for this invocation: `--at ISO` or the wall clock. */
  now: Date;
  out: (text: string) => void;
  /** Opens the database (embedded when DATABASE_URL is unset), migrated; the CLI closes it afterwards. */
  deps: () => Promise<AppDeps>;
}

export interface CliCommand {
  name: string;
  usage: string;
  summary: string;
  options?: CliOptions;
  run(args: { positionals: string[]; values: Record<string, string | boolean | undefined> }, ctx: CliContext): Promise<number>;
}

export function parseCommandArgs(command: CliCommand, argv: string[]) {
  try {
    const { positionals, values } = parseArgs({
      args: argv,
      options: { at: { type: 'string' }, ...command.options },
      allowPositionals: true,
      strict: true,
    });
    return { positionals, values: values as Record<string, string | boolean | undefined> };
  } catch (err) {
    throw new UserError(`${(err as Error).message}\nusage: ${command.usage}`);
  }
}

export function parseAt(value: string | boolean | undefined): Date {
  if (value === undefined) return new Date();
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value)) || !/^\d{4}-\d{2}-\d{2}/.test(value)) {
    throw new UserError('--at must be an ISO-8601 instant, e.g. 2026-03-01T09:00:00Z');
  }
  return new Date(value);
}

export function requireString(values: Record<string, unknown>, name: string, usage: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v.length === 0) throw new UserError(`--${name} is required\nusage: ${usage}`);
  return v;
}
