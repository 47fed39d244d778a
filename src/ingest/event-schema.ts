import { z } from 'zod';
import type { UnpricedEvent } from '../domain/usage-event.js';

export const MAX_EVENTS_PER_BATCH = 5_000;
export const MAX_BODY_BYTES = 5 * 1024 * 1024;
export const EARLIEST_TIMESTAMP = new Date('2020-01-01T00:00:00Z');
export const MAX_FUTURE_MS = 24 * 60 * 60 * 1000;
// Far above any real call; a value past these is a unit or encoding bug upstream, not spend.
const MAX_TOKENS = 100_000_000;
const MAX_TOOL_CALLS = 100_000;
const MAX_COST_USD = 100_000;

export const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

// Postgres text and jsonb cannot hold NUL or an unpaired UTF-16 surrogate: refused here, per field, with
// a reason, instead of failing the whole batch's statement.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
export const UNSTORABLE_TEXT = 'must not contain NUL characters or broken Unicode';
export function isStorableText(s: string): boolean {
  return !UNSTORABLE.test(s);
}

/**
 * Date.parse rolls impossible dates over (2026-02-30 becomes March 2nd), which would file spend under
 * the wrong day; the calendar fields must survive a round trip. Expects a string matching ISO_WITH_OFFSET.
 */
export function isRealInstant(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(s);
  if (!m || Number.isNaN(Date.parse(s))) return false;
  const [y, mo, d, h, mi, sec] = m.slice(1).map((v) => Number(v ?? 0)) as [number, number, number, number, number, number];
  const utc = new Date(Date.UTC(y, mo - 1, d, h, mi, sec));
  return utc.getUTCMonth() === mo - 1 && utc.getUTCDate() === d && utc.getUTCHours() === h && utc.getUTCMinutes() === mi && utc.getUTCSeconds() === sec;
}

const label = z
  .string()
  .max(200, 'must be at most 200 characters')
  .refine(isStorableText, UNSTORABLE_TEXT)
  .transform((s) => s.trim())
  .nullish()
  .transform((s) => (s ? s : null));
const count = (max: number) =>
  z
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(0, 'must not be negative')
    .max(max, `must be at most ${max.toLocaleString('en-US')}`)
    .nullish()
    .transform((n) => n ?? 0);

export const rawEventSchema = z.object({
  id: z.string({ error: 'is required' }).trim().min(1, 'is required').max(200, 'must be at most 200 characters').refine(isStorableText, UNSTORABLE_TEXT),
  timestamp: z
    .string({ error: 'is required' })
    .regex(ISO_WITH_OFFSET, 'must be ISO-8601 with a UTC offset, e.g. 2026-03-01T12:00:00Z')
    .refine(isRealInstant, 'is not a real date'),
  team: label,
  product: label,
  user: label,
  task_id: label,
  task_type: label,
  model: label,
  provider: label,
  input_tokens: count(MAX_TOKENS),
  output_tokens: count(MAX_TOKENS),
  cache_read_tokens: count(MAX_TOKENS),
  cache_write_tokens: count(MAX_TOKENS),
  tool_calls: count(MAX_TOOL_CALLS),
  cost_usd: z
    .number({ error: 'must be a number' })
    .min(0, 'must not be negative')
    .max(MAX_COST_USD, `must be at most ${MAX_COST_USD} per call`)
    .nullish()
    .transform((n) => n ?? null),
  status: z.enum(['ok', 'error'], { error: "must be 'ok' or 'error'" }).nullish().transform((s) => s ?? 'ok'),
  tags: z
    .record(
      z.string().min(1, 'tag keys must not be empty').max(100, 'tag keys must be at most 100 characters').refine(isStorableText, `tag keys ${UNSTORABLE_TEXT}`),
      z.string({ error: 'tag values must be strings' }).max(200, 'tag values must be at most 200 characters').refine(isStorableText, `tag values ${UNSTORABLE_TEXT}`),
    )
    .refine((t) => Object.keys(t).length <= 50, 'must have at most 50 keys')
    .nullish()
    .transform((t) => t ?? {}),
});

export type RawEvent = z.input<typeof rawEventSchema>;

export type ParsedEvent = { ok: true; event: UnpricedEvent } | { ok: false; id: string | null; error: string };

/**
 * One line per problem. A bad record key reports the key's own rule (zod says only "Invalid key"), and
 * path segments are clipped: a client's 100 KB tag key must not come back in every answer.
 */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => {
      const path = i.path.map((p) => (String(p).length > 40 ? `${String(p).slice(0, 40)}…` : String(p))).join('.') || 'event';
      const message = i.code === 'invalid_key' ? i.issues.map((inner) => inner.message).join(', ') : i.message;
      return `${path}: ${message}`;
    })
    .join('; ');
}

/** The id a rejected item is reported with: echoed so clients can match it, clipped when over-long. */
export function reportedId(input: unknown): string | null {
  const given = input && typeof input === 'object' && typeof (input as { id?: unknown }).id === 'string' ? (input as { id: string }).id : null;
  return given === null ? null : given.slice(0, 200);
}

/** Why an instant is outside what Tally accepts (before 2020, over a day ahead of `now`), or null. */
export function timeBoundsProblem(occurredAt: Date, now: Date): string | null {
  if (occurredAt < EARLIEST_TIMESTAMP) return 'timestamp: must not be before 2020-01-01';
  if (occurredAt.getTime() > now.getTime() + MAX_FUTURE_MS) return 'timestamp: must not be more than a day in the future';
  return null;
}

/** Validates one event against the wire contract; time bounds need `now`, so they live here too. */
export function parseEvent(input: unknown, now: Date): ParsedEvent {
  const id = reportedId(input);
  if (!input || typeof input !== 'object' || Array.isArray(input)) return { ok: false, id, error: 'event: must be an object' };
  const result = rawEventSchema.safeParse(input);
  if (!result.success) return { ok: false, id, error: describeIssues(result.error) };
  const e = result.data;
  const occurredAt = new Date(e.timestamp);
  const outOfBounds = timeBoundsProblem(occurredAt, now);
  if (outOfBounds) return { ok: false, id, error: outOfBounds };
  return {
    ok: true,
    event: {
      id: e.id,
      occurredAt,
      team: e.team,
      product: e.product,
      user: e.user,
      taskId: e.task_id,
      taskType: e.task_type,
      model: e.model,
      provider: e.provider,
      inputTokens: e.input_tokens,
      outputTokens: e.output_tokens,
      cacheReadTokens: e.cache_read_tokens,
      cacheWriteTokens: e.cache_write_tokens,
      toolCalls: e.tool_calls,
      costUsd: e.cost_usd,
      status: e.status,
      tags: e.tags,
    },
  };
}
