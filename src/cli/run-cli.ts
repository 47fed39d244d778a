import { ConfigError, loadConfig } from '../config.js';
import { applyDirectory, buildDeps, loggerFor, openDatabase, type OpenedDatabase } from '../bootstrap.js';
import { isUserError } from '../errors.js';
import type { AppDeps } from '../app-deps.js';
import { parseAt, parseCommandArgs, type CliCommand } from './cli-kit.js';
import { commands } from './commands.js';

function helpText(): string {
  const width = Math.max(...commands.map((c) => c.usage.length));
  return ['usage: tally <command> [options]   (job commands take --at ISO to set "now")', '', ...commands.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`)].join('\n');
}

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env?: Record<string, string | undefined>;
}

/** Runs one `tally` invocation; returns the exit code. User mistakes print a message, never a stack. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.out(helpText());
    return name ? 0 : 2;
  }
  const command: CliCommand | undefined = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`unknown command "${name}"\n\n${helpText()}`);
    return 2;
  }
  let opened: OpenedDatabase | undefined;
  try {
    const config = loadConfig(io.env ?? process.env);
    // The CLI's own output is the product; logs go to stderr and only for warnings.
    const log = loggerFor(config, { level: config.logLevel === 'debug' ? 'debug' : 'warn', write: (l) => io.err(l) });
    const args = parseCommandArgs(command, rest);
    const now = parseAt(args.values.at);
    let deps: AppDeps | undefined;
    return await command.run(args, {
      config,
      log,
      now,
      out: io.out,
      deps: async () => {
        if (!deps) {
          opened = await openDatabase(config, loggerFor({ ...config, logLevel: 'warn' }));
          await applyDirectory(opened.db, config, log);
          deps = await buildDeps(config, opened.db, log, () => now);
        }
        return deps;
      },
    });
  } catch (err) {
    if (isUserError(err) || err instanceof ConfigError) {
      io.err(`tally ${name}: ${err.message}`);
      return 1;
    }
    io.err(`tally ${name}: unexpected error: ${(err as Error).message}`);
    if (process.env.TALLY_DEBUG) io.err(String((err as Error).stack));
    return 1;
  } finally {
    await opened?.close();
  }
}
