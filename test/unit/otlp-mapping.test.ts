import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exportTraceRequestSchema, mapOtlpTraces } from '../../src/ingest/otlp-mapping.js';

const fixture = exportTraceRequestSchema.parse(JSON.parse(readFileSync(new URL('../fixtures/otlp-genai.json', import.meta.url), 'utf8')));

const expected = JSON.parse(readFileSync(new URL('../fixtures/otlp-genai.expected.json', import.meta.url), 'utf8')) as unknown;

describe('mapOtlpTraces', () => {
  it('turns the GenAI instrumentation fixture into the expected events', () => {
    const mapped = mapOtlpTraces(fixture);
    expect(mapped.events).toEqual(expected);
    // invoke_agent (its usage repeats the chat calls), two execute_tool spans and the HTTP span.
    expect(mapped.ignoredSpans).toBe(4);
    expect(mapped.unattachedToolCalls).toBe(0);
  });

  const span = (attrs: Record<string, string | number>, extra: Record<string, unknown> = {}) => ({
    traceId: 'ab'.repeat(16),
    spanId: 'cd'.repeat(8),
    startTimeUnixNano: '1773133200000000000',
    attributes: Object.entries(attrs).map(([key, v]) => ({ key, value: typeof v === 'number' ? { intValue: v } : { stringValue: v } })),
    ...extra,
  });

  it('never makes input negative, falls back to the trace id, and counts an agent span alone in its trace', () => {
    const mapped = mapOtlpTraces({
      resourceSpans: [{ scopeSpans: [{ spans: [span({ 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.usage.input_tokens': 10, 'gen_ai.usage.cache_read.input_tokens': 50 })] }] }],
    });
    expect(mapped.events).toEqual([expect.objectContaining({ input_tokens: 0, cache_read_tokens: 50, task_id: 'ab'.repeat(16), model: null })]);
  });

  it('reports tool spans whose trace has no model call in the request as unattached', () => {
    const mapped = mapOtlpTraces({ resourceSpans: [{ scopeSpans: [{ spans: [span({ 'gen_ai.operation.name': 'execute_tool' })] }] }] });
    expect(mapped).toEqual({ events: [], ignoredSpans: 1, unattachedToolCalls: 1 });
  });
});
