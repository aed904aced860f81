// PostgreSQL for replicas: Kysely's PostgresDialect over a `pg` pool whose
// size and timeouts come from the configuration. Every way the database can be
// unreachable surfaces as a DatabaseUnavailableError (a 503), within the
// statement timeout; broken connections leave the pool and new ones are made
// on demand, so a replica recovers by itself when the database is back.
// `pg` is loaded only when PostgreSQL is configured (the SQLite default is
// spared its memory).
import { PostgresDialect } from 'kysely';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { DatabaseConfig } from '../config/app-config.js';
import {
  DatabaseUnavailableError,
  isUnavailable,
  isUnstorableText,
  UnstorableTextError,
} from './database-unavailable.error.js';

function translate(error: unknown): unknown {
  if (isUnstorableText(error)) return new UnstorableTextError();
  return isUnavailable(error) ? new DatabaseUnavailableError(String(error)) : error;
}

export interface PostgresOptions {
  readonly config: DatabaseConfig & { url: string };
  readonly logger: Logger;
  /** Pool size override (migrations use one connection). */
  readonly poolSize?: number;
  /** false: no statement timeout (migrations wait for another replica's lock). */
  readonly statementTimeout?: boolean;
}

export function createPostgresDialect(options: PostgresOptions): PostgresDialect {
  return new PostgresDialect({ pool: () => createPool(options) });
}

async function createPool({
  config,
  logger,
  poolSize,
  statementTimeout = true,
}: PostgresOptions): Promise<pg.Pool> {
  const { default: pg } = await import('pg');
  // bigint (int8) columns hold epoch milliseconds, far below 2^53: numbers, not strings.
  const types = {
    getTypeParser: ((oid: number, format?: string) =>
      oid === pg.types.builtins.INT8
        ? (value: string) => Number(value)
        : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
  };

  /** A pg client whose lost-connection and timeout errors are DatabaseUnavailableErrors. */
  class TranslatingClient extends pg.Client {
    constructor(clientConfig?: pg.ClientConfig) {
      super(clientConfig);
      // A connection lost while checked out also fails its query, which is what
      // reports it; without a listener the 'error' event would end the process.
      this.on('error', () => {});
    }

    // biome-ignore lint/suspicious/noExplicitAny: pg.Client.query has a dozen overloads.
    override query(...args: any[]): any {
      // biome-ignore lint/suspicious/noExplicitAny: see above.
      const result = (super.query as (...a: any[]) => any)(...args);
      if (result && typeof result.then === 'function') {
        return result.catch((error: unknown) => {
          throw translate(error);
        });
      }
      return result;
    }
  }

  const timeout = config.statementTimeoutMs;
  const pool = new pg.Pool({
    connectionString: config.url,
    max: poolSize ?? config.poolSize,
    Client: TranslatingClient,
    types,
    // Waiting for a free connection or a new one counts against the same budget.
    connectionTimeoutMillis: timeout,
    ...(statementTimeout
      ? {
          // The server cancels a slow statement; the client gives up a little
          // later on a connection that went silent (a dead host sends nothing).
          statement_timeout: timeout,
          lock_timeout: timeout,
          idle_in_transaction_session_timeout: timeout * 2,
          query_timeout: timeout + 1000,
        }
      : {}),
    idleTimeoutMillis: 30_000,
    application_name: 'vpnaas',
  });
  pool.on('error', (error) =>
    logger.warn({ err: { message: error.message } }, 'idle database connection lost'),
  );
  return {
    // No connection, for whatever reason (refused, not accepting connections, pool exhausted): a 503.
    connect: () =>
      pool.connect().catch((error: unknown) => {
        throw error instanceof DatabaseUnavailableError ? error : new DatabaseUnavailableError(String(error));
      }),
    end: () => pool.end(),
  } as unknown as pg.Pool;
}
