import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { UserError } from '../errors.js';
import { MAX_EVENTS_PER_BATCH } from '../ingest/event-schema.js';
import { ingestEvents } from '../ingest/ingest-events.js';
import type { CliCommand } from './cli-kit.js';

interface LineRejection {
  line: number;
  id: string | null;
  error: string;
}

/** Reads JSONL in batches of the API's size; blank lines are skipped, a line that is not JSON is rejected. */
export const ingestCommand: CliCommand = {
  name: 'ingest',
  usage: 'tally ingest FILE.jsonl',
  summary: 'load usage events from a JSONL file (same validation and idempotency as POST /v1/events)',
  async run({ positionals }, ctx) {
    const [file] = positionals;
    if (!file) throw new UserError(`usage: ${this.usage}`);
    await access(file).catch(() => {
      throw new UserError(`cannot read ${file}`);
    });
    const deps = await ctx.deps();
    let accepted = 0;
    let duplicates = 0;
    const rejected: LineRejection[] = [];
    let batch: unknown[] = [];
    let batchLines: number[] = [];
    const flush = async () => {
      const s = await ingestEvents(deps.db, batch, { now: ctx.now, prices: deps.prices });
      accepted += s.accepted;
      duplicates += s.duplicates;
      rejected.push(...s.rejected.map((r) => ({ line: batchLines[r.index] ?? 0, id: r.id, error: r.error })));
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
        rejected.push({ line: lineNo, id: null, error: 'not valid JSON' });
        continue;
      }
      batch.push(parsed);
      batchLines.push(lineNo);
      if (batch.length >= MAX_EVENTS_PER_BATCH) await flush();
    }
    if (batch.length > 0) await flush();
    rejected.sort((a, b) => a.line - b.line);
    ctx.out(JSON.stringify({ accepted, duplicates, rejected }, null, 2));
    return rejected.length > 0 ? 1 : 0;
  },
};
