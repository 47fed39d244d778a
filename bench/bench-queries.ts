import type { AppDeps } from '../src/app-deps.js';
import { createLogger } from '../src/log.js';
import { dispatchCost } from '../src/slack/commands/dispatch-cost.js';
import { costSubcommands } from '../src/slack/commands/cost-subcommands.js';
import type { FakeSlack } from '../test/helpers/fake-slack.js';
import { postSigned, slashCommandBody } from '../test/helpers/slack-requests.js';
import { sampleLatency, type Percentiles } from './measure.js';

/** One `/cost` request the bench repeats: the i-th sample's text and asker. */
export interface CostQuery {
  name: 'myteam' | 'team' | 'task' | 'top';
  ask: (i: number) => { text: string; userId: string };
}

export function isBuilt(name: string): boolean {
  return costSubcommands().some((s) => s.name === name);
}

/**
 * Server-side time over HTTP: from sending the signed slash command to the fake Slack receiving the
 * response_url post (both clocks are this process's; no network to Slack). Bolt acks first, so the
 * answer's own time is the time to that post.
 */
export class ResponseWaiter {
  private readonly waiting = new Map<string, (at: number) => void>();
  private next = 0;

  constructor(private readonly slack: FakeSlack) {
    slack.on('response_url', (call) => {
      this.waiting.get(call.path)?.(performance.now());
      this.waiting.delete(call.path);
      return undefined;
    });
  }

  async cost(baseUrl: string, text: string, userId: string): Promise<void> {
    const id = `b${++this.next}`;
    const arrived = new Promise<number>((resolve, reject) => {
      this.waiting.set(`/respond/${id}`, resolve);
      setTimeout(() => reject(new Error(`no answer to /cost ${text} within 30 s`)), 30_000).unref();
    });
    const res = await postSigned(baseUrl, slashCommandBody({ text, userId, responseUrl: this.slack.responseUrl(id) }));
    if (res.status !== 200) throw new Error(`/slack/events answered ${res.status}`);
    await arrived;
    // The fake keeps every call; a long bench must not grow it without bound.
    this.slack.calls.length = 0;
  }
}

export async function sampleEndToEnd(waiter: ResponseWaiter, baseUrl: string, q: CostQuery, samples: number): Promise<Percentiles> {
  return sampleLatency(samples, async (i) => {
    const { text, userId } = q.ask(i);
    await waiter.cost(baseUrl, text, userId);
  });
}

/** The service + render part alone: the same dispatcher the listener calls, without HTTP or Slack. */
export async function sampleService(deps: AppDeps, q: CostQuery, samples: number): Promise<Percentiles> {
  const log = createLogger({ level: 'error', write: (l) => process.stderr.write(l + '\n') });
  return sampleLatency(samples, async (i) => {
    const { text, userId } = q.ask(i);
    const answer = await dispatchCost(
      text,
      { deps, userId, channelId: 'CBENCH', now: deps.now(), viewer: async () => ({ userId, email: null, usergroups: new Set<string>() }) },
      log,
      `bench-${i}`,
    );
    if (answer.text.includes('Something went wrong')) throw new Error(`/cost ${text} failed in the service: ${answer.text}`);
  });
}
