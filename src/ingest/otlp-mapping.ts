import { z } from 'zod';
import type { RawEvent } from './event-schema.js';

/**
 * OTLP/HTTP JSON `ExportTraceServiceRequest`, only as far as Tally reads it. Unknown fields pass:
 * exporters add fields between versions. int64s arrive as strings or numbers (proto3 JSON allows both).
 */
const int64 = z.union([z.string(), z.number()]);
const anyValue = z
  .object({ stringValue: z.string().optional(), intValue: int64.optional(), doubleValue: int64.optional(), boolValue: z.boolean().optional() })
  .loose();
const keyValue = z.object({ key: z.string(), value: anyValue.nullish() }).loose();
const attributes = z.array(keyValue).nullish().transform((a) => a ?? []);
const spanSchema = z
  .object({
    traceId: z.string().nullish(),
    spanId: z.string().nullish(),
    name: z.string().nullish(),
    startTimeUnixNano: int64.nullish(),
    attributes,
    status: z.object({ code: z.union([z.number(), z.string()]).nullish() }).loose().nullish(),
  })
  .loose();
export const exportTraceRequestSchema = z
  .object({
    resourceSpans: z
      .array(
        z
          .object({
            resource: z.object({ attributes }).loose().nullish(),
            scopeSpans: z.array(z.object({ spans: z.array(spanSchema).nullish() }).loose()).nullish(),
          })
          .loose(),
      )
      .nullish(),
  })
  .loose();

export type ExportTraceRequest = z.output<typeof exportTraceRequestSchema>;
type Attributes = z.output<typeof attributes>;
type OtlpSpan = z.output<typeof spanSchema>;

export interface OtlpMapping {
  events: RawEvent[];
  /** Spans without GenAI token usage (tool, agent, HTTP spans...): not spend, not errors. */
  ignoredSpans: number;
  /** execute_tool spans whose trace had no usage span in the same request. */
  unattachedToolCalls: number;
}

const STATUS_ERROR = 2;

function attributeMap(list: Attributes): Map<string, z.output<typeof anyValue>> {
  const map = new Map<string, z.output<typeof anyValue>>();
  for (const kv of list) if (kv.value) map.set(kv.key, kv.value);
  return map;
}

class SpanAttributes {
  private readonly own: ReturnType<typeof attributeMap>;
  constructor(
    span: Attributes,
    private readonly resource: ReturnType<typeof attributeMap>,
  ) {
    this.own = attributeMap(span);
  }

  string(key: string, fallbackToResource = false): string | null {
    const v = this.own.get(key) ?? (fallbackToResource ? this.resource.get(key) : undefined);
    const raw = v?.stringValue ?? v?.intValue ?? v?.doubleValue;
    return raw === undefined || String(raw).trim() === '' ? null : String(raw).trim();
  }

  /** A count, whatever OTLP value kind carried it; non-numbers stay as given so validation names them. */
  number(key: string): number | undefined {
    const v = this.own.get(key);
    const raw = v?.intValue ?? v?.doubleValue ?? v?.stringValue;
    if (raw === undefined) return undefined;
    const n = Number(raw);
    return Number.isFinite(n) ? n : Number.NaN;
  }

  has(key: string): boolean {
    return this.own.has(key);
  }
}

function isoFromUnixNano(value: string | number | null | undefined): string | undefined {
  if (value === null || value === undefined || !/^\d+$/.test(String(value))) return undefined;
  const ms = BigInt(String(value)) / 1_000_000n;
  if (ms <= 0n || ms > 8_640_000_000_000_000n) return undefined;
  return new Date(Number(ms)).toISOString();
}

function isError(status: OtlpSpan['status']): boolean {
  return status?.code === STATUS_ERROR || status?.code === 'STATUS_CODE_ERROR';
}

interface Candidate {
  span: OtlpSpan;
  attrs: SpanAttributes;
  traceId: string;
  start: bigint;
}

function startOf(span: OtlpSpan): bigint {
  return /^\d+$/.test(String(span.startTimeUnixNano ?? '')) ? BigInt(String(span.startTimeUnixNano)) : 0n;
}

function byStart(a: Candidate, b: Candidate): number {
  return a.start === b.start ? String(a.span.spanId).localeCompare(String(b.span.spanId)) : a.start < b.start ? -1 : 1;
}

/**
 * Each execute_tool span counts once, on the usage span that asked for it: the latest one in the same
 * trace that started at or before the tool ran (else the trace's first). Tool counts therefore sum to
 * the number of tool spans, however many model calls the trace made.
 */
