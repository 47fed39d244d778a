import { AsyncLocalStorage } from 'node:async_hooks';

/** The exactly-once delivery a Slack post belongs to, set by deliverOnce around its `send`. */
export interface DeliveryAttempt {
  /** `kind:key`, written into the message metadata as `delivery_key`. */
  key: string;
  /** An earlier attempt was claimed and never confirmed: it may have reached Slack. */
  retry: boolean;
  now: Date;
}

// Implicit on purpose: every job's posts get the crash-window check without threading a key through.
const attempts = new AsyncLocalStorage<DeliveryAttempt>();

export function runAsDelivery<T>(attempt: DeliveryAttempt, fn: () => Promise<T>): Promise<T> {
  return attempts.run(attempt, fn);
}

export function currentDelivery(): DeliveryAttempt | undefined {
  return attempts.getStore();
}
