import type { AppDeps } from '../app-deps.js';
import { importFromLitellmUrl, type LitellmImportSummary } from '../ingest/litellm-import.js';
import type { ScheduledJob } from './scheduled-job.js';

/** Incremental LiteLLM import from TALLY_LITELLM_URL: resumes at the stored cursor minus the look-back. */
export async function syncLitellm(deps: AppDeps, now: Date): Promise<LitellmImportSummary | { skipped: string }> {
  const url = deps.config.litellmUrl;
  if (!url) return { skipped: 'TALLY_LITELLM_URL is not set' };
  return importFromLitellmUrl(deps, url, { now });
}

export const litellmSyncJob: ScheduledJob = { name: 'litellm-sync', cron: '*/5 * * * *', run: syncLitellm };
