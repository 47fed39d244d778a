import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { isDatabaseUnavailable, isUnstorableText } from '../store/db.js';
import type { AppDeps } from '../app-deps.js';
import { HttpError, requestIdOf, sendJson } from './http-kit.js';
import type { Route } from './route.js';

export interface HttpServerOptions {
  deps: AppDeps;
  routes: readonly Route[];
  /** Bolt's receiver for /slack/events, when the Slack surface is on. */
  slackListener?: RequestListener;
}

/** One server for ingest, health and Slack; one place that turns failures into status codes. */
export function createHttpServer({ deps, routes, slackListener }: HttpServerOptions): Server {
  const table = new Map(routes.map((r) => [`${r.method} ${r.path}`, r]));
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const requestId = requestIdOf(req);
    const route = table.get(`${req.method} ${path}`);
    const isSlack = path === '/slack/events' && slackListener !== undefined;
    observeLatency(deps, req, res, isSlack || route ? path : 'unmatched');
    if (isSlack) {
      res.setHeader('x-request-id', requestId);
      res.once('finish', () => deps.log.debug('slack request', { requestId, status: res.statusCode }));
      slackListener(req, res);
      return;
    }
    const log = deps.log.child({ requestId, route: path });
    if (!route) {
      const known = routes.some((r) => r.path === path);
      sendJson(res, known ? 405 : 404, { error: known ? 'method not allowed' : 'not found' }, { 'x-request-id': requestId });
      return;
    }
    res.setHeader('x-request-id', requestId);
    route.handle({ req, res, requestId, log, deps }).catch((err: unknown) => {
      if (res.headersSent) {
        log.error('failed after response started', { err });
        res.destroy();
        return;
      }
      if (err instanceof HttpError) {
        if (err.status >= 500) log.error(err.message);
        sendJson(res, err.status, { error: err.message }, err.headers);
      } else if (isUnstorableText(err)) {
        log.warn('input Postgres cannot store', { err: (err as Error).message });
        sendJson(res, 400, { error: 'text fields must not contain NUL characters or broken Unicode' });
      } else if (isDatabaseUnavailable(err)) {
        log.warn('database unavailable', { err: (err as Error).message });
        sendJson(res, 503, { error: 'database temporarily unavailable; retry' }, { 'retry-after': '5' });
      } else {
        log.error('unexpected error', { err });
        sendJson(res, 500, { error: `internal error (request ${requestId})` });
      }
      // A refused upload may still be streaming; don't keep reading it.
      if (!req.complete) req.resume();
    });
  });
}

/** Latency per route; unknown paths share one label so scanners can't grow the series without bound. */
function observeLatency(deps: AppDeps, req: IncomingMessage, res: ServerResponse, route: string): void {
  const method = req.method === 'GET' || req.method === 'POST' ? req.method : 'other';
  const stop = deps.metrics.httpDuration.startTimer({ method, route });
  res.once('close', () => stop({ status: String(res.statusCode) }));
}
