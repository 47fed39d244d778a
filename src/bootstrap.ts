import type { Config } from './config.js';
import { TokenRateLimiter } from './http/ingest-auth.js';
import type { AppDeps } from './app-deps.js';
import { loadPriceTable } from './ingest/load-prices.js';
import { readTeamsFile } from './ingest/teams-file.js';
import { createLogger, redactUrl, type Logger, type LoggerOptions } from './log.js';
import { createMetrics } from './metrics.js';
import { applyTeamsFile, applyTimezone } from './services/apply-teams-file.js';
import { connectDb, type Db } from './store/db.js';
import { startEmbeddedPostgres } from './store/embedded-postgres.js';
import { latestEventAt } from './store/spend-store.js';
import { migrate } from './store/migrate.js';
import { createNotifier } from './slack/slack-app.js';

export const EMBEDDED_PG_PORT = 54329;

export interface OpenedDatabase {
  db: Db;
  url: string;
  close(): Promise<void>;
}

/** DATABASE_URL when set, else the embedded server under TALLY_DATA_DIR; migrated before use. */
export async function openDatabase(config: Config, log: Logger): Promise<OpenedDatabase> {
  let url = config.databaseUrl;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!url) {
    const embedded = await startEmbeddedPostgres(config.dataDir, EMBEDDED_PG_PORT);
    url = embedded.url;
    stopEmbedded = embedded.stop;
    log.info('using embedded Postgres', { dataDir: config.dataDir, url: redactUrl(url) });
  }
  const db = connectDb(url, { onConnectionError: (err) => log.warn('idle database connection lost', { err: err.message }) });
  try {
    const applied = await migrate(db);
    if (applied.length > 0) log.info('migrations applied', { applied });
  } catch (err) {
    await db.close();
    await stopEmbedded?.();
    throw err;
  }
  return {
    db,
    url,
    async close() {
      await db.close();
      await stopEmbedded?.();
    },
  };
}

/** The process logger: every configured secret is masked in whatever it writes. */
export function loggerFor(config: Config, options: Pick<LoggerOptions, 'level' | 'write'> = {}): Logger {
  return createLogger({
    level: options.level ?? config.logLevel,
    write: options.write,
    secrets: [
      ...config.ingestTokens.map((t) => t.token),
      config.slack.kind !== 'off' ? config.slack.botToken : undefined,
      config.slack.kind === 'http' ? config.slack.signingSecret : undefined,
      config.slack.kind === 'socket' ? config.slack.appToken : undefined,
      passwordOf(config.databaseUrl),
      passwordOf(config.litellmUrl),
    ],
  });
}

function passwordOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Applies teams.yml (when configured) or an explicit TALLY_TIMEZONE, so the org calendar is right before
 * serving. With neither, the stored calendar is left alone: a CLI run must not undo `tally teams apply`.
 */
export async function applyDirectory(db: Db, config: Config, log: Logger): Promise<void> {
  if (config.teamsFile) {
    const summary = await applyTeamsFile(db, await readTeamsFile(config.teamsFile), config.timezone);
    log.info('teams file applied', { file: config.teamsFile, ...summary });
  } else if (config.timezone && (await applyTimezone(db, config.timezone))) {
    log.info('org timezone changed; rollups re-dated', { timezone: config.timezone });
  }
}

export async function buildDeps(config: Config, db: Db, log: Logger, now: () => Date = () => new Date()): Promise<AppDeps> {
  const metrics = createMetrics({ newestEventAt: () => latestEventAt(db, null), now });
  return {
    db,
    config,
    prices: await loadPriceTable(config.pricesFile),
    log,
    now,
    rateLimiter: new TokenRateLimiter(config.ingestRatePerMinute),
    notifier: config.slack.kind === 'off' ? null : createNotifier(config.slack, { log, metrics }),
    metrics,
  };
}
