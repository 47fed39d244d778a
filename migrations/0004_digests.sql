-- Which channels get which team's spend digest, and how often. Rows come from teams.yml (`channel` +
-- `digest`, source 'file', rewritten on every apply) or from `/cost subscribe` (source 'slack', kept
-- across applies). What was posted lives in slack_deliveries (kind 'digest').
CREATE TABLE digest_subscriptions (
  channel        text NOT NULL,                      -- Slack channel id the digest is posted to
  team           text NOT NULL REFERENCES teams (key) ON DELETE CASCADE,
  cadence        text NOT NULL CHECK (cadence IN ('weekly', 'daily')),
  source         text NOT NULL CHECK (source IN ('file', 'slack')),
  subscribed_by  text,                               -- Slack user id who ran /cost subscribe (told when the bot can't post)
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (channel, team)
);
CREATE INDEX digest_subscriptions_team ON digest_subscriptions (team);
