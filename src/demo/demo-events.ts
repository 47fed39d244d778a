import { addDays, dayInZone, startOfDayInZone } from '../domain/time-zone.js';
import { pick, seededRandom, zipfPicker } from './random.js';

interface TeamProfile {
  team: string | null;
  products: string[];
  taskTypes: string[];
  models: { model: string; provider: string; weight: number }[];
  users: string[];
  tasksPerDay: number;
  callsPerTask: [number, number];
  inputTokens: [number, number];
  outputTokens: [number, number];
  cacheShare: number;
  errorRate: number;
  /** Multiplier on the last `spikeDays` days: what an anomaly looks like. */
  spike?: { days: number; factor: number };
  runawayEvery?: number;
}

const CLAUDE_SONNET = { model: 'anthropic/claude-sonnet-4-5', provider: 'anthropic' };
const CLAUDE_OPUS = { model: 'claude-opus-4-1', provider: 'anthropic' };
const GPT4O = { model: 'openai/gpt-4o', provider: 'openai' };
const GPT4O_MINI = { model: 'gpt-4o-mini', provider: 'openai' };
const GEMINI_FLASH = { model: 'gemini-2.5-flash', provider: 'google' };

const PROFILES: TeamProfile[] = [
  {
    team: 'search',
    products: ['answers', 'query-rewrite'],
    taskTypes: ['rag-answer', 'rewrite'],
    models: [{ ...CLAUDE_SONNET, weight: 6 }, { ...GPT4O_MINI, weight: 3 }, { ...CLAUDE_OPUS, weight: 1 }],
    users: ['ana@example.com', 'bo@example.com', 'chen@example.com', 'dee@example.com'],
    tasksPerDay: 110,
    callsPerTask: [2, 6],
    inputTokens: [8_000, 24_000],
    outputTokens: [300, 1_200],
    cacheShare: 0.1,
    errorRate: 0.02,
  },
  {
    team: 'support',
    products: ['ticket-triage', 'reply-drafts'],
    taskTypes: ['triage', 'draft-reply'],
    models: [{ ...GPT4O, weight: 5 }, { ...GPT4O_MINI, weight: 4 }, { ...CLAUDE_SONNET, weight: 1 }],
    users: ['eve@example.com', 'finn@example.com', 'gus@example.com', 'hana@example.com', 'ivo@example.com'],
    tasksPerDay: 160,
    callsPerTask: [2, 5],
    inputTokens: [4_000, 12_000],
    outputTokens: [200, 900],
    cacheShare: 0.45,
    errorRate: 0.05,
  },
  {
    team: 'code-review',
    products: ['pr-review'],
    taskTypes: ['code-review', 'fix-suggestion'],
    models: [{ ...CLAUDE_OPUS, weight: 3 }, { ...CLAUDE_SONNET, weight: 7 }],
    users: ['jo@example.com', 'kai@example.com', 'lu@example.com'],
    tasksPerDay: 40,
    callsPerTask: [3, 12],
    inputTokens: [10_000, 40_000],
    outputTokens: [80, 400],
    cacheShare: 0.05,
    errorRate: 0.03,
    spike: { days: 2, factor: 3 },
    runawayEvery: 9,
  },
  {
    team: 'data-eng',
    products: ['sql-assistant'],
    taskTypes: ['sql-gen'],
    models: [{ ...GEMINI_FLASH, weight: 6 }, { model: 'acme-llama-70b', provider: 'self-hosted', weight: 2 }],
    users: ['max@example.com', 'nia@example.com'],
    tasksPerDay: 90,
    callsPerTask: [1, 4],
    inputTokens: [2_000, 8_000],
    outputTokens: [200, 800],
    cacheShare: 0.2,
    errorRate: 0.02,
  },
  {
    team: 'growth',
    products: ['copy-lab'],
    taskTypes: ['ad-copy'],
    models: [{ ...GPT4O, weight: 1 }, { ...GPT4O_MINI, weight: 2 }],
    users: ['oli@example.com', 'pia@example.com'],
    tasksPerDay: 50,
    callsPerTask: [1, 3],
    inputTokens: [1_000, 3_000],
    outputTokens: [300, 1_500],
    cacheShare: 0,
    errorRate: 0.01,
  },
  {
    team: 'platform',
    products: ['eval-harness'],
    taskTypes: ['eval-run'],
    models: [{ ...CLAUDE_SONNET, weight: 1 }, { ...GPT4O, weight: 1 }, { ...GEMINI_FLASH, weight: 1 }],
    users: ['quinn@example.com'],
    tasksPerDay: 15,
    callsPerTask: [5, 20],
    inputTokens: [3_000, 6_000],
    outputTokens: [200, 600],
    cacheShare: 0.3,
    errorRate: 0.01,
  },
  {
    // Calls the gateway could not attribute: shown as their own line, never spread silently.
    team: null,
    products: ['unknown'],
    taskTypes: ['adhoc'],
    models: [{ ...GPT4O, weight: 1 }, { ...CLAUDE_SONNET, weight: 1 }],
    users: ['svc-batch'],
    tasksPerDay: 12,
    callsPerTask: [1, 3],
    inputTokens: [2_000, 10_000],
    outputTokens: [100, 500],
    cacheShare: 0,
    errorRate: 0.02,
  },
];

