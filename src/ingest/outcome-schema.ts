import { z } from 'zod';
import { describeIssues, ISO_WITH_OFFSET, isRealInstant, isStorableText, reportedId, timeBoundsProblem, UNSTORABLE_TEXT } from './event-schema.js';

export { MAX_BODY_BYTES, MAX_EVENTS_PER_BATCH as MAX_OUTCOMES_PER_BATCH } from './event-schema.js';

// A count of tickets or PRs; anything near this is a unit bug upstream, not value.
const MAX_VALUE = 1_000_000_000;

/** An outcome as stored: what a team's agents achieved, optionally tied to the task that achieved it. */
export interface Outcome {
  id: string;
  occurredAt: Date;
  team: string;
  taskId: string | null;
  metric: string;
  value: number;
}

export const rawOutcomeSchema = z.object({
  id: z.string({ error: 'is required' }).trim().min(1, 'is required').max(200, 'must be at most 200 characters').refine(isStorableText, UNSTORABLE_TEXT),
  timestamp: z
    .string({ error: 'is required' })
    .regex(ISO_WITH_OFFSET, 'must be ISO-8601 with a UTC offset, e.g. 2026-03-01T12:00:00Z')
    .refine(isRealInstant, 'is not a real date'),
  team: z.string({ error: 'is required' }).trim().min(1, 'is required').max(200, 'must be at most 200 characters').refine(isStorableText, UNSTORABLE_TEXT),
  task_id: z
    .string({ error: 'must be a string' })
    .trim()
    .max(200, 'must be at most 200 characters')
    .refine(isStorableText, UNSTORABLE_TEXT)
    .nullish()
    .transform((s) => (s ? s : null)),
  metric: z.string({ error: 'is required' }).regex(/^[a-z0-9_.-]{1,100}$/, 'must be a metric name like tickets_resolved'),
  value: z
    .number({ error: 'must be a number' })
    .min(0, 'must not be negative')
    .max(MAX_VALUE, `must be at most ${MAX_VALUE.toLocaleString('en-US')}`),
});

export type ParsedOutcome = { ok: true; outcome: Outcome } | { ok: false; id: string | null; error: string };

/** Validates one outcome against the wire contract, with the same time bounds as events. */
export function parseOutcome(input: unknown, now: Date): ParsedOutcome {
  const id = reportedId(input);
  if (!input || typeof input !== 'object' || Array.isArray(input)) return { ok: false, id, error: 'outcome: must be an object' };
  const result = rawOutcomeSchema.safeParse(input);
  if (!result.success) return { ok: false, id, error: describeIssues(result.error) };
  const o = result.data;
  const occurredAt = new Date(o.timestamp);
  const outOfBounds = timeBoundsProblem(occurredAt, now);
  if (outOfBounds) return { ok: false, id, error: outOfBounds };
  return { ok: true, outcome: { id: o.id, occurredAt, team: o.team, taskId: o.task_id, metric: o.metric, value: o.value } };
}
