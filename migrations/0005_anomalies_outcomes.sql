-- Value and anomalies: outcomes reported by teams (what a run was worth) with the rollups `/cost value`
-- reads, and the spend anomalies the scan found (one per scope and day) with the feedback on them.

-- Raw outcomes; the id is the idempotency key, so a re-sent outcome changes nothing.
CREATE TABLE outcomes (
  outcome_id   text PRIMARY KEY,
  occurred_at  timestamptz NOT NULL,
  day          date NOT NULL,                     -- calendar day in the org timezone at ingest
  team         text NOT NULL,
  task_id      text,                              -- the task this outcome makes successful, if any
  metric       text NOT NULL,                     -- e.g. tickets_resolved
  value        numeric NOT NULL CHECK (value >= 0),
  ingested_at  timestamptz NOT NULL DEFAULT now()
);

-- Outcome totals per day, team and metric: cost per unit of a team's value metric.
CREATE TABLE daily_outcomes (
  team      text NOT NULL,
  day       date NOT NULL,
  metric    text NOT NULL,
  value     numeric NOT NULL,
  outcomes  bigint NOT NULL,
  PRIMARY KEY (team, day, metric)
);

-- Tasks with at least one outcome: "a task with an outcome is successful".
CREATE TABLE task_outcomes (
  task_id           text PRIMARY KEY,
  outcomes          bigint NOT NULL,
  first_outcome_at  timestamptz NOT NULL
);

-- A day whose spend in one scope (team, product or tag key=value) passed both anomaly gates.
CREATE TABLE anomalies (
  id              bigserial PRIMARY KEY,
  scope_kind      text NOT NULL CHECK (scope_kind IN ('team', 'product', 'tag')),
  scope_key       text NOT NULL,                  -- team key, product name or tag "key=value"
  day             date NOT NULL,                  -- org-calendar day
  team            text NOT NULL,                  -- team told about it ('' = unattributed)
  actual_nanos    bigint NOT NULL,                -- spend that day (so far, when partial)
  usual_nanos     bigint NOT NULL,                -- robust baseline (median)
  z               double precision NOT NULL,      -- robust z-score against the baseline's spread
  partial         boolean NOT NULL,               -- found on the day so far (hourly scan)
  causes          jsonb NOT NULL DEFAULT '[]',    -- top contributors: [{dimension, value, contributionNanos, sharePct}]
  detected_at     timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  feedback        text CHECK (feedback IN ('expected')),
  feedback_by     text,
  feedback_at     timestamptz,
  UNIQUE (scope_kind, scope_key, day)
);
CREATE INDEX anomalies_team_day ON anomalies (team, day);
