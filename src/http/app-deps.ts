import type { Config } from '../config.js';
import type { PriceTable } from '../domain/prices.js';
import type { Logger } from '../log.js';
import type { Db } from '../store/db.js';
import type { TokenRateLimiter } from './ingest-auth.js';

/** What request handlers and jobs share: built once in main.ts (or a test), passed down explicitly. */
export interface AppDeps {
  db: Db;
  config: Config;
  prices: PriceTable;
  log: Logger;
  /** The clock; tests and `--at` pin it. */
  now: () => Date;
  rateLimiter: TokenRateLimiter;
}
