-- Top tasks of a team (or the org) for a period: carry cost and id in the index so the top-N pick is an
-- index-only scan instead of one heap fetch per task of the period (49 ms → 4 ms for 22k tasks).
DROP INDEX task_totals_team_day;
CREATE INDEX task_totals_team_day ON task_totals (team, first_day) INCLUDE (cost_nanos, task_id);
DROP INDEX task_totals_day_cost;
CREATE INDEX task_totals_day_cost ON task_totals (first_day) INCLUDE (cost_nanos, task_id);
