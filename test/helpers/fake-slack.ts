import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One recorded call to the fake Web API (or to a response_url / upload URL). */
export interface SlackCall {
  method: string;
  path: string;
  params: Record<string, unknown>;
  headers: IncomingMessage['headers'];
  at: number;
  /** The body as received (uploaded file bytes included), for tests that read what was sent. */
  raw: string;
}

export interface FakeReply {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Never answer (to test timeouts). */
  hang?: boolean;
}

export interface FakeUser {
  id: string;
  email?: string;
  name?: string;
}

type Handler = (call: SlackCall) => FakeReply | undefined;

function parseParams(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  if (contentType?.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  if (contentType?.includes('multipart/form-data')) return { multipart: true, bytes: raw.length };
  const params: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    // The Web API client sends nested values (blocks, metadata) as JSON strings.
    params[k] = /^[[{]/.test(v) ? safeJson(v) : v;
  }
  return params;
}

function safeJson(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

/**
 * A local stand-in for Slack at the network boundary: the Web API (`/api/<method>`), response_url
 * (`/respond/<id>`) and file upload URLs (`/upload/<id>`). Records every call; answers with sensible
 * defaults; tests queue failures with `failNext` or take over a method with `on`.
 */
export class FakeSlack {
  readonly calls: SlackCall[] = [];
  readonly users = new Map<string, FakeUser>();
  readonly usergroups = new Map<string, string[]>();
  private readonly queued = new Map<string, FakeReply[]>();
  private readonly handlers = new Map<string, Handler>();
  private server!: Server;
  private ts = 1_700_000_000;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  /** Base URL for SLACK_API_URL. */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  responseUrl(id = 'r1'): string {
    return `${this.url}/respond/${id}`;
  }

  addUser(user: FakeUser): this {
    this.users.set(user.id, user);
    return this;
  }

  /** The next `times` calls of `method` get `reply` (then defaults resume). */
  failNext(method: string, reply: FakeReply, times = 1): this {
    const list = this.queued.get(method) ?? [];
    for (let i = 0; i < times; i++) list.push(reply);
    this.queued.set(method, list);
    return this;
  }

  on(method: string, handler: Handler): this {
    this.handlers.set(method, handler);
    return this;
  }

  callsTo(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Waits (by polling the record, not the clock) until `count` calls of `method` have arrived. */
  async waitFor(method: string, count = 1, timeoutMs = 10_000): Promise<SlackCall[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.callsTo(method).length < count) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${count} × ${method}; got ${this.callsTo(method).length}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    return this.callsTo(method);
  }

  reset(): void {
    this.calls.length = 0;
    this.queued.clear();
    this.handlers.clear();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const path = (req.url ?? '').split('?')[0] ?? '';
    const method = path.startsWith('/api/') ? path.slice(5) : path.startsWith('/respond/') ? 'response_url' : path.startsWith('/upload/') ? 'file_upload' : path;
    const call: SlackCall = { method, path, params: parseParams(raw, req.headers['content-type']), headers: req.headers, at: Date.now(), raw };
    this.calls.push(call);
    const reply = this.queued.get(method)?.shift() ?? this.handlers.get(method)?.(call) ?? this.defaultReply(call);
    if (reply.hang) return;
    const body = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? { ok: true });
    res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
    res.end(body);
  }

  private defaultReply(call: SlackCall): FakeReply {
    const p = call.params;
    switch (call.method) {
      case 'auth.test':
        return { body: { ok: true, user_id: 'UTALLYBOT', bot_id: 'BTALLY', team_id: 'T0TEST', user: 'tally' } };
      case 'users.info': {
        const user = this.users.get(String(p.user));
        if (!user) return { body: { ok: false, error: 'user_not_found' } };
        return { body: { ok: true, user: { id: user.id, name: user.name ?? user.id, profile: { email: user.email } } } };
      }
      case 'users.lookupByEmail': {
        const user = [...this.users.values()].find((u) => u.email?.toLowerCase() === String(p.email).toLowerCase());
        return user ? { body: { ok: true, user: { id: user.id } } } : { body: { ok: false, error: 'users_not_found' } };
      }
      case 'usergroups.users.list':
        return { body: { ok: true, users: this.usergroups.get(String(p.usergroup)) ?? [] } };
      case 'conversations.open':
        return { body: { ok: true, channel: { id: `D${String(p.users).slice(1)}` } } };
      case 'chat.postMessage':
      case 'chat.postEphemeral':
        return { body: { ok: true, channel: p.channel, ts: `${this.ts++}.000100` } };
      case 'files.getUploadURLExternal':
        return { body: { ok: true, upload_url: `${this.url}/upload/F${this.ts}`, file_id: `F${this.ts++}` } };
      case 'files.completeUploadExternal':
        return { body: { ok: true, files: [{ id: 'F1' }] } };
      case 'file_upload':
        return { body: 'OK' };
      default:
        return { body: { ok: true } };
    }
  }
}
