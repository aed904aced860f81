// The database cannot be reached (connection refused or lost, or a statement
// or the wait for a connection took longer than the statement timeout). The
// request is answered 503 so that a load balancer or client retries; nothing
// was acknowledged. An HttpException, so that the error filter shapes it.
import { ServiceUnavailableException } from '@nestjs/common';

export class DatabaseUnavailableError extends ServiceUnavailableException {
  constructor(readonly reason: string) {
    super('The database is unavailable; retry later');
  }
}

/**
 * SQLSTATEs of a lost or refused connection (08, 57P0x), a statement cancelled
 * by its timeout (57014), a lock not granted in time (55P03), exhausted resources (53).
 */
const UNAVAILABLE_SQLSTATE = /^(?:08|57|53|55P03)/;
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