export interface DemoEventOptions {
  now: Date;
  timezone: string;
  days?: number;
  seed?: number;
}

function between(random: () => number, [lo, hi]: [number, number]): number {
  return Math.round(lo + random() * (hi - lo));
}

/**
 * Nine weeks of agent traffic up to `now` (so month-over-month and 8-week trends have full history): weekday rhythm, Zipf-skewed users, a runaway task
 * now and then, a recent spike in code-review, unpriced self-hosted calls and unattributed calls.
 * Ids depend only on the seed and the calendar day, so re-running the demo the same day adds nothing.
 */
export function generateDemoEvents({ now, timezone, days = 63, seed = 42 }: DemoEventOptions): Record<string, unknown>[] {
  const events: Record<string, unknown>[] = [];
  const today = dayInZone(now, timezone);
  const firstDay = addDays(today, -(days - 1));
  for (const [p, profile] of PROFILES.entries()) {
    const random = seededRandom(seed * 1000 + p);
    const pickUser = zipfPicker(profile.users.length, 1.2, random);
    const modelBag = profile.models.flatMap((m) => Array.from({ length: m.weight }, () => m));
    for (let d = 0; d < days; d++) {
      const day = addDays(firstDay, d);
      const dayStart = startOfDayInZone(day, timezone).getTime();
      const isToday = day === today;
      const dayLength = isToday ? Math.max(0, now.getTime() - dayStart) : 24 * 3600 * 1000;
      const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
      const weekend = weekday === 0 || weekday === 6;
      const spiking = profile.spike && d >= days - profile.spike.days;
      let tasks = Math.round(profile.tasksPerDay * (weekend ? 0.35 : 1) * (spiking ? profile.spike!.factor : 1) * (0.85 + random() * 0.3));
      if (isToday) tasks = Math.round((tasks * dayLength) / (24 * 3600 * 1000));
      for (let t = 0; t < tasks; t++) {
        const taskId = `${profile.team ?? 'none'}-${day.replaceAll('-', '')}-${t}`;
        const product = pick(profile.products, random);
        const taskType = pick(profile.taskTypes, random);
        const user = profile.users[pickUser()]!;
        const runaway = profile.runawayEvery !== undefined && t % (profile.runawayEvery * 20) === 7;
        const calls = runaway ? 120 + between(random, [0, 80]) : between(random, profile.callsPerTask);
        let at = dayStart + random() * dayLength * 0.9;
        for (let c = 0; c < calls; c++) {
          const m = pick(modelBag, random);
          const input = between(random, profile.inputTokens);
          const cached = Math.round(input * profile.cacheShare * random() * 2);
          at += 1000 + random() * 20_000;
          if (at > now.getTime()) break;
          events.push({
            id: `demo-${seed}-${taskId}-${c}`,
            timestamp: new Date(at).toISOString(),
            team: profile.team,
            product,
            user,
            task_id: taskId,
            task_type: taskType,
            model: m.model,
            provider: m.provider,
            input_tokens: Math.max(0, input - cached),
            output_tokens: between(random, profile.outputTokens),
            cache_read_tokens: cached,
            tool_calls: runaway ? 3 + between(random, [0, 6]) : between(random, [0, 2]),
            status: random() < profile.errorRate * (runaway ? 6 : 1) ? 'error' : 'ok',
            tags: { env: random() < 0.9 ? 'prod' : 'staging', ...(profile.team === 'support' ? { queue: pick(['billing', 'bugs', 'account'], random) } : {}) },
          });
        }
      }
    }
  }
  return events;
}
