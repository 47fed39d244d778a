import { buildPriceTable } from '../../src/domain/prices.js';
import { DEFAULT_PRICES } from '../../src/domain/default-prices.js';
import { addDays } from '../../src/domain/time-zone.js';
import { ingestEvents } from '../../src/ingest/ingest-events.js';
import { parseTeamsFile } from '../../src/ingest/teams-file.js';
import { applyTeamsFile } from '../../src/services/apply-teams-file.js';
import type { Db } from '../../src/store/db.js';

/** A Monday morning: the last complete week is Mar 2–8, 2026, the last complete day Mar 8. */
export const DIGEST_NOW = new Date('2026-03-09T09:00:00Z');

export const DIGEST_TEAMS = `
timezone: UTC
admins: [U0ADMIN]
teams:
  - { key: search, name: Search Relevance, owners: [U0OWN], members: [U0MEM], channel: C0SEARCH }
  - { key: quiet, name: Quiet Team, owners: [U0QOWN], channel: C0QUIET }
  - { key: fresh, name: Fresh Team, channel: C0FRESH }
  - { key: ads, name: Ads, channel: C0ADS, digest: daily }
  - { key: nochan, name: No Channel }
`;

/**
 * search: spend every day for nine weeks, $10/day the week before last and $15/day last week (+50%);
 * quiet: spend only in early February; fresh: none; ads: a little every day. Costs are reported, so exact.
 */
export async function seedDigestData(db: Db): Promise<void> {
  await applyTeamsFile(db, parseTeamsFile(DIGEST_TEAMS), 'UTC');
  const events: Record<string, unknown>[] = [];
  let n = 0;
  const add = (team: string | null, day: string, usd: number, extra: Record<string, unknown> = {}) =>
    events.push({ id: `d${++n}`, timestamp: `${day}T12:00:00Z`, team, cost_usd: usd, ...extra });
  for (let day = '2026-01-05'; day < '2026-03-09'; day = addDays(day, 1)) {
    const usd = day >= '2026-03-02' ? 15 : 10;
    add('search', day, usd * 0.6, { model: 'claude-opus-4-1', product: 'answers', user: 'ana@example.com', task_id: `t-${day}`, task_type: 'rag' });
    add('search', day, usd * 0.4, { model: 'gpt-4o-mini', product: 'rewrite', user: 'bo@example.com', task_id: `t-${day}`, task_type: 'rag' });
    add('ads', day, 2, { model: 'gpt-4o-mini', product: 'copy', user: 'cy@example.com' });
  }
  add('search', '2026-03-04', 0, { id: 'unpriced-1', model: 'mystery-model', cost_usd: null, input_tokens: 10 });
  add('search', '2026-03-05', 30, { model: 'claude-opus-4-1', product: 'answers', user: 'dee@example.com', task_id: 'runaway-1', task_type: 'agent' });
  add(null, '2026-03-03', 4, { model: 'gpt-4o-mini' });
  for (let day = '2026-02-02'; day < '2026-02-09'; day = addDays(day, 1)) add('quiet', day, 1, { model: 'gpt-4o-mini' });
  const result = await ingestEvents(db, events, { now: new Date('2026-03-09T09:00:00Z'), prices: buildPriceTable(DEFAULT_PRICES) });
  if (result.rejected.length > 0) throw new Error(`seed rejected: ${JSON.stringify(result.rejected[0])}`);
}
