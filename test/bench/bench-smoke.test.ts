import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, inject, it } from 'vitest';

/** Keeps `npm run bench` from rotting: a small size must run to the end and print its JSON. Timings are not asserted. */
describe('npm run bench (smoke size)', () => {
  it('loads events through HTTP and tally ingest, measures, and prints one JSON summary plus the table', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/run-bench.ts', '--events', '20000', '--samples', '10', '--clients', '2'], {
      env: { ...process.env, DATABASE_URL: inject('adminUrl') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code, stderr).toBe(0);

    const json = stdout.slice(0, stdout.indexOf('\n}\n') + 2);
    const summary = JSON.parse(json) as {
      ingest: { http: { accepted: number }; cli: { accepted: number } | null; rollupsCurrent: boolean; resentBatch: { accepted: number; duplicates: number } };
      targets: { name: string }[];
      baseline: { spendLogRows: number };
    };
    expect(summary.ingest.http.accepted + (summary.ingest.cli?.accepted ?? 0)).toBe(20_000);
    expect(summary.ingest.cli?.accepted).toBeGreaterThan(0);
    expect(summary.ingest.rollupsCurrent).toBe(true);
    expect(summary.ingest.resentBatch).toEqual({ accepted: 0, duplicates: 5_000 });
    expect(summary.baseline.spendLogRows).toBe(20_000);
    expect(summary.targets.map((t) => t.name)).toContain('ingest over HTTP');
    expect(stdout).toMatch(/\| target +\| goal/);
  }, 90_000);
});
