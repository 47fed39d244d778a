import type { Config } from './config.js';
import type { PriceTable } from './domain/prices.js';
import type { TokenRateLimiter } from './http/ingest-auth.js';
import type { Logger } from './log.js';
import type { Metrics } from './metrics.js';
import type { SlackNotifier } from './slack/slack-notifier.js';
import type { Db } from './store/db.js';

/** What request handlers, listeners and jobs share: built once in main.ts, the CLI or a test. */
export interface AppDeps {
  db: Db;
  config: Config;
  prices: PriceTable;
  log: Logger;
  /** The clock; tests and `--at` pin it. */
  now: () => Date;
  rateLimiter: TokenRateLimiter;
  /** Posts and DMs for jobs; null when Slack is not configured (jobs then report instead of posting). */
  notifier: SlackNotifier | null;
  /** Prometheus series served on /metrics. */
  metrics: Metrics;
}
