import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface MetricsOptions {
  /** Newest event time in the rollups, read at scrape time (null when there is no data yet). */
  newestEventAt?: () => Promise<Date | null>;
  /** Process metrics (CPU, memory, event-loop lag); off in tests that only count our own series. */
  processMetrics?: boolean;
  now?: () => Date;
}

/**
 * Tally's Prometheus series, on a registry of their own (never prom-client's global one), so every
 * server, CLI run and test has independent counters.
 */
export interface Metrics {
  registry: Registry;
  /** Ingested events by outcome: accepted, duplicate, rejected. */
  events: Counter<'outcome'>;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  /** Scheduled job slots this replica ran, by outcome: ok, failed. */
  jobRuns: Counter<'job' | 'outcome'>;
  jobDuration: Histogram<'job'>;
  slackApiErrors: Counter<'method' | 'code'>;
  /** When this process last committed an ingest batch; rollups are updated in that same statement. */
  lastIngestAt: Gauge;
}

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  const now = options.now ?? (() => new Date());
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  const newestEventAt = options.newestEventAt;
  if (newestEventAt) {
    new Gauge({
      name: 'tally_newest_event_age_seconds',
      help: 'Seconds since the newest event visible in the rollups happened (data freshness; absent before any data)',
      registers: [registry],
      async collect() {
        // A scrape while the database is down still answers; the other series matter more then.
        const newest = await newestEventAt().catch(() => null);
        if (newest) this.set(Math.max(0, (now().getTime() - newest.getTime()) / 1000));
        else this.reset();
      },
    });
  }
  return {
    registry,
    events: new Counter({ name: 'tally_events_total', help: 'Events received on /v1/events by outcome', labelNames: ['outcome'], registers: [registry] }),
    httpDuration: new Histogram({
      name: 'tally_http_request_duration_seconds',
      help: 'HTTP request latency by route',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    jobRuns: new Counter({ name: 'tally_job_runs_total', help: 'Scheduled job slots run by this replica', labelNames: ['job', 'outcome'], registers: [registry] }),
    jobDuration: new Histogram({
      name: 'tally_job_duration_seconds',
      help: 'Duration of scheduled job runs',
      labelNames: ['job'],
      buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900],
      registers: [registry],
    }),
    slackApiErrors: new Counter({ name: 'tally_slack_api_errors_total', help: 'Failed Slack Web API calls by method and error code', labelNames: ['method', 'code'], registers: [registry] }),
    lastIngestAt: new Gauge({ name: 'tally_last_ingest_timestamp_seconds', help: 'Unix time of the last ingest batch this process committed', registers: [registry] }),
  };
}
