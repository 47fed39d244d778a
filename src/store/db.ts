import pg from 'pg';

/** The one narrow door to Postgres: every store module takes a `Queryable`, so only this file imports pg. */
export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
}

export interface Db extends Queryable {
  /** Runs `fn` in one transaction on one connection; rolls back on throw. */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface DbOptions {
  max?: number;
  applicationName?: string;
  onConnectionError?: (err: Error) => void;
}

function wrap(client: { query: (text: string, values?: unknown[]) => Promise<pg.QueryResult> }): Queryable {
  return {
    async query<R>(sql: string, params: readonly unknown[] = []) {
      const result = await client.query(sql, params as unknown[]);
      return result.rows as R[];
    },
  };
}

export function connectDb(connectionString: string, options: DbOptions = {}): Db {
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'tally',
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    // JIT-compiling the big ingest statement costs ~0.7 s per batch and buys nothing for rollup reads.
    options: '-c jit=off',
  });
  // An idle client whose backend dies (restart, pg_terminate_backend) emits here; unhandled it would kill the process.
  pool.on('error', (err) => options.onConnectionError?.(err));
  const pooled = wrap(pool);
  return {
    query: pooled.query,
    async tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        broken = err as Error;
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        // A connection whose transaction failed at the network level must not go back to the pool.
        client.release(broken && isDatabaseUnavailable(broken) ? broken : undefined);
      }
    },
    async close() {
      await pool.end();
    },
  };
}

const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '08000', '08003', '08006', '08001', '08004']);
const UNAVAILABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

/** True when the database could not be reached or dropped us: the caller should answer "try again", not "bug". */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: string }).code;
  if (code && (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_NODE_CODES.has(code))) return true;
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
    err.message,
  );
}

/** Deadlocks and serialization failures are safe to retry as a whole transaction. */
export function isRetryableConflict(err: unknown): boolean {
  const code = (err as { code?: string } | undefined)?.code;
  return code === '40P01' || code === '40001';
}

/**
 * Text Postgres refuses to store (NUL, an unpaired surrogate) that slipped past a boundary's schema:
 * the client's input, not our bug, so the server answers 400 rather than 500.
 */
export function isUnstorableText(err: unknown): boolean {
  const e = err as { code?: string; detail?: string } | undefined;
  return e?.code === '22P05' || e?.code === '22021' || (e?.code === '22P02' && /Unicode/i.test(e.detail ?? ''));
}
