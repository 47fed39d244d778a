import { z } from 'zod';
import { isValidTimeZone } from './domain/time-zone.js';

const cronExpression = z.string().trim().regex(/^(\S+\s+){4,5}\S+$/, 'must be a cron expression with 5 or 6 fields');

const ingestToken = z.object({ token: z.string().min(8), teams: z.array(z.string()).nullable() });
export type IngestToken = z.infer<typeof ingestToken>;

/** `tok1:search|ads,tok2` → a token scoped to two teams and an unscoped one. */
function parseIngestTokens(raw: string): IngestToken[] {
  return raw
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part) => {
      const [token = '', scope] = part.split(':');
      return { token, teams: scope ? scope.split('|').filter(Boolean) : null };
    });
}

const envSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  TALLY_TIMEZONE: z.string().refine(isValidTimeZone, 'must be an IANA time zone such as Europe/Berlin').optional(),
  TALLY_INGEST_TOKENS: z
    .string()
    .default('')
    .transform(parseIngestTokens)
    .pipe(z.array(ingestToken)),
  TALLY_TEAMS_FILE: z.string().optional(),
  TALLY_PRICES_FILE: z.string().optional(),
  TALLY_DATA_DIR: z.string().default('.tally'),
  TALLY_BUDGET_CRON: cronExpression.default('*/15 * * * *'),
  TALLY_DIGEST_CRON: cronExpression.optional(),
  TALLY_ANOMALY_CRON: cronExpression.default('5 * * * *'),
  TALLY_LITELLM_URL: z.string().optional(),
  TALLY_RAW_RETENTION_DAYS: z.coerce.number().int().min(1).default(400),
  TALLY_INGEST_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  TALLY_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  SLACK_BOT_TOKEN: z.string().optional(),
  SLACK_SIGNING_SECRET: z.string().optional(),
  SLACK_APP_TOKEN: z.string().optional(),
  SLACK_API_URL: z.string().url().optional(),
});

export type SlackMode =
  | { kind: 'off' }
  | { kind: 'http'; botToken: string; signingSecret: string; apiUrl?: string }
  | { kind: 'socket'; botToken: string; appToken: string; signingSecret?: string; apiUrl?: string };

export interface Config {
  databaseUrl?: string;
  port: number;
  /** Set only when TALLY_TIMEZONE is: otherwise the org calendar stays what teams.yml (or the default, UTC) made it. */
  timezone?: string;
  ingestTokens: IngestToken[];
  ingestRatePerMinute: number;
  teamsFile?: string;
  pricesFile?: string;
  dataDir: string;
  budgetCron: string;
  digestCron?: string;
  anomalyCron: string;
  litellmUrl?: string;
  rawRetentionDays: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  slack: SlackMode;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function slackModeFrom(env: z.infer<typeof envSchema>, problems: string[]): SlackMode {
  const { SLACK_BOT_TOKEN: botToken, SLACK_SIGNING_SECRET: signingSecret, SLACK_APP_TOKEN: appToken } = env;
  const apiUrl = env.SLACK_API_URL;
  if (!botToken && !signingSecret && !appToken) return { kind: 'off' };
  if (!botToken) {
    problems.push('SLACK_BOT_TOKEN: required when SLACK_SIGNING_SECRET or SLACK_APP_TOKEN is set');
    return { kind: 'off' };
  }
  if (appToken) return { kind: 'socket', botToken, appToken, signingSecret, apiUrl };
  if (!signingSecret) {
    problems.push('SLACK_SIGNING_SECRET: required in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)');
    return { kind: 'off' };
  }
  return { kind: 'http', botToken, signingSecret, apiUrl };
}

/** Reads the environment once; lists every problem at once instead of failing on the first. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  const slack = slackModeFrom(e, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    databaseUrl: e.DATABASE_URL,
    port: e.PORT,
    timezone: e.TALLY_TIMEZONE,
    ingestTokens: e.TALLY_INGEST_TOKENS,
    ingestRatePerMinute: e.TALLY_INGEST_RATE_PER_MINUTE,
    teamsFile: e.TALLY_TEAMS_FILE,
    pricesFile: e.TALLY_PRICES_FILE,
    dataDir: e.TALLY_DATA_DIR,
    budgetCron: e.TALLY_BUDGET_CRON,
    digestCron: e.TALLY_DIGEST_CRON,
    anomalyCron: e.TALLY_ANOMALY_CRON,
    litellmUrl: e.TALLY_LITELLM_URL,
    rawRetentionDays: e.TALLY_RAW_RETENTION_DAYS,
    logLevel: e.TALLY_LOG_LEVEL,
    slack,
  };
}
