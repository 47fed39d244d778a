-- Tally's core: raw usage events (partitioned by month), the dedupe ledger, the rollups every command
-- reads, the team directory and job coordination. Money is integer nano-dollars (1e-9 USD) throughout.
-- In rollups an absent dimension is '' (not NULL) so it can sit in a primary key; team '' = unattributed.

CREATE TABLE org_settings (
  id          boolean PRIMARY KEY DEFAULT true CHECK (id),
  timezone    text NOT NULL DEFAULT 'UTC',            -- org calendar: days, weeks and months in every rollup
  visibility  text NOT NULL DEFAULT 'team' CHECK (visibility IN ('team', 'open')),
  admins      text[] NOT NULL DEFAULT '{}',           -- Slack user ids or emails
  config      jsonb NOT NULL DEFAULT '{}',            -- the rest of teams.yml's top level (shared costs, maps)
  updated_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO org_settings DEFAULT VALUES;

CREATE TABLE teams (
  key           text PRIMARY KEY,
  name          text NOT NULL,
  owners        text[] NOT NULL DEFAULT '{}',         -- Slack user ids or emails
  members       text[] NOT NULL DEFAULT '{}',
  usergroup     text,                                 -- Slack user group id whose users are members
  channel       text,                                 -- team channel: digests, notices
  digest        text NOT NULL DEFAULT 'weekly' CHECK (digest IN ('weekly', 'daily', 'off')),
  value_metric  text,
  settings      jsonb NOT NULL DEFAULT '{}',          -- per-team knobs (anomaly gates, ...)
  updated_at    timestamptz NOT NULL DEFAULT now()
);

-- Every event id ever accepted: the idempotency key must hold across partitions, and a partitioned
-- table's unique index would have to include the partition key.
CREATE TABLE usage_event_ids (
  event_id     text PRIMARY KEY,
  occurred_at  timestamptz NOT NULL
);

CREATE TABLE usage_events (
  event_id            text NOT NULL,
  occurred_at         timestamptz NOT NULL,
  day                 date NOT NULL,                  -- calendar day in the org timezone at ingest
  team                text,                           -- NULL = unattributed
  product             text,
  user_id             text,
  task_id             text,
  task_type           text,
  model               text,
  provider            text,
  input_tokens        bigint NOT NULL DEFAULT 0,      -- uncached input tokens
  output_tokens       bigint NOT NULL DEFAULT 0,
  cache_read_tokens   bigint NOT NULL DEFAULT 0,
  cache_write_tokens  bigint NOT NULL DEFAULT 0,
  tool_calls          integer NOT NULL DEFAULT 0,
  cost_nanos          bigint,                         -- NULL = unpriced (never silently $0)
  cost_source         text NOT NULL CHECK (cost_source IN ('reported', 'priced', 'unpriced')),
  status              text NOT NULL DEFAULT 'ok' CHECK (status IN ('ok', 'error')),
  tags                jsonb NOT NULL DEFAULT '{}',
  ingested_at         timestamptz NOT NULL DEFAULT now()
) PARTITION BY RANGE (occurred_at);

-- Creates the month's partition on first use; safe to call concurrently.
CREATE FUNCTION tally_ensure_usage_partition(month_start date) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  part text := format('usage_events_%s', to_char(month_start, 'YYYY_MM'));
BEGIN
  IF to_regclass(part) IS NOT NULL THEN RETURN; END IF;
  PERFORM pg_advisory_xact_lock(hashtext('tally_usage_partition'));
  IF to_regclass(part) IS NOT NULL THEN RETURN; END IF;
  EXECUTE format(
    'CREATE TABLE %I PARTITION OF usage_events FOR VALUES FROM (%L) TO (%L)',
    part, (month_start::timestamp AT TIME ZONE 'UTC'), ((month_start + interval '1 month')::timestamp AT TIME ZONE 'UTC')
  );
EXCEPTION
  -- Another session created it between our check and our CREATE (its catalog row wasn't visible yet).
  WHEN duplicate_table OR unique_violation THEN NULL;
END $$;

-- Spend per calendar day and (team, product, user, model): what every team answer reads.
CREATE TABLE daily_spend (
  team                text NOT NULL,
  day                 date NOT NULL,
  product             text NOT NULL,
  user_id             text NOT NULL,
  model               text NOT NULL,
  calls               bigint NOT NULL,
  error_calls         bigint NOT NULL,
  unpriced_calls      bigint NOT NULL,
  input_tokens        bigint NOT NULL,
  output_tokens       bigint NOT NULL,
  cache_read_tokens   bigint NOT NULL,
  cache_write_tokens  bigint NOT NULL,
  tool_calls          bigint NOT NULL,
  cost_nanos          bigint NOT NULL,                -- priced and reported calls only
  last_event_at       timestamptz NOT NULL,           -- freshness
  PRIMARY KEY (team, day, product, user_id, model)
);
CREATE INDEX daily_spend_day ON daily_spend (day);
CREATE INDEX daily_spend_user_day ON daily_spend (user_id, day);

-- One row per agent task (task_id), whatever period it spans.
CREATE TABLE task_totals (
  task_id             text PRIMARY KEY,
  team                text NOT NULL,
  product             text NOT NULL,
  task_type           text NOT NULL,
  user_id             text NOT NULL,
  first_seen          timestamptz NOT NULL,
  last_seen           timestamptz NOT NULL,
  first_day           date NOT NULL,                  -- a task counts in the period it started in
  calls               bigint NOT NULL,
  error_calls         bigint NOT NULL,
  unpriced_calls      bigint NOT NULL,
  input_tokens        bigint NOT NULL,
  output_tokens       bigint NOT NULL,
  cache_read_tokens   bigint NOT NULL,
  cache_write_tokens  bigint NOT NULL,
  tool_calls          bigint NOT NULL,
  cost_nanos          bigint NOT NULL,
  models              text[] NOT NULL
);
CREATE INDEX task_totals_team_day ON task_totals (team, first_day, cost_nanos DESC);
CREATE INDEX task_totals_day_cost ON task_totals (first_day, cost_nanos DESC);

-- Spend per day and tag key/value: an event with three tags counts once under each key.
CREATE TABLE daily_tag_spend (
  tag_key         text NOT NULL,
  tag_value       text NOT NULL,
  day             date NOT NULL,
  team            text NOT NULL,
  calls           bigint NOT NULL,
  unpriced_calls  bigint NOT NULL,
  cost_nanos      bigint NOT NULL,
  PRIMARY KEY (tag_key, tag_value, day, team)
);
CREATE INDEX daily_tag_spend_day ON daily_tag_spend (day);

-- A scheduled job slot is run by whichever replica inserts its row first.
CREATE TABLE job_slots (
  job          text NOT NULL,
  slot         text NOT NULL,
  claimed_by   text NOT NULL,
  claimed_at   timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz,
  summary      jsonb,
  error        text,
  PRIMARY KEY (job, slot)
);
