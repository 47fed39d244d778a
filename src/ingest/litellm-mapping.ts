import type { RawEvent } from './event-schema.js';
import type { LitellmSpendLogRow } from '../store/litellm-source-store.js';

// The event contract's limits (event-schema.ts): a tag problem must never cost us the spend, so
// tags are clipped or dropped here, and counted, instead of failing validation.
const MAX_TAGS = 50;
const MAX_TAG_KEY = 100;
const MAX_TAG_VALUE = 200;
const MAX_LABEL = 200;

export interface LitellmMapping {
  event: RawEvent;
  /** Tags truncated or dropped to fit the event contract. */
  tagWarnings: number;
}

export interface TeamMapping {
  /** teams.yml `litellm_team_map`: LiteLLM team alias or team id → Tally team key. */
  map: Readonly<Record<string, string>>;
}

function text(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed ? trimmed.slice(0, MAX_LABEL) : null;
}

function objectOf(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Mapped alias, mapped id, then the alias itself, then the id (unmapped LiteLLM teams keep their name). */
export function tallyTeamFor(teamId: string | null, teamAlias: string | null, teams: TeamMapping): string | null {
  for (const name of [teamAlias, teamId]) {
    if (name && Object.hasOwn(teams.map, name)) return teams.map[name] ?? null;
  }
  return teamAlias ?? teamId;
}

/**
 * `k:v` and `k=v` become key/value (split at the first separator), bare strings `tag=<value>`. A key
 * seen twice keeps its first value; past 50 keys the rest are dropped; long keys/values are clipped.
 */
export function tagsFromRequestTags(requestTags: unknown): { tags: Record<string, string>; warnings: number } {
  const tags: Record<string, string> = {};
  let warnings = 0;
  const list = Array.isArray(requestTags) ? requestTags : [];
  for (const item of list) {
    if (typeof item !== 'string' || item.trim() === '') {
      warnings += 1;
      continue;
    }
    const raw = item.trim();
    const at = raw.search(/[:=]/);
    let key = at > 0 ? raw.slice(0, at).trim() : '';
    let value = at > 0 ? raw.slice(at + 1).trim() : raw;
    if (!key) {
      key = 'tag';
      value = raw;
    }
    if (key.length > MAX_TAG_KEY || value.length > MAX_TAG_VALUE) {
      warnings += 1;
      key = key.slice(0, MAX_TAG_KEY);
      value = value.slice(0, MAX_TAG_VALUE);
    }
    if (Object.hasOwn(tags, key) || Object.keys(tags).length >= MAX_TAGS) {
      warnings += 1;
      continue;
    }
    tags[key] = value;
  }
  return { tags, warnings };
}

/**
 * One LiteLLM spend-log row → one Tally wire event (validated, priced and deduped by `ingestEvents`).
 * LiteLLM's spend is reported, so it wins over Tally's list prices.
 */
export function mapSpendLog(row: LitellmSpendLogRow, teams: TeamMapping): LitellmMapping {
  const metadata = objectOf(row.metadata);
  const extra = objectOf(metadata.spend_logs_metadata);
  const { tags, warnings } = tagsFromRequestTags(row.request_tags);
  const teamId = text(row.team_id) ?? text(metadata.user_api_key_team_id);
  const event: RawEvent = {
    id: row.request_id,
    timestamp: `${row.start_time}Z`,
    team: tallyTeamFor(teamId, text(metadata.user_api_key_team_alias), teams),
    product: text(extra.product) ?? text(metadata.user_api_key_alias),
    user: text(row.user_id) ?? text(row.end_user),
    task_id: text(row.session_id) ?? text(extra.task_id),
    task_type: text(extra.task_type),
    model: text(row.model),
    provider: text(row.custom_llm_provider),
    input_tokens: row.prompt_tokens ?? 0,
    output_tokens: row.completion_tokens ?? 0,
    cost_usd: row.spend ?? null,
    status: row.status === 'failure' ? 'error' : 'ok',
    tags,
  };
  return { event, tagWarnings: warnings };
}
