import type { Config } from '../config.js';
import type { ScheduledJob } from './scheduled-job.js';

/** Every job the server schedules; each issue's job adds itself here. */
export function scheduledJobs(_config: Config): ScheduledJob[] {
  return [];
}
