import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { isValidTimeZone } from '../domain/time-zone.js';
import { UserError } from '../errors.js';

const TEAM_KEY = /^[a-z0-9][a-z0-9_.-]{0,62}$/;
const slackUserOrEmail = z
  .string()
  .trim()
  .refine((s) => /^[UW][A-Z0-9]{2,}$/.test(s) || /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(s), 'must be a Slack user id (U…) or an email');
const usd = z.number().positive('must be more than 0').max(100_000_000, 'is implausibly large');
const thresholds = z
  .array(z.number().int().min(1).max(1000))
  .min(1)
  .transform((t) => [...new Set(t)].sort((a, b) => a - b));

const budgetFields = {
  monthly_usd: usd.optional(),
  weekly_usd: usd.optional(),
  thresholds: thresholds.optional(),
  owners: z.array(slackUserOrEmail).optional(),
};
const oneAmount = (b: { monthly_usd?: number; weekly_usd?: number }) => (b.monthly_usd === undefined) !== (b.weekly_usd === undefined);
const ONE_AMOUNT = 'set exactly one of monthly_usd or weekly_usd';

// Strict objects: an unknown key in teams.yml is almost always a typo (`owner:`), and silence would hide it.
const budgetAmount = z.strictObject(budgetFields).refine(oneAmount, ONE_AMOUNT);

const teamSchema = z.strictObject({
  key: z.string().regex(TEAM_KEY, 'must be lower-case letters, digits, ".", "_" or "-" (at most 63)'),
  name: z.string().trim().min(1).max(200).optional(),
  owners: z.array(slackUserOrEmail).default([]),
  members: z.array(slackUserOrEmail).default([]),
  usergroup: z.string().regex(/^S[A-Z0-9]{2,}$/, 'must be a Slack user group id (S…)').optional(),
  channel: z.string().regex(/^[CG][A-Z0-9]{2,}$/, 'must be a Slack channel id (C…)').optional(),
  digest: z.enum(['weekly', 'daily', 'off']).default('weekly'),
  budget: budgetAmount.optional(),
  value_metric: z.string().regex(/^[a-z0-9_.-]{1,100}$/, 'must be a metric name like tickets_resolved').optional(),
  anomaly: z
    .strictObject({
      min_usd: z.number().min(0).optional(),
      min_increase_pct: z.number().min(0).optional(),
      min_z: z.number().min(0).optional(),
    })
    .optional(),
});

const scopedBudget = z
  .union([
    z.strictObject({ team: z.string().regex(TEAM_KEY), ...budgetFields }),
    z.strictObject({ product: z.string().min(1).max(200), ...budgetFields }),
    z.strictObject({ tag: z.string().regex(/^[^=\s]+=[^=]+$/, 'must be key=value'), ...budgetFields }),
  ])
  .refine(oneAmount, ONE_AMOUNT);

export const teamsFileSchema = z
  .strictObject({
    timezone: z.string().refine(isValidTimeZone, 'must be an IANA time zone such as Europe/Berlin').optional(),
    visibility: z.enum(['team', 'open']).default('team'),
    admins: z.array(slackUserOrEmail).default([]),
    shared: z.strictObject({ monthly_usd: z.number().min(0), split: z.enum(['proportional', 'even']).default('proportional') }).optional(),
    litellm_team_map: z.record(z.string(), z.string().regex(TEAM_KEY)).optional(),
    teams: z.array(teamSchema).default([]),
    budgets: z.array(scopedBudget).default([]),
  })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.teams.forEach((team, i) => {
      if (seen.has(team.key)) ctx.addIssue({ code: 'custom', path: ['teams', i, 'key'], message: `duplicate team key "${team.key}"` });
      seen.add(team.key);
    });
  });

export type TeamsFile = z.output<typeof teamsFileSchema>;
export type TeamsFileTeam = TeamsFile['teams'][number];
export type TeamsFileBudget = TeamsFile['budgets'][number];

/** Parses teams.yml text; every problem is listed with its path (`teams[2].channel: …`). */
export function parseTeamsFile(text: string, source = 'teams.yml'): TeamsFile {
  let doc: unknown;
  try {
    doc = parseYaml(text) ?? {};
  } catch (err) {
    throw new UserError(`${source}: not valid YAML: ${(err as Error).message.split('\n')[0]}`, { cause: err });
  }
  const result = teamsFileSchema.safeParse(doc);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${formatPath(issue.path)}: ${issue.message}`);
    throw new UserError(`${source} has ${lines.length} problem${lines.length === 1 ? '' : 's'}:\n${lines.join('\n')}`);
  }
  return result.data;
}

function formatPath(path: PropertyKey[]): string {
  return path.reduce<string>((acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)), '') || '(top level)';
}

export async function readTeamsFile(path: string): Promise<TeamsFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new UserError(`cannot read teams file ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`, { cause: err });
  }
  return parseTeamsFile(text, path);
}
