import type { AppDeps } from '../app-deps.js';

/** A job the server runs on a cron schedule; `run` must be idempotent for a given `now`. */
export interface ScheduledJob {
  name: string;
  cron: string;
  run(deps: AppDeps, now: Date): Promise<unknown>;
}
