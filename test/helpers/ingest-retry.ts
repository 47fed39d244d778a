import { expect } from 'vitest';
import { postEvents } from './post-events.js';

export interface RetriedPost {
  body: { accepted: number; duplicates: number; rejected: unknown[] };
  /** How many 503 answers came before the success. */
  unavailable: number;
}

/**
 * A well-behaved gateway: on 503 it checks for Retry-After and sends the same batch again (after a
 * short pause instead of the advertised seconds, to keep tests fast). Anything but 200/503 fails the test.
 */
export async function postUntilAccepted(baseUrl: string, events: unknown[], attempts = 100): Promise<RetriedPost> {
  let unavailable = 0;
  for (let i = 0; i < attempts; i++) {
    const res = await postEvents(baseUrl, events);
    if (res.status === 200) return { body: (await res.json()) as RetriedPost['body'], unavailable };
    const text = await res.text();
    expect(res.status, text).toBe(503);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    unavailable += 1;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`batch still refused after ${attempts} attempts`);
}
