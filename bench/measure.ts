export interface Percentiles {
  samples: number;
  p50: number;
  p95: number;
  p99: number;
}

/** Nearest-rank percentiles in milliseconds, rounded to 0.1 ms. */
export function percentiles(values: readonly number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => {
    if (sorted.length === 0) return 0;
    const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
    return Math.round(sorted[rank]! * 10) / 10;
  };
  return { samples: sorted.length, p50: at(50), p95: at(95), p99: at(99) };
}

export function median(values: readonly number[]): number {
  return percentiles(values).p50;
}

/** Wall time of `fn` in milliseconds, with its result. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = performance.now();
  const result = await fn();
  return { ms: performance.now() - start, result };
}

/** Runs `fn` once per sample, one at a time (latency, not throughput), after a few unrecorded warm-ups. */
export async function sampleLatency(samples: number, fn: (i: number) => Promise<void>, warmups = 5): Promise<Percentiles> {
  for (let i = 0; i < warmups; i++) await fn(i);
  const times: number[] = [];
  for (let i = 0; i < samples; i++) times.push((await timed(() => fn(i))).ms);
  return percentiles(times);
}
