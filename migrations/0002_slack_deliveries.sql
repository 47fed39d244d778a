-- Exactly-once Slack messages from jobs: a delivery is claimed here (unique key) before it is sent,
-- marked sent after, and retried a bounded number of times when Slack refused it.
CREATE TABLE slack_deliveries (
  kind          text NOT NULL,                   -- budget_alert, digest, anomaly, ...
  dedupe_key    text NOT NULL,                   -- e.g. budget:42:2026-03:80
  status        text NOT NULL CHECK (status IN ('sending', 'sent', 'failed', 'gave_up')),
  attempts      integer NOT NULL DEFAULT 1,
  claimed_by    text NOT NULL,
  claimed_at    timestamptz NOT NULL,
  sent_at       timestamptz,
  channel       text,
  message_ts    text,
  last_error    text,
  detail        jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (kind, dedupe_key)
);
CREATE INDEX slack_deliveries_pending ON slack_deliveries (kind, status) WHERE status <> 'sent';
