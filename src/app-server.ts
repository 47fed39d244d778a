import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppDeps } from './app-deps.js';
import { routes } from './http/routes.js';
import { createHttpServer } from './http/server.js';
import { createSlackSurface, type SlackSurface } from './slack/slack-app.js';

export interface RunningServer {
  server: Server;
  port: number;
  slack: SlackSurface | null;
  /** Stops accepting, lets in-flight requests finish (at most `graceMs`), stops Slack. */
  close(graceMs?: number): Promise<void>;
}

/** Ingest, health and (when configured) Slack on one port. */
export async function startAppServer(deps: AppDeps, port = deps.config.port): Promise<RunningServer> {
  const { config, log } = deps;
  const slack = config.slack.kind === 'off' ? null : await createSlackSurface(config.slack, deps);
  if (!slack) log.info('Slack is not configured (no SLACK_BOT_TOKEN): serving ingest and health only');
  const server = createHttpServer({ deps, routes, slackListener: slack?.listener });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve());
  });
  await slack?.start();
  const actualPort = (server.address() as AddressInfo).port;
  log.info('listening', { port: actualPort, slack: config.slack.kind });
  return {
    server,
    port: actualPort,
    slack,
    async close(graceMs = 10_000) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), graceMs);
      await closed;
      clearTimeout(timer);
      await slack?.stop();
    },
  };
}
