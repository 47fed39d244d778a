import type { AppDeps } from '../app-deps.js';
import { connectDb, type Db } from '../store/db.js';
import { advanceLitellmCursor, findLitellmCursor } from '../store/litellm-cursors-store.js';
import { readSpendLogPage, spendLogColumns, type SpendLogPosition } from '../store/litellm-source-store.js';
import { getOrgSettings } from '../store/teams-store.js';
import { ingestEvents, type RejectedEvent } from './ingest-events.js';
import { mapSpendLog } from './litellm-mapping.js';

/**
 * LiteLLM writes spend logs from an in-memory queue after each request ends, per proxy replica, so a
 * row can land minutes after rows with a later "startTime". Each sync re-reads this window behind its
 * cursor; the re-read rows are duplicates by id and change nothing.
 */
export const LITELLM_LOOKBACK_MS = 30 * 60 * 1000;
export const LITELLM_BATCH_SIZE = 1_000;
const MAX_REJECTION_SAMPLES = 10;

export interface LitellmImportOptions {
  now: Date;
  /** Start here (ISO instant) instead of the stored cursor; re-reading is safe. */
  since?: Date;
  lookbackMs?: number;
  batchSize?: number;
  /** Stop after this many batches (the next run resumes from the cursor). */
  maxBatches?: number;
}

export interface LitellmImportSummary {
  source: string;
  batches: number;
  read: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  rejectedSamples: RejectedEvent[];
  tagWarnings: number;
  cursor: SpendLogPosition | null;
}

/** The cursor's key: where the LiteLLM database lives, never its credentials. */
export function litellmSourceKey(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    throw new Error('the LiteLLM database URL is not a valid postgres:// URL');
  }
}

function positionAt(instant: Date): SpendLogPosition {
  return { startTime: instant.toISOString().slice(0, -1), requestId: '' };
}

function behind(position: SpendLogPosition, ms: number): SpendLogPosition {
  return positionAt(new Date(Date.parse(`${position.startTime}Z`) - ms));
}

/** Reads the source page by page through the real ingest path, saving the cursor after every page. */
export async function importLitellmSpend(deps: AppDeps, source: Db, sourceKey: string, options: LitellmImportOptions): Promise<LitellmImportSummary> {
  const batchSize = options.batchSize ?? LITELLM_BATCH_SIZE;
  const columns = await spendLogColumns(source);
  const teams = { map: (await getOrgSettings(deps.db)).config.litellmTeamMap ?? {} };
  const stored = await findLitellmCursor(deps.db, sourceKey);
  let after = options.since ? positionAt(options.since) : stored ? behind(stored, options.lookbackMs ?? LITELLM_LOOKBACK_MS) : null;
  const summary: LitellmImportSummary = {
    source: sourceKey, batches: 0, read: 0, accepted: 0, duplicates: 0, rejected: 0, rejectedSamples: [], tagWarnings: 0, cursor: stored,
  };
  for (;;) {
    if (options.maxBatches !== undefined && summary.batches >= options.maxBatches) break;
    const rows = await readSpendLogPage(source, columns, after, batchSize);
    if (rows.length === 0) break;
    const mapped = rows.map((row) => mapSpendLog(row, teams));
    const result = await ingestEvents(deps.db, mapped.map((m) => m.event), { now: options.now, prices: deps.prices });
    const last = rows[rows.length - 1]!;
    after = { startTime: last.start_time, requestId: last.request_id };
    // A rejected row (e.g. a timestamp before 2020) is counted and passed: it would fail the same way forever.
    await advanceLitellmCursor(deps.db, sourceKey, after, rows.length);
    summary.batches += 1;
    summary.read += rows.length;
    summary.accepted += result.accepted;
    summary.duplicates += result.duplicates;
    summary.rejected += result.rejected.length;
    summary.rejectedSamples.push(...result.rejected.slice(0, MAX_REJECTION_SAMPLES - summary.rejectedSamples.length));
    summary.tagWarnings += mapped.reduce((n, m) => n + m.tagWarnings, 0);
    if (rows.length < batchSize) break;
  }
  summary.cursor = await findLitellmCursor(deps.db, sourceKey);
  if (summary.tagWarnings > 0) deps.log.warn('litellm import: tags clipped or dropped to fit the event contract', { count: summary.tagWarnings });
  if (summary.rejected > 0) deps.log.warn('litellm import: rows rejected', { count: summary.rejected, samples: summary.rejectedSamples });
  return summary;
}

/** Opens the LiteLLM database for one run (one connection: reads are sequential) and closes it after. */
export async function importFromLitellmUrl(deps: AppDeps, url: string, options: LitellmImportOptions): Promise<LitellmImportSummary> {
  const sourceKey = litellmSourceKey(url);
  const source = connectDb(url, { max: 1, applicationName: 'tally-litellm-import' });
  try {
    return await importLitellmSpend(deps, source, sourceKey, options);
  } finally {
    await source.close();
  }
}
