import type { KnownBlock } from '@slack/types';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import { currentDelivery, type DeliveryAttempt } from './delivery-context.js';
import { slackErrorCode, type WebClient } from './slack-web.js';

export interface SlackMessage {
  text: string;
  blocks?: KnownBlock[];
  /** Hidden in the message; lets a later run recognise what it already sent. */
  metadata?: { event_type: string; event_payload: Record<string, string | number | boolean> };
}

/** How far back a retry looks for its earlier attempt's message: retries of one delivery span days at most. */
const RETRY_LOOKBACK_MS = 7 * 24 * 60 * 60 * 1000;

function withDeliveryKey(metadata: SlackMessage['metadata'], key: string): NonNullable<SlackMessage['metadata']> {
  return { event_type: metadata?.event_type ?? 'tally_delivery', event_payload: { ...metadata?.event_payload, delivery_key: key } };
}

export class SlackDeliveryError extends Error {
  constructor(
    readonly code: string,
    readonly method: string,
    options?: { cause?: unknown },
  ) {
    super(`Slack ${method} failed: ${code}`, options);
    this.name = 'SlackDeliveryError';
  }

  /** Errors that will not go away by retrying as is (the run records them and tells a human). */
  get permanent(): boolean {
    return ['channel_not_found', 'not_in_channel', 'is_archived', 'user_not_found', 'users_not_found', 'account_inactive', 'invalid_auth', 'missing_scope', 'not_authed', 'cannot_dm_bot'].includes(this.code);
  }
}

export interface NotifierOptions {
  /** Slack allows about one message per second per conversation. */
  minIntervalMs?: number;
  /** How long looked-up user ids and DM channels stay cached. */
  cacheTtlMs?: number;
  /** Counts failed calls by method and code for /metrics. */
  metrics?: Pick<Metrics, 'slackApiErrors'>;
}

/**
 * What jobs use to talk to Slack: paced per conversation, with Slack's error code on every failure.
 * Exactly-once is not this class's job; callers claim a delivery in Postgres before calling it.
 */
export class SlackNotifier {
  private readonly lastPost = new Map<string, number>();
  private readonly userIds = new Map<string, { id: string; at: number }>();
  private readonly dmChannels = new Map<string, string>();
  private readonly minIntervalMs: number;
  private readonly cacheTtlMs: number;
  private readonly metrics?: Pick<Metrics, 'slackApiErrors'>;

  constructor(
    readonly client: WebClient,
    private readonly log: Logger,
    options: NotifierOptions = {},
  ) {
    this.minIntervalMs = options.minIntervalMs ?? 1_100;
    this.cacheTtlMs = options.cacheTtlMs ?? 60 * 60 * 1000;
    this.metrics = options.metrics;
  }

