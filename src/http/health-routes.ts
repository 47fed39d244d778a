import { pendingMigrations } from '../store/migrate.js';
import { sendJson } from './http-kit.js';
import type { Route } from './route.js';

/** Alive and able to reach the database. */
export const healthzRoute: Route = {
  method: 'GET',
  path: '/healthz',
  async handle({ res, deps }) {
    try {
      await deps.db.query('SELECT 1');
      sendJson(res, 200, { status: 'ok' });
    } catch {
      sendJson(res, 503, { status: 'database unreachable' });
    }
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
