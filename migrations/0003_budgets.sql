-- Budgets and their alerts. One budget per (scope, period): a Slack `/cost budget set` and a teams.yml
-- entry for the same team and period are the same budget, so its id (and its alert history) survives
-- either being changed.
CREATE TABLE budgets (
  id            bigserial PRIMARY KEY,
  scope_kind    text NOT NULL CHECK (scope_kind IN ('team', 'product', 'tag')),
  scope_value   text NOT NULL,                      -- team key, product name, or tag `key=value`
  period        text NOT NULL CHECK (period IN ('monthly', 'weekly')),
  amount_nanos  bigint NOT NULL CHECK (amount_nanos > 0),
  thresholds    integer[] NOT NULL DEFAULT '{50,80,100}',  -- percents, ascending
  owners        text[] NOT NULL DEFAULT '{}',       -- Slack user ids or emails; empty = the team's owners (team scope) or the admins
  source        text NOT NULL CHECK (source IN ('file', 'slack')),
  file_spec     jsonb,                              -- the teams.yml entry last applied; NULL = not in the file
  set_by        text,                               -- Slack user who last set it from Slack
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (scope_kind, scope_value, period)
);

-- Exactly once per (budget, period, threshold): a run records crossings here under the primary key
-- before any DM goes out; the DMs themselves are claimed per owner in slack_deliveries.
CREATE TABLE budget_alerts (
  budget_id      bigint NOT NULL REFERENCES budgets (id) ON DELETE CASCADE,
  period_start   date NOT NULL,                     -- org-calendar day the budget period starts
  kind           text NOT NULL CHECK (kind IN ('actual', 'forecast')),
  threshold      integer NOT NULL,                  -- percent crossed; a forecast alert is about 100
  spent_nanos    bigint NOT NULL,                   -- spend when recorded
  amount_nanos   bigint NOT NULL,                   -- budget amount when recorded
  projected_day  date,                              -- forecast: the day spend is projected to reach 100%
  notify         boolean NOT NULL,                  -- the one alert of its run that owners are DMed about
  recipients     text[] NOT NULL,                   -- owners to DM, fixed when recorded (snoozed owners left out)
  recorded_at    timestamptz NOT NULL,
  PRIMARY KEY (budget_id, period_start, kind, threshold)
);

-- "Snooze 24 h": the owner (as written in the budget's owner list) gets no new alert DMs until `until`.
CREATE TABLE budget_snoozes (
  budget_id   bigint NOT NULL REFERENCES budgets (id) ON DELETE CASCADE,
  owner       text NOT NULL,
  until       timestamptz NOT NULL,
  snoozed_by  text NOT NULL,                        -- Slack user who clicked
  PRIMARY KEY (budget_id, owner)
);
