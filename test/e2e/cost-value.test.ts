import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestEvents } from '../../src/ingest/ingest-events.js';
import { ingestOutcomes } from '../../src/ingest/ingest-outcomes.js';
import { parseTeamsFile } from '../../src/ingest/teams-file.js';
import { applyTeamsFile } from '../../src/services/apply-teams-file.js';
import { costPerValueUnit } from '../../src/services/team-value.js';
import { findTeam } from '../../src/store/teams-store.js';
import { freshDatabase } from '../helpers/database.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

const TEAMS = `
timezone: UTC
teams:
  - { key: support, name: Support Copilot, owners: [U0SUPP], channel: C0SUP, value_metric: tickets_resolved }
  - { key: growth, owners: [U0GROW] }
`;
const now = new Date('2026-04-02T12:00:00Z');
let server: TestServer;

const ev = (id: string, day: string, usd: number, task?: [string, string], team = 'support') => ({
  id,
  timestamp: `${day}T10:00:00Z`,
  team,
  cost_usd: usd,
  ...(task ? { task_id: task[0], task_type: task[1] } : {}),
});
const won = (id: string, day: string, value: number, taskId?: string) => ({ id, timestamp: `${day}T18:00:00Z`, team: 'support', metric: 'tickets_resolved', value, task_id: taskId });

beforeAll(async () => {
  const { db } = await freshDatabase();
  server = await startTestServer(db, { now: () => now });
  await applyTeamsFile(db, parseTeamsFile(TEAMS), 'UTC');
  const events = [
    // March: triage $2 + $3 + $5 (two with an outcome), draft-reply $4 (with one), $6 outside any task = $20.
    ev('e1', '2026-03-03', 2, ['t1', 'triage']),
    ev('e2', '2026-03-03', 3, ['t2', 'triage']),
    ev('e3', '2026-03-17', 5, ['t3', 'triage']),
    ev('e4', '2026-03-17', 4, ['d1', 'draft-reply']),
    ev('e5', '2026-03-17', 6),
    // February: $30 for 5 tickets = $6.00 a ticket.
    ev('e6', '2026-02-10', 30),
    ev('g1', '2026-03-03', 50, undefined, 'growth'),
  ];
  expect((await ingestEvents(db, events, { now, prices: server.deps.prices })).accepted).toBe(events.length);
  const outcomes = [won('o1', '2026-03-03', 1, 't1'), won('o2', '2026-03-04', 1, 't2'), won('o3', '2026-03-18', 2, 'd1'), won('o4', '2026-02-11', 5)];
  expect((await ingestOutcomes(db, outcomes, { now })).accepted).toBe(4);
});
afterAll(async () => server.close());

describe('/cost value', () => {
  it('shows cost per ticket with its trend, cost per successful task by type, and unvalued spend', async () => {
    const answer = await server.cost('value support 2026-03', 'U0SUPP');
    expect(answer.response_type).toBe('ephemeral');
    // $20 for 4 tickets = $5.00; February $6.00 → -16.7 %.
    expect(answer.all).toContain('*$5.00* per unit (4 for $20.00)');
    expect(answer.all).toContain('↓ -16.7% vs');
    expect(answer.all).toContain('($6.00 per unit)');
    // triage: $10 over 2 successes; draft-reply $4 over 1.
    expect(answer.all).toContain('• `triage` *$5.00* per success · 2/3 tasks with an outcome (66.7%)');
    expect(answer.all).toContain('• `draft-reply` *$4.00* per success · 1/1 tasks with an outcome (100.0%)');
    // Valued: t1 + t2 + d1 = $9 of $20, so $11 (55 %) had no recorded value.
    expect(answer.all).toContain('*Spend with no recorded value*: $11.00 (55.0% of $20.00)');
    expect(answer.all).toContain('*Per week*');
    expect(answer.text).toContain('$5.00 per tickets_resolved');
  });

  it('exports cost per value-metric unit for digests', async () => {
    const team = (await findTeam(server.deps.db, 'support'))!;
    expect(await costPerValueUnit(server.deps.db, team, { from: '2026-03-01', to: '2026-04-01' })).toEqual({
      metric: 'tickets_resolved',
      costNanos: 20_000_000_000n,
      units: 4_000_000n,
      perUnitNanos: 5_000_000_000n,
    });
    const growth = (await findTeam(server.deps.db, 'growth'))!;
    expect(await costPerValueUnit(server.deps.db, growth, { from: '2026-03-01', to: '2026-04-01' })).toBeNull();
  });

  it('says how to set a value metric, and refuses people outside the team', async () => {
    const none = await server.cost('value growth 2026-03', 'U0GROW');
    expect(none.all).toContain('No value metric is set for *growth*');
    expect(none.all).toContain('*Spend with no recorded value*: $50.00 (100.0% of $50.00)');
    const refused = await server.cost('value support 2026-03', 'U0GROW');
    expect(refused.all).toContain('Sorry');
    expect(refused.all).not.toContain('$');
    const unknown = await server.cost('value nosuch', 'U0GROW');
    expect(unknown.all).toContain('There is no team "nosuch"');
  });
});
