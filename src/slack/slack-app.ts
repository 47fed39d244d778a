import type { RequestListener } from 'node:http';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import type { SlackMode } from '../config.js';
import type { AppDeps } from '../app-deps.js';
import { registerListeners } from './register-listeners.js';
import { SlackDirectory } from './slack-directory.js';
import { SlackNotifier } from './slack-notifier.js';
import { countSlackApiError, createSlackWebClient, slackErrorCode, slackLogger } from './slack-web.js';
import { UserError } from '../errors.js';

export interface SlackSurface {
  app: App;
  /** Mounted at /slack/events on Tally's own server in HTTP mode. */
  listener?: RequestListener;
  notifier: SlackNotifier;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Creates the notifier jobs use (no Bolt app needed: a CLI job only posts). */
export function createNotifier(mode: Exclude<SlackMode, { kind: 'off' }>, deps: Pick<AppDeps, 'log' | 'metrics'>): SlackNotifier {
  return new SlackNotifier(createSlackWebClient({ token: mode.botToken, apiUrl: mode.apiUrl, log: deps.log }), deps.log, { metrics: deps.metrics });
}

const REFUSED_TOKEN = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired']);

/**
 * Asks Slack who the bot is, once, before Bolt starts. Left to Bolt, that call runs unawaited in App's
 * constructor: Slack unreachable at boot becomes an unhandled rejection (a crash) and a cached failure.
 * A refused token is a configuration error; anything else degrades to per-request verification.
 */
async function identifyBot(notifier: SlackNotifier, deps: AppDeps): Promise<{ botId: string; botUserId: string } | null> {
  try {
    const who = await notifier.client.auth.test();
    if (who.bot_id && who.user_id) return { botId: who.bot_id, botUserId: who.user_id };
  } catch (err) {
    const code = slackErrorCode(err);
    if (REFUSED_TOKEN.has(code)) throw new UserError(`Slack refused SLACK_BOT_TOKEN (${code}): check the token of the installed app`, { cause: err });
    deps.log.warn('Slack auth.test failed at start; verifying the token on each request until it answers', { code });
  }
  return null;
}

export async function createSlackSurface(mode: Exclude<SlackMode, { kind: 'off' }>, deps: AppDeps): Promise<SlackSurface> {
  const logger = slackLogger(deps.log.child({ component: 'bolt' }));
  const clientOptions = { slackApiUrl: mode.apiUrl, retryConfig: { retries: 2, factor: 2, minTimeout: 300, maxTimeout: 3000 } };
  const notifier = deps.notifier ?? createNotifier(mode, deps);
  const bot = await identifyBot(notifier, deps);
  const identity = bot ?? { tokenVerificationEnabled: false };
  let app: App;
  let listener: RequestListener | undefined;
  if (mode.kind === 'socket') {
    app = new App({ token: mode.botToken, appToken: mode.appToken, socketMode: true, clientOptions, logger, logLevel: LogLevel.WARN, ...identity });
  } else {
    const receiver = new HTTPReceiver({ signingSecret: mode.signingSecret, endpoints: '/slack/events', logger, logLevel: LogLevel.WARN });
    app = new App({ token: mode.botToken, receiver, clientOptions, logger, logLevel: LogLevel.WARN, ...identity });
    listener = receiver.requestListener;
  }
  const directory = new SlackDirectory(app.client, deps.log);
  app.error(async (error) => {
    countSlackApiError(deps.metrics, 'listener', error.original ?? error);
    deps.log.error('unhandled Slack listener error', { err: error });
  });
  registerListeners(app, { deps, directory, notifier });
  return {
    app,
    listener,
    notifier,
    // In HTTP mode our own server carries /slack/events; only Socket Mode has a connection to open.
    start: async () => {
      if (mode.kind === 'socket') await app.start();
    },
    stop: async () => {
      if (mode.kind === 'socket') await app.stop();
    },
  };
}
