import { TEST_INGEST_TOKEN } from './test-server.js';

/** POSTs a batch to /v1/events the way a gateway does; `token: null` sends no Authorization header. */
export function postEvents(baseUrl: string, events: unknown[] | string, token: string | null = TEST_INGEST_TOKEN, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${baseUrl}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: typeof events === 'string' ? events : JSON.stringify({ events }),
  });
}

/** A valid event for `team` (null = unattributed) costing `costUsd`, at a fixed instant in March 2026. */
export function usageEvent(id: string, team: string | null, costUsd: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, timestamp: '2026-03-09T08:00:00Z', team, model: 'gpt-4o-mini', cost_usd: costUsd, ...extra };
}
