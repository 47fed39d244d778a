import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { spendBy } from '../../src/store/spend-store.js';
import { listTeams } from '../../src/store/teams-store.js';
import { freshDatabase, type TestDatabase } from '../helpers/database.js';

let t: TestDatabase;
let dir: string;

beforeAll(async () => {
  t = await freshDatabase();
  dir = await mkdtemp(join(tmpdir(), 'tally-cli-'));
});

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env: { DATABASE_URL: t.url } });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('tally CLI', () => {
  it('ingests JSONL with the API rules, reporting bad lines by number, and counts a re-run as duplicates', async () => {
    const file = join(dir, 'events.jsonl');
    const lines = [
      JSON.stringify({ id: 'c1', timestamp: '2026-03-01T10:00:00Z', team: 'search', cost_usd: 1.25 }),
      '',
      'not json',
      JSON.stringify({ id: 'c2', timestamp: '2026-03-01T11:00:00Z', cost_usd: 0.75 }),
      JSON.stringify({ id: 'c3', timestamp: '2026-03-01T11:00:00Z', input_tokens: -1 }),
    ];
    await writeFile(file, lines.join('\n'));
    const first = await cli('ingest', file, '--at', '2026-03-02T00:00:00Z');
    expect(first.code).toBe(1); // some lines were rejected
    const summary = JSON.parse(first.out);
    expect(summary).toMatchObject({ accepted: 2, duplicates: 0 });
    expect(summary.rejected).toEqual([
      { line: 3, id: null, error: 'not valid JSON' },
      { line: 5, id: 'c3', error: 'input_tokens: must not be negative' },
    ]);
    const again = JSON.parse((await cli('ingest', file, '--at', '2026-03-02T00:00:00Z')).out);
    expect(again).toMatchObject({ accepted: 0, duplicates: 2 });
    const byTeam = await spendBy(t.db, { from: '2026-03-01', to: '2026-03-02' }, 'team');
    expect(byTeam.map((s) => [s.key, s.costNanos])).toEqual([
      ['search', 1_250_000_000n],
      ['', 750_000_000n],
    ]);
  });

  it('validates teams.yml before touching the database, then applies it', async () => {
    const bad = join(dir, 'bad.yml');
    await writeFile(bad, 'teams:\n  - key: Not Valid\n');
    const refused = await cli('teams', 'apply', bad);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('teams[0].key');
    expect(refused.err).not.toMatch(/\n\s+at /); // no stack trace for a user mistake
    expect(await listTeams(t.db)).toEqual([]);

    const good = join(dir, 'teams.yml');
    await writeFile(good, 'teams:\n  - key: search\n    owners: [U0AAA]\n');
    const applied = await cli('teams', 'apply', good);
    expect(applied.code).toBe(0);
    expect(applied.out).toContain('1 teams (1 added: search');
    expect((await listTeams(t.db)).map((x) => x.key)).toEqual(['search']);
  });

  it('explains usage mistakes with a non-zero exit', async () => {
    expect((await cli('frobnicate')).code).toBe(2);
    const noFile = await cli('ingest', join(dir, 'missing.jsonl'));
    expect(noFile).toMatchObject({ code: 1 });
    expect(noFile.err).toContain('cannot read');
    const badAt = await cli('budgets', 'check', '--at', 'yesterday');
    expect(badAt.code).toBe(1);
    expect(badAt.err).toContain('--at must be an ISO-8601 instant');
    expect((await cli('migrate')).out).toContain('migrations are current');
  });
});