function toolCallsBySpan(usage: Candidate[], tools: Candidate[]): { counts: Map<Candidate, number>; unattached: number } {
  const counts = new Map<Candidate, number>();
  let unattached = 0;
  const byTrace = new Map<string, Candidate[]>();
  for (const c of [...usage].sort(byStart)) byTrace.set(c.traceId, [...(byTrace.get(c.traceId) ?? []), c]);
  for (const tool of tools) {
    const calls = byTrace.get(tool.traceId);
    if (!calls) {
      unattached += 1;
      continue;
    }
    const owner = calls.filter((c) => c.start <= tool.start).pop() ?? calls[0]!;
    counts.set(owner, (counts.get(owner) ?? 0) + 1);
  }
  return { counts, unattached };
}

function eventFrom(c: Candidate, toolCalls: number): RawEvent {
  const a = c.attrs;
  const input = a.number('gen_ai.usage.input_tokens') ?? 0;
  const cacheRead = a.number('gen_ai.usage.cache_read.input_tokens') ?? 0;
  const cacheWrite = a.number('gen_ai.usage.cache_creation.input_tokens') ?? 0;
  return {
    id: (c.span.spanId ?? '').toLowerCase(),
    // Missing or zero: left undefined so validation rejects the span with "timestamp: is required".
    timestamp: isoFromUnixNano(c.span.startTimeUnixNano) as string,
    team: a.string('tally.team', true),
    product: a.string('tally.product', true),
    user: a.string('user.id', true) ?? a.string('enduser.id', true),
    task_id: a.string('tally.task_id', true) ?? a.string('gen_ai.conversation.id') ?? (c.traceId || null),
    task_type: a.string('tally.task_type', true),
    model: a.string('gen_ai.response.model') ?? a.string('gen_ai.request.model'),
    provider: a.string('gen_ai.provider.name') ?? a.string('gen_ai.system'),
    // The convention counts cache reads and writes inside input_tokens; Tally keeps them apart. A
    // negative count is left as sent, for validation to reject.
    input_tokens: input < 0 ? input : Math.max(0, input - cacheRead - cacheWrite),
    output_tokens: a.number('gen_ai.usage.output_tokens') ?? 0,
    cache_read_tokens: cacheRead,
    cache_write_tokens: cacheWrite,
    tool_calls: toolCalls,
    status: isError(c.span.status) ? 'error' : 'ok',
  };
}

// Agent spans may repeat the usage of the model calls beneath them (an aggregate, not a call).
const AGGREGATE_OPERATIONS = new Set(['invoke_agent', 'create_agent']);

/**
 * Every model-call span carrying GenAI token usage becomes one event (span id = idempotency key). An
 * agent span's usage counts only when its trace brought no model-call span, so totals are not doubled.
 * Everything else is ignored.
 */
export function mapOtlpTraces(request: ExportTraceRequest): OtlpMapping {
  const usage: Candidate[] = [];
  const agentTotals: Candidate[] = [];
  const tools: Candidate[] = [];
  let ignoredSpans = 0;
  for (const rs of request.resourceSpans ?? []) {
    const resource = attributeMap(rs.resource?.attributes ?? []);
    for (const ss of rs.scopeSpans ?? []) {
      for (const span of ss.spans ?? []) {
        const attrs = new SpanAttributes(span.attributes, resource);
        const candidate = { span, attrs, traceId: (span.traceId ?? '').toLowerCase(), start: startOf(span) };
        const operation = attrs.string('gen_ai.operation.name') ?? '';
        const hasUsage = attrs.has('gen_ai.usage.input_tokens') || attrs.has('gen_ai.usage.output_tokens');
        if (operation === 'execute_tool') tools.push(candidate);
        if (hasUsage && operation !== 'execute_tool') (AGGREGATE_OPERATIONS.has(operation) ? agentTotals : usage).push(candidate);
        else ignoredSpans += 1;
      }
    }
  }
  const tracesWithCalls = new Set(usage.map((c) => c.traceId));
  for (const agent of agentTotals) {
    if (tracesWithCalls.has(agent.traceId)) ignoredSpans += 1;
    else usage.push(agent);
  }
  const { counts, unattached } = toolCallsBySpan(usage, tools);
  return { events: usage.map((c) => eventFrom(c, counts.get(c) ?? 0)), ignoredSpans, unattachedToolCalls: unattached };
}
