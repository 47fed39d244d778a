import { createHmac } from 'node:crypto';

export const TEST_SIGNING_SECRET = 'test-signing-secret-0123456789';
export const TEST_BOT_TOKEN = 'xoxb-test-token';

/** Slack's v0 signature over `v0:{timestamp}:{body}`. */
export function signSlackBody(body: string, timestamp: number, secret = TEST_SIGNING_SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SlashCommandInput {
  text: string;
  userId: string;
  channelId?: string;
  responseUrl: string;
  command?: string;
}

/** A slash-command payload exactly as Slack sends it (form-encoded). */
export function slashCommandBody(input: SlashCommandInput): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: 'T0TEST',
    team_domain: 'example',
    channel_id: input.channelId ?? 'C0GENERAL',
    channel_name: 'general',
    user_id: input.userId,
    user_name: input.userId.toLowerCase(),
    command: input.command ?? '/cost',
    text: input.text,
    api_app_id: 'A0TALLY',
    is_enterprise_install: 'false',
    response_url: input.responseUrl,
    trigger_id: '123.456.abc',
  }).toString();
}

export interface PostOptions {
  secret?: string;
  timestamp?: number;
  contentType?: string;
}

/** POSTs a correctly signed (or deliberately mis-signed) request to /slack/events. */
export async function postSigned(baseUrl: string, body: string, options: PostOptions = {}): Promise<Response> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  return fetch(`${baseUrl}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signSlackBody(body, timestamp, options.secret),
    },
    body,
  });
}

/** An interactive payload (button click) as Slack sends it: form field `payload` holding JSON. */
export function interactionBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** An Events API callback (e.g. app_home_opened) as Slack sends it: JSON. */
export function eventCallbackBody(event: Record<string, unknown>): string {
  return JSON.stringify({
    token: 'deprecated-verification-token',
    team_id: 'T0TEST',
    api_app_id: 'A0TALLY',
    event,
    type: 'event_callback',
    event_id: `Ev${Math.random().toString(36).slice(2, 10).toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
  });
}
