import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../log.js';
import type { AppDeps } from '../app-deps.js';

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  requestId: string;
  log: Logger;
  deps: AppDeps;
}

export interface Route {
  method: 'GET' | 'POST';
  path: string;
  handle(ctx: RouteContext): Promise<void>;
}
