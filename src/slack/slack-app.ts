import type { RequestListener } from 'node:http';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import type { SlackMode } from '../config.js';
import type { AppDeps } from '../app-deps.js';
import { registerListeners } from './register-listeners.js';
import { SlackDirectory } from './slack-directory.js';
import { SlackNotifier } from './slack-notifier.js';
import { countSlackApiError, createSlackWebClient, slackLogger } from './slack-web.js';

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

export function createSlackSurface(mode: Exclude<SlackMode, { kind: 'off' }>, deps: AppDeps): SlackSurface {
  const logger = slackLogger(deps.log.child({ component: 'bolt' }));
  const clientOptions = { slackApiUrl: mode.apiUrl, retryConfig: { retries: 2, factor: 2, minTimeout: 300, maxTimeout: 3000 } };
  let app: App;
  let listener: RequestListener | undefined;
  if (mode.kind === 'socket') {
    app = new App({ token: mode.botToken, appToken: mode.appToken, socketMode: true, clientOptions, logger, logLevel: LogLevel.WARN });
  } else {
    const receiver = new HTTPReceiver({ signingSecret: mode.signingSecret, endpoints: '/slack/events', logger, logLevel: LogLevel.WARN });
    app = new App({ token: mode.botToken, receiver, clientOptions, logger, logLevel: LogLevel.WARN });
    listener = receiver.requestListener;
  }
  const notifier = deps.notifier ?? createNotifier(mode, deps);
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
