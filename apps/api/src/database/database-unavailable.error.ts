// What the database layer refuses, as errors the error filter answers with a
// NeutronError of their own status and type (the database layer does not know
// HTTP's NeutronException; common/neutron-error.filter.ts maps these).

/** A database refusal with the status and NeutronError type a client should get. */
export class DatabaseError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The database cannot be reached (connection refused or lost, or a statement
 * or the wait for a connection took longer than the statement timeout): 503,
 * so that a load balancer or client retries; nothing was acknowledged.
 */
export class DatabaseUnavailableError extends DatabaseError {
  constructor(readonly reason: string) {
    super(
      503,
      'HTTPServiceUnavailable',
      'The service is unavailable: its database cannot be reached. Retry later.',
    );
  }
}

/** PostgreSQL's text cannot hold the NUL character (SQLite's can): 400 rather than a failed statement. */
export class UnstorableTextError extends DatabaseError {
  constructor() {
    super(400, 'HTTPBadRequest', 'Invalid input: text may not contain the NUL character (\\u0000)');
  }
}

/**
 * SQLSTATEs of a lost or refused connection (08, 57P0x), a statement cancelled
 * by its timeout (57014), a lock not granted in time (55P03), exhausted resources (53).
 * Not 08P01, a protocol violation: the server is there and refused a message of ours
 * (more than 65,535 parameters, say), which a retry would not mend.
 */
const UNAVAILABLE_SQLSTATE = /^(?:08(?!P01)|57|53|55P03)/;
const UNAVAILABLE_MESSAGE =
  /Connection terminated|not queryable|timeout exceeded when trying to connect|Query read timeout|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH/i;

/** Whether a driver error means "the database is not there" rather than "this statement is wrong". */
export function isUnavailable(error: unknown): boolean {
  if (error instanceof DatabaseUnavailableError) return true;
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code.length === 5 && UNAVAILABLE_SQLSTATE.test(code)) return true;
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return true;
  return UNAVAILABLE_MESSAGE.test(error.message);
}

/** Whether PostgreSQL refused a transaction that a retry may pass (serialization failure, deadlock). */
export function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return code === '40001' || code === '40P01';
}

/** Whether PostgreSQL refused a text value (NUL, or bytes its encoding cannot hold). */
export function isUnstorableText(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return code === '22021' || code === '22P05';
}
