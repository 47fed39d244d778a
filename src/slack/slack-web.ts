import { webApi } from '@slack/bolt';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';

export type WebClient = InstanceType<typeof webApi.WebClient>;

export interface SlackWebOptions {
  token: string;
  apiUrl?: string;
  log: Logger;
  /** Bounded: a job must finish, and an unsent message is retried by the next run anyway. */
  retries?: number;
  minRetryMs?: number;
  timeoutMs?: number;
}

/** The Web API client used by jobs; 429s wait for Retry-After, 5xx and timeouts retry a few times. */
export function createSlackWebClient(o: SlackWebOptions): WebClient {
  return new webApi.WebClient(o.token, {
    slackApiUrl: o.apiUrl,
    timeout: o.timeoutMs ?? 10_000,
    retryConfig: { retries: o.retries ?? 3, factor: 2, minTimeout: o.minRetryMs ?? 500, maxTimeout: 10_000 },
    logger: slackLogger(o.log),
    logLevel: webApi.LogLevel.WARN,
  });
}

/** Adapts our structured logger to the Slack SDK's logger interface. */
export function slackLogger(log: Logger) {
  let level = webApi.LogLevel.INFO;
  return {
    debug: (...m: unknown[]) => log.debug(m.map(String).join(' ')),
    info: (...m: unknown[]) => log.info(m.map(String).join(' ')),
    warn: (...m: unknown[]) => log.warn(m.map(String).join(' ')),
    error: (...m: unknown[]) => log.error(m.map(String).join(' ')),
    setLevel: (l: webApi.LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

/** Slack's error code from a Web API failure (`not_in_channel`, `ratelimited`, `http_500`, `request_failed`). */
export function slackErrorCode(err: unknown): string {
  const e = err as { code?: string; data?: { error?: string }; statusCode?: number; original?: Error };
  if (e?.data?.error) return e.data.error;
  if (e?.code === webApi.ErrorCode.HTTPError) return `http_${e.statusCode ?? 'error'}`;
  if (e?.code === webApi.ErrorCode.RateLimitedError) return 'ratelimited';
  if (e?.code === webApi.ErrorCode.RequestError) return 'request_failed';
  return 'unknown_error';
}

/**
 * Counts a Web API failure seen outside the notifier (listeners, /cost). Bolt's client binds each
 * method at construction, so the method name is not recoverable here; `source` stands in for it.
 */
export function countSlackApiError(metrics: Pick<Metrics, 'slackApiErrors'>, source: string, err: unknown): void {
  const code = (err as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && code.startsWith('slack_webapi_')) metrics.slackApiErrors.inc({ method: source, code: slackErrorCode(err) });
}
