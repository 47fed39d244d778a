-- A team's top products, models and users per calendar day: what the breakdowns of every team answer
-- (`/cost myteam`, `/cost team`, digests) read. daily_spend has one row per (user, model, product)
-- combination a day, which keeps growing with traffic; here a team-day has one row per distinct
-- product, model and user, so "top 5 for the month" reads a bounded, contiguous index range.
-- Written by the same ingest statement as the other rollups; rebuilt by `tally rollup rebuild`.
-- Key order: dimension first, so an org-wide question (no team) is still one index range per dimension;
-- a team question is (dimension, team, day range), as contiguous as with team first. Includes team for Citus.
CREATE TABLE team_daily_breakdown (
  dimension       text NOT NULL CHECK (dimension IN ('product', 'model', 'user')),
  team            text NOT NULL,                  -- '' = unattributed
  day             date NOT NULL,
  key             text NOT NULL,                  -- '' = none (same as daily_spend)
  calls           bigint NOT NULL,
  unpriced_calls  bigint NOT NULL,
  cost_nanos      bigint NOT NULL,
  PRIMARY KEY (dimension, team, day, key)
) WITH (fillfactor = 85);

INSERT INTO team_daily_breakdown
SELECT b.dimension, d.team, d.day, b.key, sum(d.calls), sum(d.unpriced_calls), sum(d.cost_nanos)
FROM daily_spend d
CROSS JOIN LATERAL (VALUES ('product', d.product), ('model', d.model), ('user', d.user_id)) AS b(dimension, key)
GROUP BY 1, 2, 3, 4
ORDER BY 1, 2, 3, 4;
