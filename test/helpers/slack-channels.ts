import type { FakeReply, FakeSlack, SlackCall } from './fake-slack.js';

export interface LandedMessage {
  channel: string;
  ts: string;
  text: unknown;
  metadata: unknown;
}

/**
 * Slack's side of conversations for FakeSlack: chat.postMessage keeps what it accepts and
 * conversations.history serves it back with metadata, as the real API does. Replies queued with
 * failNext are refusals and never land. `afterLanding` may return a reply for a post that did land,
 * e.g. `{ hang: true }` for "Slack took it, the answer was lost".
 */
export class SlackChannels {
  readonly messages: LandedMessage[] = [];

  constructor(
    private readonly slack: FakeSlack,
    private readonly afterLanding: (message: LandedMessage, count: number) => FakeReply | undefined = () => undefined,
  ) {
    slack.on('chat.postMessage', (call) => {
      const message = this.record(call);
      return this.afterLanding(message, this.messages.length) ?? { body: { ok: true, channel: message.channel, ts: message.ts } };
    });
    slack.on('conversations.history', (call) => ({
      body: { ok: true, messages: this.messages.filter((m) => m.channel === call.params.channel).map((m) => ({ type: 'message', ...m })) },
    }));
  }

  /** Records a post as shown in its channel and returns its ts. */
  land(call: SlackCall): string {
    return this.record(call).ts;
  }

  private record(call: SlackCall): LandedMessage {
    const message = { channel: String(call.params.channel), ts: `${1_773_133_200 + this.messages.length}.000100`, text: call.params.text, metadata: call.params.metadata };
    this.messages.push(message);
    return message;
  }

  /** Messages carrying `deliveryKey` (deliverOnce's `kind:key`) in their metadata. */
  withDeliveryKey(deliveryKey: string): LandedMessage[] {
    return this.messages.filter((m) => deliveryKeyOf(m) === deliveryKey);
  }

  /** How many times each delivery key was posted. */
  countsByDeliveryKey(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const m of this.messages) {
      const key = deliveryKeyOf(m) ?? '(none)';
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return counts;
  }
}

function deliveryKeyOf(m: LandedMessage): string | undefined {
  return (m.metadata as { event_payload?: { delivery_key?: string } } | undefined)?.event_payload?.delivery_key;
}
