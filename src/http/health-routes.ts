import { pendingMigrations } from '../store/migrate.js';
import { sendJson } from './http-kit.js';
import type { Route } from './route.js';

/**
 * Alive: the process answers HTTP. Deliberately not the database: a Postgres outage should take
 * replicas out of rotation (/readyz), not get every one of them restarted.
 */
export const healthzRoute: Route = {
  method: 'GET',
  path: '/healthz',
  async handle({ res }) {
    sendJson(res, 200, { status: 'ok' });
  },
};

/** Ready for traffic: database reachable and every migration applied. */
export const readyzRoute: Route = {
  method: 'GET',
  path: '/readyz',
  async handle({ res, deps }) {
    try {
      const pending = await pendingMigrations(deps.db);
      if (pending.length > 0) sendJson(res, 503, { status: 'migrations pending', pending });
      else sendJson(res, 200, { status: 'ready' });
    } catch {
      sendJson(res, 503, { status: 'database unreachable' });
    }
  },
};