  private async call<T>(method: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      const code = slackErrorCode(err);
      this.log.warn('slack call failed', { method, code });
      this.metrics?.slackApiErrors.inc({ method, code });
      throw new SlackDeliveryError(code, method, { cause: err });
    }
  }

  private async pace(conversation: string): Promise<void> {
    const last = this.lastPost.get(conversation);
    const wait = last === undefined ? 0 : last + this.minIntervalMs - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    this.lastPost.set(conversation, Date.now());
  }

  /**
   * Posts to a channel or DM; returns the message ts. Inside deliverOnce the message carries its
   * delivery key in metadata, and a retry returns the earlier attempt's message instead of posting twice.
   */
  async post(channel: string, message: SlackMessage): Promise<string> {
    const delivery = currentDelivery();
    const earlier = delivery?.retry ? await this.alreadyPosted(channel, delivery) : null;
    if (earlier) return earlier;
    await this.pace(channel);
    const result = await this.call('chat.postMessage', () =>
      this.client.chat.postMessage({
        channel,
        text: message.text,
        blocks: message.blocks,
        metadata: delivery ? withDeliveryKey(message.metadata, delivery.key) : message.metadata,
        unfurl_links: false,
        unfurl_media: false,
      }),
    );
    // Counted from when Slack answered: a slow call must not let the next post in early.
    this.lastPost.set(channel, Date.now());
    return String(result.ts ?? '');
  }

  /** A Slack user id for an owner written as `U…` or as an email (users.lookupByEmail, cached). */
  async resolveUserId(userOrEmail: string): Promise<string> {
    if (/^[UW][A-Z0-9]+$/.test(userOrEmail)) return userOrEmail;
    const key = userOrEmail.toLowerCase();
    const cached = this.userIds.get(key);
    if (cached && Date.now() - cached.at < this.cacheTtlMs) return cached.id;
    const result = await this.call('users.lookupByEmail', () => this.client.users.lookupByEmail({ email: userOrEmail }));
    const id = result.user?.id;
    if (!id) throw new SlackDeliveryError('users_not_found', 'users.lookupByEmail');
    this.userIds.set(key, { id, at: Date.now() });
    return id;
  }

  /** Opens (or reuses) the DM with a user; returns its channel id. */
  async openDm(userOrEmail: string): Promise<string> {
    const userId = await this.resolveUserId(userOrEmail);
    const cached = this.dmChannels.get(userId);
    if (cached) return cached;
    const result = await this.call('conversations.open', () => this.client.conversations.open({ users: userId }));
    const channel = result.channel?.id;
    if (!channel) throw new SlackDeliveryError('channel_not_found', 'conversations.open');
    this.dmChannels.set(userId, channel);
    return channel;
  }

  async dm(userOrEmail: string, message: SlackMessage): Promise<string> {
    return this.post(await this.openDm(userOrEmail), message);
  }

  /**
   * The ts of a message in `channel` since `oldest` whose metadata carries `delivery_key`, or null.
   * Reads conversations.history: the app needs channels:history, groups:history and im:history.
   */
  async findPostedMessage(channel: string, deliveryKey: string, oldest: Date): Promise<string | null> {
    let cursor: string | undefined;
    // Bounded: five pages of 200 reach far past any retry's window in all but the busiest channels.
    for (let page = 0; page < 5; page++) {
      const history = await this.call('conversations.history', () =>
        this.client.conversations.history({ channel, oldest: String(oldest.getTime() / 1000), limit: 200, include_all_metadata: true, cursor }),
      );
      const hit = history.messages?.find((m) => (m.metadata?.event_payload as { delivery_key?: unknown } | undefined)?.delivery_key === deliveryKey);
      if (hit?.ts) return hit.ts;
      cursor = history.response_metadata?.next_cursor || undefined;
      if (!cursor) break;
    }
    return null;
  }

  /** On a delivery's retry: the message its earlier attempt landed, if any (a failed lookup means "send"). */
  private async alreadyPosted(channel: string, delivery: DeliveryAttempt): Promise<string | null> {
    const oldest = new Date(delivery.now.getTime() - RETRY_LOOKBACK_MS);
    try {
      const ts = await this.findPostedMessage(channel, delivery.key, oldest);
      if (ts) this.log.info('earlier attempt already posted this message; not posting again', { channel, deliveryKey: delivery.key, ts });
      return ts;
    } catch (err) {
      this.log.warn('could not look for an earlier attempt; posting', { channel, deliveryKey: delivery.key, code: (err as SlackDeliveryError).code });
      return null;
    }
  }

  /** Uploads a file into a conversation (files.uploadV2: get URL, upload, complete). */
  async upload(channel: string, file: { filename: string; data: Buffer; title?: string; initialComment?: string }): Promise<void> {
    await this.pace(channel);
    await this.call('files.uploadV2', () =>
      this.client.filesUploadV2({
        channel_id: channel,
        file: file.data,
        filename: file.filename,
        title: file.title,
        initial_comment: file.initialComment,
      }),
    );
  }

  /**
   * Uploads an image without sharing it anywhere and returns its file id, for an `image` block's
   * `slack_file`: the picture then sits inside one Block Kit message instead of a message of its own.
   */
  async uploadPrivateImage(file: { filename: string; data: Buffer; altText: string }): Promise<string> {
    const target = await this.call('files.getUploadURLExternal', () =>
      this.client.files.getUploadURLExternal({ filename: file.filename, length: file.data.length, alt_text: file.altText }),
    );
    const { upload_url: uploadUrl, file_id: fileId } = target;
    if (!uploadUrl || !fileId) throw new SlackDeliveryError('invalid_upload_target', 'files.getUploadURLExternal');
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(file.data)], { type: 'image/png' }), file.filename);
    const response = await fetch(uploadUrl, { method: 'POST', body: form }).catch((err: unknown) => {
      throw new SlackDeliveryError('request_failed', 'files.upload', { cause: err });
    });
    if (!response.ok) throw new SlackDeliveryError(`http_${response.status}`, 'files.upload');
    await this.call('files.completeUploadExternal', () => this.client.files.completeUploadExternal({ files: [{ id: fileId, title: file.filename }] }));
    return fileId;
  }
}
