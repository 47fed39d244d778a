import type { Config } from '../config.js';
import { litellmSyncJob } from './litellm-sync-job.js';
import type { ScheduledJob } from './scheduled-job.js';

/** Every job the server schedules; each issue's job adds itself here. */
export function scheduledJobs(_config: Config): ScheduledJob[] {
  return [...(_config.litellmUrl ? [litellmSyncJob] : [])];
}
