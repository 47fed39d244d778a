import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { WireEvent } from './bench-data.js';

export interface IngestTotals {
  events: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  ms: number;
}

interface BatchSummary {
  accepted: number;
  duplicates: number;
  rejected: unknown[];
}

/** One POST /v1/events; anything but 200 stops the bench (a load test that hides errors lies). */
export async function postBatch(baseUrl: string, token: string, events: readonly WireEvent[]): Promise<BatchSummary> {
  const res = await fetch(`${baseUrl}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ events }),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`POST /v1/events answered ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as BatchSummary;
}

/**
 * `clients` concurrent senders take batches from one stream until it ends or `limit` events were
 * sent. Generation happens in this process, on the clients' turn, as a gateway's would.
 */
export async function ingestOverHttp(
  baseUrl: string,
  token: string,
  batches: Iterator<WireEvent[]>,
  clients: number,
  limit: number,
): Promise<IngestTotals> {
  const totals: IngestTotals = { events: 0, accepted: 0, duplicates: 0, rejected: 0, ms: 0 };
  const start = performance.now();
  const client = async () => {
    while (totals.events < limit) {
      const next = batches.next();
      if (next.done) return;
      totals.events += next.value.length;
      const s = await postBatch(baseUrl, token, next.value);
      totals.accepted += s.accepted;
      totals.duplicates += s.duplicates;
      totals.rejected += s.rejected.length;
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  totals.ms = performance.now() - start;
  return totals;
}

/** Writes the remaining batches as JSONL, the input `tally ingest` takes. */
export async function writeJsonl(file: string, batches: Iterator<WireEvent[]>): Promise<number> {
  const out = createWriteStream(file);
  let count = 0;
  for (let next = batches.next(); !next.done; next = batches.next()) {
    const chunk = next.value.map((e) => JSON.stringify(e)).join('\n') + '\n';
    count += next.value.length;
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return count;
}

/** Runs the real CLI (`tally ingest FILE`) as its own process against the bench database. */
export async function ingestWithCli(file: string, env: Record<string, string>): Promise<IngestTotals & { stderr: string }> {
  const start = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', 'ingest', file], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  const ms = performance.now() - start;
  if (code !== 0) throw new Error(`tally ingest exited with ${code}: ${stderr.slice(0, 500)}`);
  const s = JSON.parse(stdout) as BatchSummary;
  return { events: s.accepted + s.duplicates + s.rejected.length, accepted: s.accepted, duplicates: s.duplicates, rejected: s.rejected.length, ms, stderr };
}
