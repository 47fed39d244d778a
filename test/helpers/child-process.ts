import { spawn, type ChildProcess } from 'node:child_process';

export interface SpawnedTally {
  child: ChildProcess;
  /** Every stdout/stderr line so far. */
  lines: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves with the first line containing `text` (polls the record, not the clock). */
  waitForLine(text: string, timeoutMs?: number): Promise<string>;
}

/** Runs a TypeScript entry point (`src/main.ts`, `src/cli/index.ts …`) in a real child process through tsx. */
export function spawnTally(entry: string, args: string[], env: Record<string, string>): SpawnedTally {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    env: { PATH: process.env.PATH ?? '', TALLY_LOG_LEVEL: 'debug', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    let rest = '';
    stream?.on('data', (chunk: Buffer) => {
      const parts = (rest + chunk.toString('utf8')).split('\n');
      rest = parts.pop() ?? '';
      lines.push(...parts);
    });
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return {
    child,
    lines,
    exited,
    async waitForLine(text, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const hit = lines.find((l) => l.includes(text));
        if (hit) return hit;
        if (child.exitCode !== null || Date.now() > deadline) throw new Error(`no line containing "${text}"; got:\n${lines.join('\n')}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}

/** Starts `src/main.ts` on a free port and waits for its "listening" line. */
export async function spawnServer(env: Record<string, string>): Promise<SpawnedTally & { baseUrl: string }> {
  const spawned = spawnTally('src/main.ts', [], { PORT: '0', ...env });
  const line = await spawned.waitForLine('"listening"');
  const { port } = JSON.parse(line) as { port: number };
  return { ...spawned, baseUrl: `http://127.0.0.1:${port}` };
}
