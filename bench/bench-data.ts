import type { Team } from '../src/domain/team-directory.js';
import { pick, seededRandom, zipfPicker } from '../src/demo/random.js';

/** The shape of the generated org; defaults are the "realistic" size. */
export interface DataShape {
  events: number;
  teams: number;
  products: number;
  users: number;
  models: number;
  days: number;
  /** Average calls per task is events / tasks. */
  tasks: number;
  seed: number;
  /** The last instant of generated traffic; the server's clock is pinned here. */
  end: Date;
}

export const DEFAULT_END = new Date('2026-11-20T12:00:00Z');

export function defaultShape(events: number, seed = 7): DataShape {
  return {
    events,
    teams: Math.min(1000, Math.max(10, Math.round(events / 1_000))),
    products: 50,
    users: Math.min(20_000, Math.max(50, Math.round(events / 50))),
    models: 20,
    days: 90,
    tasks: Math.max(1, Math.round(events / 10)),
    seed,
    end: DEFAULT_END,
  };
}

/** Models the bundled price table knows, so generated calls are priced as real ones would be. */
const MODELS = [
  ['gpt-5', 'openai'], ['gpt-5-mini', 'openai'], ['gpt-5-nano', 'openai'], ['gpt-4.1', 'openai'], ['gpt-4.1-mini', 'openai'],
  ['gpt-4.1-nano', 'openai'], ['gpt-4o', 'openai'], ['gpt-4o-mini', 'openai'], ['o4-mini', 'openai'],
  ['text-embedding-3-small', 'openai'], ['claude-opus-4-5', 'anthropic'], ['claude-opus-4-1', 'anthropic'],
  ['claude-sonnet-4-5', 'anthropic'], ['claude-sonnet-4', 'anthropic'], ['claude-haiku-4-5', 'anthropic'],
  ['claude-3-5-haiku', 'anthropic'], ['gemini-2.5-pro', 'google'], ['gemini-2.5-flash', 'google'],
  ['gemini-2.5-flash-lite', 'google'], ['acme-llama-70b', 'self-hosted'],
] as const;

const TASK_TYPES = ['rag-answer', 'triage', 'code-review', 'sql-gen', 'draft-reply', 'eval-run', 'summarize', 'classify'];
const FEATURES = ['search', 'chat', 'review', 'reports', 'alerts', 'onboarding', 'billing', 'export'];

export interface BenchTeam {
  key: string;
  products: string[];
  users: string[];
  models: (typeof MODELS)[number][];
  features: string[];
  /** Slack user who is a member (the `/cost myteam` asker) and the team's channel. */
  memberId: string;
  channel: string;
}

export interface BenchOrg {
  shape: DataShape;
  teams: BenchTeam[];
  /** Index of the team each task belongs to, Zipf-skewed: a few teams carry most of the traffic. */
  pickTeam: () => number;
}

export const ADMIN_USER = 'UBENCHADMIN';

export function teamKey(i: number): string {
  return `team-${String(i + 1).padStart(4, '0')}`;
}

export function taskId(seed: number, n: number): string {
  return `task-${seed}-${n.toString(36)}`;
}

/** Teams, their products, users and models: the same for a given seed on every machine. */
export function buildOrg(shape: DataShape): BenchOrg {
  const random = seededRandom(shape.seed);
  const models = MODELS.slice(0, Math.min(shape.models, MODELS.length));
  const teams: BenchTeam[] = Array.from({ length: shape.teams }, (_, i) => ({
    key: teamKey(i),
    products: Array.from({ length: 1 + Math.floor(random() * 3) }, () => `product-${1 + Math.floor(random() * shape.products)}`),
    users: [],
    models: Array.from({ length: 2 + Math.floor(random() * 3) }, () => pick(models, random)),
    features: Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(FEATURES, random)),
    memberId: `UB${String(i + 1).padStart(5, '0')}`,
    channel: `CB${String(i + 1).padStart(5, '0')}`,
  }));
  // Every team gets a user; the rest are spread with a milder skew than traffic (big teams, many people).
  const pickHome = zipfPicker(shape.teams, 0.8, random);
  for (let u = 0; u < shape.users; u++) {
    const home = u < shape.teams ? u : pickHome();
    teams[home]!.users.push(`user${u + 1}@bench.example`);
  }
  return { shape, teams, pickTeam: zipfPicker(shape.teams, 1, seededRandom(shape.seed + 1)) };
}

/** The directory as `teams` rows: one member per team, every team with a channel for digests. */
export function benchTeams(org: BenchOrg): Team[] {
  return org.teams.map((t) => ({
    key: t.key,
    name: `Team ${t.key.slice(5)}`,
    owners: [t.memberId],
    members: [t.memberId],
    usergroup: null,
    channel: t.channel,
    digest: 'weekly',
    valueMetric: null,
    settings: {},
  }));
}

/** Each team books its calls on a few cost centers (a tag): what tag budgets are set on. */
export const COST_CENTERS_PER_TEAM = 4;

export function costCenterOf(team: BenchTeam, n: number): string {
  return `cc-${team.key.slice(5)}-${n}`;
}

export type WireEvent = Record<string, unknown>;

/**
 * Streams events as the gateway would send them, task by task: each task starts at a random instant
 * of the window (so 1M events already span all days, at a tenth of the density) and its calls follow
 * seconds apart. About 2% errors, 1% unattributed and 1% unpriced (self-hosted) calls.
 */
export function* generateBatches(org: BenchOrg, batchSize: number): Generator<WireEvent[]> {
  const { shape } = org;
  const random = seededRandom(shape.seed + 2);
  const endMs = shape.end.getTime();
  const spanMs = shape.days * 24 * 3600 * 1000;
  const meanCalls = shape.events / shape.tasks;
  let batch: WireEvent[] = [];
  let emitted = 0;
  for (let t = 0; emitted < shape.events; t++) {
    const team = org.teams[org.pickTeam()]!;
    const id = taskId(shape.seed, t);
    const product = pick(team.products, random);
    const user = pick(team.users, random);
    const taskType = pick(TASK_TYPES, random);
    const unattributed = random() < 0.01;
    const costCenter = costCenterOf(team, Math.floor(random() * COST_CENTERS_PER_TEAM));
    // Geometric-ish call counts with the right mean, and now and then a runaway task.
    const calls = Math.min(shape.events - emitted, random() < 0.002 ? 200 : 1 + Math.floor(-Math.log(1 - random()) * (meanCalls - 1)));
    let at = endMs - spanMs + random() * (spanMs - 3600_000);
    for (let c = 0; c < calls; c++) {
      const [model, provider] = pick(team.models, random);
      at += 500 + random() * 15_000;
      const input = 500 + Math.floor(random() * 20_000);
      const cached = random() < 0.3 ? Math.floor(input * random() * 0.8) : 0;
      batch.push({
        id: `req_${shape.seed}_${(emitted++).toString(36)}`,
        timestamp: new Date(Math.min(at, endMs)).toISOString(),
        team: unattributed ? null : team.key,
        product,
        user,
        task_id: id,
        task_type: taskType,
        model,
        provider,
        input_tokens: input - cached,
        output_tokens: 50 + Math.floor(random() * 1500),
        cache_read_tokens: cached,
        tool_calls: Math.floor(random() * 3),
        status: random() < 0.02 ? 'error' : 'ok',
        tags: { env: random() < 0.9 ? 'prod' : 'staging', feature: pick(team.features, random), cost_center: costCenter },
      });
      if (batch.length === batchSize) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length > 0) yield batch;
}
