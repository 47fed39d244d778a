import { beforeAll, describe, expect, it } from 'vitest';
import { parseTeamsFile } from '../../src/ingest/teams-file.js';
import { applyTeamsFile } from '../../src/services/apply-teams-file.js';
import { listBudgets, setSlackTeamBudget } from '../../src/store/budgets-store.js';
import type { Db } from '../../src/store/db.js';
import { freshDatabase } from '../helpers/database.js';

let db: Db;

const file = (searchUsd: number, extra = '') => `
teams:
  - { key: search, owners: [U0AAA], budget: { monthly_usd: ${searchUsd}, thresholds: [80, 50, 100] } }
  - { key: support, owners: [U0DDD] }
${extra}`;
const BUDGETS = `budgets:
  - { product: answers, weekly_usd: 200, owners: [fin@example.com] }
  - { tag: env=prod, monthly_usd: 5000 }`;

async function summary() {
  return (await listBudgets(db)).map((b) => ({ scope: b.scope, period: b.period, usd: Number(b.amountNanos / 1_000_000_000n), source: b.source, thresholds: b.thresholds, owners: b.owners }));
}

beforeAll(async () => {
  ({ db } = await freshDatabase());
});

describe('budgets from teams.yml', () => {
  it('stores team, product and tag budgets with defaults', async () => {
    await applyTeamsFile(db, parseTeamsFile(file(1800, BUDGETS)), 'UTC');
    expect(await summary()).toEqual([
      { scope: { kind: 'product', product: 'answers' }, period: 'weekly', usd: 200, source: 'file', thresholds: [50, 80, 100], owners: ['fin@example.com'] },
      { scope: { kind: 'tag', key: 'env', value: 'prod' }, period: 'monthly', usd: 5000, source: 'file', thresholds: [50, 80, 100], owners: [] },
      { scope: { kind: 'team', team: 'search' }, period: 'monthly', usd: 1800, source: 'file', thresholds: [50, 80, 100], owners: [] },
    ]);
  });

  it('keeps a Slack-set amount while the file is re-applied unchanged, and lets a changed file entry win', async () => {
    const before = (await listBudgets(db)).find((b) => b.scope.kind === 'team')!;
    await setSlackTeamBudget(db, { team: 'search', period: 'monthly', amountNanos: 2_500_000_000_000n, setBy: 'U0AAA' });
    await applyTeamsFile(db, parseTeamsFile(file(1800, BUDGETS)), 'UTC');
    const kept = (await listBudgets(db)).find((b) => b.scope.kind === 'team')!;
    expect(kept).toMatchObject({ id: before.id, amountNanos: 2_500_000_000_000n, source: 'slack' });
    await applyTeamsFile(db, parseTeamsFile(file(2000, BUDGETS)), 'UTC');
    expect((await listBudgets(db)).find((b) => b.scope.kind === 'team')).toMatchObject({ id: before.id, amountNanos: 2_000_000_000_000n, source: 'file' });
  });

  it('drops file budgets the file no longer lists, keeps Slack ones, and drops budgets of removed teams', async () => {
    await setSlackTeamBudget(db, { team: 'support', period: 'weekly', amountNanos: 300_000_000_000n, setBy: 'U0DDD' });
    await applyTeamsFile(db, parseTeamsFile(file(2000)), 'UTC');
    expect((await summary()).map((b) => [b.scope, b.source])).toEqual([
      [{ kind: 'team', team: 'search' }, 'file'],
      [{ kind: 'team', team: 'support' }, 'slack'],
    ]);
    await applyTeamsFile(db, parseTeamsFile('teams:\n  - { key: search, owners: [U0AAA] }\n'), 'UTC');
    expect(await summary()).toEqual([]);
  });

  it('refuses a budget for an unknown team or set twice, and writes nothing', async () => {
    await applyTeamsFile(db, parseTeamsFile(file(2000)), 'UTC');
    const bad = [file(2000, 'budgets:\n  - { team: nobody, monthly_usd: 10 }'), file(2000, 'budgets:\n  - { team: search, monthly_usd: 10 }')];
    await expect(applyTeamsFile(db, parseTeamsFile(bad[0]!), 'UTC')).rejects.toThrow('team nobody (monthly), which is not in teams:');
    await expect(applyTeamsFile(db, parseTeamsFile(bad[1]!), 'UTC')).rejects.toThrow('team search (monthly) budget is set twice');
    expect((await summary()).map((b) => b.usd)).toEqual([2000]);
  });
});
