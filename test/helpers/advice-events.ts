/**
 * Events for one team in March 2026 that trip every advice rule once, with the saving of each worked out
 * by hand (list prices from DEFAULT_PRICES). Team spend: $45 + $31.50 + $15.15 + $39 + $51 = $181.65,
 * so the minimum is 5 % = $9.0825 and all five tips show.
 */
export const ADVICE_SAVINGS_USD = {
  // 100 gpt-4o calls of 200k prompt: $50 of prompt. The team's median prompt is 10k, so the threshold is
  // 4 × 10k = 40k; 20M − 100 × 40k = 16M tokens over → $50 × 16/20 = $40.
  'long-context': 40,
  // 1,000 opus calls of 2,000 in / 200 out: $45; at claude-sonnet-4-5 prices $6 + $3 = $9 → $36.
  'expensive-model': 36,
  // code-review tasks: 8 × $0.50 and two of $20 and $15; median $0.50 → $19.50 + $14.50 = $34.
  'runaway-tasks': 34,
  // 50 tasks × 20 sonnet calls of 10k uncached prompt: 10M tokens, 0 % cached; at 70 %, 7M × ($3 − $0.30)/M = $18.90.
  'low-cache': 18.9,
  // 15 failed calls reported at $1 each, each retried in its task.
  'failed-calls': 15,
} as const;

const at = (second: number) => new Date(Date.UTC(2026, 2, 10, 8, 0, 0) + second * 1000).toISOString();

export function adviceEvents(team: string): Record<string, unknown>[] {
  const events: Record<string, unknown>[] = [];
  const add = (fields: Record<string, unknown>) => events.push({ id: `${team}-${events.length}`, timestamp: at(events.length), team, user: 'alice', ...fields });
  for (let i = 0; i < 1000; i++) add({ model: 'anthropic/claude-opus-4-1', input_tokens: 2000, output_tokens: 200 });
  for (let t = 0; t < 50; t++) {
    for (let i = 0; i < 20; i++) add({ model: 'claude-sonnet-4-5', task_id: `${team}-research-${t}`, task_type: 'research', input_tokens: 10_000, output_tokens: 100 });
  }
  for (let t = 0; t < 15; t++) {
    add({ model: 'claude-sonnet-4-5', task_id: `${team}-ingest-${t}`, task_type: 'ingest', input_tokens: 1000, cost_usd: 1, status: 'error' });
    add({ model: 'claude-sonnet-4-5', task_id: `${team}-ingest-${t}`, task_type: 'ingest', input_tokens: 1000, cost_usd: 0.01 });
  }
  const reviews = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 20, 15];
  reviews.forEach((cost, t) =>
    add({ model: 'claude-sonnet-4-5', task_id: `${team}-review-${t}`, task_type: 'code-review', input_tokens: 1000, cost_usd: cost, tool_calls: cost > 1 ? 80 : 5 }),
  );
  for (let t = 0; t < 100; t++) add({ model: 'gpt-4o', task_id: `${team}-summary-${t}`, task_type: 'summarize', input_tokens: 200_000, output_tokens: 1000 });
  return events;
}
