import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { UserError } from '../errors.js';
import type { IngestSummary } from '../ingest/ingest-events.js';

export interface LineRejection {
  line: number;
  id: string | null;
  error: string;
}

export interface JsonlIngestSummary {
  accepted: number;
  duplicates: number;
  rejected: LineRejection[];
}

/**
 * Feeds a JSONL file to `ingestBatch` in batches of `batchSize` (the API's limit), reporting
 * rejections by line number: blank lines are skipped, a line that is not JSON is rejected.
 */
export async function ingestJsonlFile(
  file: string,
  batchSize: number,
  ingestBatch: (items: unknown[]) => Promise<IngestSummary>,
): Promise<JsonlIngestSummary> {
  await access(file).catch(() => {
    throw new UserError(`cannot read ${file}`);
  });
  const total: JsonlIngestSummary = { accepted: 0, duplicates: 0, rejected: [] };
  let batch: unknown[] = [];
  let batchLines: number[] = [];
  const flush = async () => {
    const s = await ingestBatch(batch);
    total.accepted += s.accepted;
    total.duplicates += s.duplicates;
    total.rejected.push(...s.rejected.map((r) => ({ line: batchLines[r.index] ?? 0, id: r.id, error: r.error })));
    batch = [];
    batchLines = [];
  };
  let lineNo = 0;
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    lineNo += 1;
    if (line.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      total.rejected.push({ line: lineNo, id: null, error: 'not valid JSON' });
      continue;
    }
    batch.push(parsed);
    batchLines.push(lineNo);
    if (batch.length >= batchSize) await flush();
  }
  if (batch.length > 0) await flush();
  total.rejected.sort((a, b) => a.line - b.line);
  return total;
}
