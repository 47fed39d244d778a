-- Spend per team and calendar day: what team totals, sparklines and "data as of" read, so a team answer
-- costs the same at 1M and 10M events (daily_spend grows with users × models × products per day).
-- Written by the same ingest statement as the other rollups; rebuilt by `tally rollup rebuild`.
CREATE TABLE team_daily_spend (
  team                text NOT NULL,                  -- '' = unattributed
  day                 date NOT NULL,
  calls               bigint NOT NULL,
  error_calls         bigint NOT NULL,
  unpriced_calls      bigint NOT NULL,
  input_tokens        bigint NOT NULL,
  output_tokens       bigint NOT NULL,
  cache_read_tokens   bigint NOT NULL,
  cache_write_tokens  bigint NOT NULL,
  tool_calls          bigint NOT NULL,
  cost_nanos          bigint NOT NULL,
  last_event_at       timestamptz NOT NULL,
  PRIMARY KEY (team, day)
) WITH (fillfactor = 70);
CREATE INDEX team_daily_spend_day ON team_daily_spend (day);

INSERT INTO team_daily_spend
SELECT team, day, sum(calls), sum(error_calls), sum(unpriced_calls), sum(input_tokens), sum(output_tokens),
  sum(cache_read_tokens), sum(cache_write_tokens), sum(tool_calls), sum(cost_nanos), max(last_event_at)
FROM daily_spend GROUP BY team, day;

-- Team advice (in every digest) reads a team's raw calls for the period; without this it scans the
-- whole month's partition once per team, i.e. 1,000 digests = 1,000 scans of millions of rows.
-- About 30 bytes per event; the advice read then touches only the team's rows.
CREATE INDEX usage_events_team_day ON usage_events (team, day);

-- The org's most expensive tasks of a period: walking tasks by cost and stopping at the first N that
-- started in the period reads a few dozen rows instead of sorting the period's (hundreds of thousands).
CREATE INDEX task_totals_cost ON task_totals (cost_nanos DESC, task_id);

-- Rollup rows are updated in place by every batch; free room in each page lets Postgres do that as a
-- heap-only update, without a new entry in every index (applies to pages written from now on).
ALTER TABLE daily_spend SET (fillfactor = 85);
ALTER TABLE task_totals SET (fillfactor = 85);
ALTER TABLE daily_tag_spend SET (fillfactor = 85);

-- Raw events older than the horizon have been (or are about to be) dropped by retention, and their ids
-- pruned from usage_event_ids: ingest must not accept them again, or a re-sent old event would be
-- counted twice in the aggregates that were kept. Only ever moves forward.
CREATE TABLE raw_retention (
  id       boolean PRIMARY KEY DEFAULT true CHECK (id),
  horizon  timestamptz NOT NULL DEFAULT '-infinity'
);
INSERT INTO raw_retention DEFAULT VALUES;

-- Same as 0001's, except that no partition is (re)created for a month retention already dropped
-- (events that old are refused at ingest anyway), and that losing a creation race is not an error: the
-- re-check after the lock can read a catalog snapshot from before the winner committed.
CREATE OR REPLACE FUNCTION tally_ensure_usage_partition(month_start date) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  part text := format('usage_events_%s', to_char(month_start, 'YYYY_MM'));
  month_end timestamptz := (month_start + interval '1 month')::timestamp AT TIME ZONE 'UTC';
BEGIN
  IF to_regclass(part) IS NOT NULL THEN RETURN; END IF;
  IF month_end <= (SELECT horizon FROM raw_retention) THEN RETURN; END IF;
  PERFORM pg_advisory_xact_lock(hashtext('tally_usage_partition'));
  IF to_regclass(part) IS NOT NULL THEN RETURN; END IF;
  EXECUTE format(
    'CREATE TABLE %I PARTITION OF usage_events FOR VALUES FROM (%L) TO (%L)',
    part, (month_start::timestamp AT TIME ZONE 'UTC'), month_end
  );
EXCEPTION WHEN duplicate_table THEN
  RETURN;
END $$;
