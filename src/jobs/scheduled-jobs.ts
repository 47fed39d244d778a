import type { Config } from '../config.js';
import { anomalyScanJob } from './anomaly-scan.js';
import { budgetCheckJob } from './budget-check.js';
import { digestJob } from './digest-run.js';
import { litellmSyncJob } from './litellm-sync-job.js';
import { rawRetentionJob } from './raw-retention.js';
import type { ScheduledJob } from './scheduled-job.js';

/** Every job the server schedules; each issue's job adds itself here. */
export function scheduledJobs(_config: Config): ScheduledJob[] {
  return [...(_config.litellmUrl ? [litellmSyncJob] : []), anomalyScanJob(_config), budgetCheckJob(_config), digestJob(_config), rawRetentionJob];
}
