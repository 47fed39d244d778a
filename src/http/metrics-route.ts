import { sendText } from './http-kit.js';
import type { Route } from './route.js';

/** Prometheus scrape endpoint: counts and latencies only, never a team's figures, so it needs no token. */
export const metricsRoute: Route = {
  method: 'GET',
  path: '/metrics',
  async handle({ res, deps }) {
    const { registry } = deps.metrics;
    sendText(res, 200, await registry.metrics(), registry.contentType);
  },
};
