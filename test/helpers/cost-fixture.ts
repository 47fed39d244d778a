import { buildPriceTable } from '../../src/domain/prices.js';
import { DEFAULT_PRICES } from '../../src/domain/default-prices.js';
import { ingestEvents } from '../../src/ingest/ingest-events.js';
import { parseTeamsFile } from '../../src/ingest/teams-file.js';
import { applyTeamsFile } from '../../src/services/apply-teams-file.js';
import type { Db } from '../../src/store/db.js';
import { afterAll } from 'vitest';
import { freshDatabase, type TestDatabase } from './database.js';
import type { FakeSlack } from './fake-slack.js';
import { startTestServer, type TestServer } from './test-server.js';

/**
 * A small org with hand-countable spend for the `/cost` tests. "Now" is Friday 2026-03-20 11:00 in
 * Berlin. Search Relevance spends $32.00 in March (7 models, 4 products, 12 tasks, 1 unpriced call)
 * and $20.00 in February; Support $105.00 in March; $7.00 has no team. Tag env=prod: search $16,
 * support $100, unattributed $7.
 */
export const COST_NOW = new Date('2026-03-20T10:00:00Z');

export function costTeamsYaml(visibility: 'team' | 'open' = 'team'): string {
  return `
timezone: Europe/Berlin
visibility: ${visibility}
admins: [U0ADMIN]
teams:
  - key: search
    name: Search Relevance
    owners: [U0AAA, lead@example.com]
    members: [U0BBB]
    channel: C0SEARCH
  - key: support
    name: Support Copilot
    owners: [U0DDD]
    members: [U0EEE]
    usergroup: S0SUPPORT
    channel: C0SUPPORT
  - key: fresh
    name: Fresh Team
    owners: [U0FFF]
`;
}

interface Spend {
  id: string;
  day: string;
  team?: string;
  model: string;
  product?: string;
  user?: string;
  task?: string;
  usd?: number;
  tags?: Record<string, string>;
}

const SPEND: Spend[] = [
  { id: 'e1', day: '2026-03-02', team: 'search', model: 'm-alpha', product: 'web', user: 'Bob@Example.com', task: 't-01', usd: 10, tags: { env: 'prod' } },
  { id: 'e2', day: '2026-03-03', team: 'search', model: 'm-beta', product: 'web', user: 'alice@example.com', task: 't-02', usd: 8 },
  { id: 'e3', day: '2026-03-04', team: 'search', model: 'm-gamma', product: 'mobile', user: 'Bob@Example.com', task: 't-03', usd: 6, tags: { env: 'prod' } },
  { id: 'e4', day: '2026-03-05', team: 'search', model: 'm-delta', product: 'api', user: 'alice@example.com', task: 't-04', usd: 4 },
  { id: 'e5', day: '2026-03-06', team: 'search', model: 'm-epsilon', product: 'api', user: 'carol@example.com', task: 't-05', usd: 2 },
  { id: 'e6', day: '2026-03-07', team: 'search', model: 'm-zeta', product: 'batch', user: 'carol@example.com', task: 't-06', usd: 1 },
  { id: 'e7', day: '2026-03-08', team: 'search', model: 'm-eta', product: 'batch', user: 'carol@example.com', task: 't-07', usd: 0.5 },
  ...[9, 10, 11, 12, 13].map((d, i) => ({
    id: `e${8 + i}`,
    day: `2026-03-${String(d).padStart(2, '0')}`,
    team: 'search',
    model: 'm-alpha',
    product: 'web',
    user: 'dave@example.com',
    task: `t-${String(8 + i).padStart(2, '0')}`,
    usd: 0.1,
  })),
  { id: 'e13', day: '2026-03-14', team: 'search', model: 'mystery-model', product: 'web', user: 'alice@example.com' },
  { id: 'e14', day: '2026-02-05', team: 'search', model: 'm-alpha', product: 'web', user: 'alice@example.com', task: 't-old', usd: 20 },
  { id: 'e15', day: '2026-03-10', team: 'support', model: 'm-beta', product: 'chat', user: 'dan@example.com', task: 's-1', usd: 100, tags: { env: 'prod' } },
  { id: 'e16', day: '2026-03-11', team: 'support', model: 'm-beta', product: 'chat', user: 'bob@example.com', task: 's-2', usd: 5 },
  { id: 'e17', day: '2026-03-12', model: 'm-beta', user: 'zed@example.com', task: 'u-1', usd: 7, tags: { env: 'prod' } },
];

export function costFixtureEvents(): unknown[] {
  return SPEND.map((s) => ({
    id: s.id,
    timestamp: `${s.day}T12:00:00Z`,
    team: s.team,
    product: s.product,
    user: s.user,
    task_id: s.task,
    task_type: s.task ? 'answer' : undefined,
    model: s.model,
    input_tokens: 1000,
    output_tokens: 200,
    cost_usd: s.usd,
    tags: s.tags,
  }));
}

export async function seedCostFixture(db: Db, visibility: 'team' | 'open' = 'team'): Promise<void> {
  await applyTeamsFile(db, parseTeamsFile(costTeamsYaml(visibility), 'cost fixture'), 'UTC');
  const summary = await ingestEvents(db, costFixtureEvents(), { now: COST_NOW, prices: buildPriceTable(DEFAULT_PRICES) });
  if (summary.rejected.length > 0) throw new Error(`fixture events rejected: ${JSON.stringify(summary.rejected)}`);
}

/** The Slack side of the fixture: emails for users.info, one user group. */
export function addCostFixtureUsers(slack: FakeSlack): void {
  for (const [id, email] of [
    ['U0AAA', 'alice@example.com'],
    ['U0BBB', 'bob@example.com'],
    ['U0DDD', 'dan@example.com'],
    ['U0FFF', 'fay@example.com'],
    ['U0GGG', 'gus@example.com'],
    ['U0ZZZ', 'zed@example.com'],
    ['U0ADMIN', 'admin@example.com'],
  ] as const) {
    slack.addUser({ id, email });
  }
  slack.usergroups.set('S0SUPPORT', ['U0GGG']);
}

/** A fresh database holding the fixture and the real server over it, clock at COST_NOW (call in beforeAll). */
export async function startCostServer(): Promise<{ t: TestDatabase; server: TestServer }> {
  const t = await freshDatabase();
  await seedCostFixture(t.db);
  const server = await startTestServer(t.db, { now: () => COST_NOW });
  addCostFixtureUsers(server.slack);
  afterAll(async () => server.close());
  return { t, server };
}
