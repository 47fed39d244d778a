import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PRICES } from '../../src/domain/default-prices.js';
import { buildPriceTable } from '../../src/domain/prices.js';
import { ingestEvents } from '../../src/ingest/ingest-events.js';
import { parseTeamsFile } from '../../src/ingest/teams-file.js';
import { applyTeamsFile } from '../../src/services/apply-teams-file.js';
import { upsertAnomaly } from '../../src/store/anomalies-store.js';
import { addCostFixtureUsers, costFixtureEvents, costTeamsYaml, COST_NOW } from '../helpers/cost-fixture.js';
import { freshDatabase } from '../helpers/database.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

const USD = 1_000_000_000n;
let server: TestServer;

beforeAll(async () => {
  const { db } = await freshDatabase();
  // The /cost fixture plus a search budget and a shared platform cost: $310 a month = $10 a day of March.
  const yaml = costTeamsYaml()
    .replace('visibility: team', 'visibility: team\nshared: { monthly_usd: 310, split: proportional }')
    .replace('    channel: C0SEARCH', '    channel: C0SEARCH\n    budget: { monthly_usd: 50 }');
  await applyTeamsFile(db, parseTeamsFile(yaml), 'UTC');
  await ingestEvents(db, costFixtureEvents(), { now: COST_NOW, prices: buildPriceTable(DEFAULT_PRICES) });
  await upsertAnomaly(
    db,
    {
      scopeKind: 'team', scopeKey: 'search', day: '2026-03-02', team: 'search', actualNanos: 10n * USD, usualNanos: 1n * USD, z: 9,
      partial: false, causes: [{ dimension: 'model', value: 'm-alpha', contributionNanos: 9n * USD, sharePct: 100 }],
    },
    COST_NOW,
  );
  server = await startTestServer(db, { now: () => COST_NOW });
  addCostFixtureUsers(server.slack);
});
afterAll(async () => server.close());

describe('/cost team with budget, anomalies and shared costs', () => {
  it('shows the budget bar, the anomaly with its cause, and direct vs shared cost', async () => {
    const answer = await server.cost('team search', 'U0BBB');
    expect(answer.all).toContain('$32.00 of $50.00'); // budget: spent of amount
    expect(answer.all).toMatch(/64\.0%/);
    expect(answer.all).toContain('+$9.00 vs usual: 100.0% from model=m-alpha');
    // Shared: 20 March days × $10 + $7 unattributed = $207, split 32 : 105 by direct spend.
    expect(answer.all).toMatch(/Direct \*\$32\.00\* · shared \*\$48\.35\* .* total \*\$80\.35\*/);
  });

  it('keeps all of it from non-members', async () => {
    const answer = await server.cost('team search', 'U0DDD');
    expect(answer.all).not.toContain('$32.00');
    expect(answer.all).not.toContain('m-alpha');
  });
});
