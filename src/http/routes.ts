import { eventsRoute } from './events-route.js';
import { healthzRoute, readyzRoute } from './health-routes.js';
import { metricsRoute } from './metrics-route.js';
import { outcomesRoute } from './outcomes-route.js';
import type { Route } from './route.js';
import { tracesRoute } from './traces-route.js';

/** Every HTTP route Tally serves besides Slack's /slack/events. */
export const routes: readonly Route[] = [eventsRoute, healthzRoute, readyzRoute, metricsRoute, tracesRoute, outcomesRoute];
