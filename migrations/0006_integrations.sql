-- Where each LiteLLM import left off: the newest ("startTime", request_id) read from one LiteLLM
-- database. Re-reading behind it is harmless (event ids dedupe), so the cursor only moves forward.
CREATE TABLE litellm_import_cursors (
  source      text PRIMARY KEY,                       -- host:port/database of the LiteLLM database, no credentials
  start_time  timestamp(6) NOT NULL,                  -- LiteLLM's "startTime": UTC, stored without a zone
  request_id  text NOT NULL,
  rows_read   bigint NOT NULL DEFAULT 0,              -- every row read through this source, re-reads included
  updated_at  timestamptz NOT NULL DEFAULT now()
);
