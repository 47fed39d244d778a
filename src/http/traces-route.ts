import type { IncomingMessage } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { MAX_BODY_BYTES, MAX_EVENTS_PER_BATCH } from '../ingest/event-schema.js';
import { ingestEvents } from '../ingest/ingest-events.js';
import { exportTraceRequestSchema, mapOtlpTraces } from '../ingest/otlp-mapping.js';
import { HttpError, readBody, sendJson } from './http-kit.js';
import { authorizeIngest } from './ingest-batch.js';
import type { Route } from './route.js';

const MAX_ERRORS_IN_MESSAGE = 5;

/** OTLP/HTTP JSON body; exporters gzip by default in several SDKs, so that is accepted too. */
async function readOtlpJson(req: IncomingMessage): Promise<unknown> {
  const type = String(req.headers['content-type'] ?? '');
  if (/protobuf/i.test(type)) {
    throw new HttpError(415, 'OTLP protobuf is not supported: send OTLP/HTTP JSON (Content-Type: application/json), e.g. OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=http/json');
  }
  if (!/json/i.test(type)) throw new HttpError(415, 'send OTLP/HTTP JSON with Content-Type: application/json');
  let body = await readBody(req, MAX_BODY_BYTES);
  const encoding = String(req.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding === 'gzip') {
    try {
      body = gunzipSync(body, { maxOutputLength: MAX_BODY_BYTES });
    } catch (err) {
      throw new HttpError(/buffer|length/i.test((err as Error).message) ? 413 : 400, `cannot gunzip body: ${(err as Error).message}`);
    }
  } else if (encoding !== 'identity') {
    throw new HttpError(415, `unsupported Content-Encoding ${encoding}: send gzip or none`);
  }
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new HttpError(400, `malformed JSON: ${(err as Error).message}`);
  }
}

/**
 * POST /v1/traces: OpenTelemetry GenAI spans as usage events. Answers OTLP's ExportTraceServiceResponse
 * (`partialSuccess.rejectedSpans` = spans with usage that failed validation), plus Tally's own counts.
 */
export const tracesRoute: Route = {
  method: 'POST',
  path: '/v1/traces',
  async handle({ req, res, deps, log }) {
    const token = authorizeIngest(req, deps);
    const parsed = exportTraceRequestSchema.safeParse(await readOtlpJson(req));
    if (!parsed.success) throw new HttpError(400, 'body must be an OTLP ExportTraceServiceRequest: {"resourceSpans": [{"scopeSpans": [{"spans": [...]}]}]}');
    const mapped = mapOtlpTraces(parsed.data);
    if (mapped.events.length > MAX_EVENTS_PER_BATCH) {
      throw new HttpError(413, `too many GenAI spans: at most ${MAX_EVENTS_PER_BATCH} per request, got ${mapped.events.length}`);
    }
    const summary = await ingestEvents(deps.db, mapped.events, { now: deps.now(), prices: deps.prices, allowedTeams: token.teams });
    const errors = summary.rejected.slice(0, MAX_ERRORS_IN_MESSAGE).map((r) => `span ${r.id ?? '?'}: ${r.error}`);
    if (summary.rejected.length > errors.length) errors.push(`and ${summary.rejected.length - errors.length} more`);
    log.info('spans ingested', { accepted: summary.accepted, duplicates: summary.duplicates, rejected: summary.rejected.length, ignored: mapped.ignoredSpans });
    sendJson(res, 200, {
      partialSuccess: { rejectedSpans: summary.rejected.length, errorMessage: errors.join('; ') },
      tally: { accepted: summary.accepted, duplicates: summary.duplicates, ignoredSpans: mapped.ignoredSpans, unattachedToolCalls: mapped.unattachedToolCalls },
    });
  },
};
