// Claiming due work so that each pending service or connection is activated
// exactly once, however many replicas run a driver on the same database.
import type { Transaction } from 'kysely';
import { hasRowLocks } from '../database/database.service.js';
import type { Database } from '../database/database.types.js';

export type PendingTable = 'vpnservices' | 'ipsec_site_connections';

/** At most this many rows per table and tick, so that one claim holds few locks. */
const CLAIM_BATCH = 500;

/**
 * The ids of due rows, locked for this transaction. On PostgreSQL another
 * replica's claim skips rows locked here (`FOR UPDATE SKIP LOCKED`) and, once
 * this transaction commits, no longer finds them due; SQLite has one writer.
 * Run it in a READ COMMITTED transaction (DatabaseService.lockingTransaction).
 */
export async function claimDueWork(
  trx: Transaction<Database>,
  table: PendingTable,
  now: number,
): Promise<string[]> {
  let select = trx
    .selectFrom(table)
    .select('id')
    .where('pending_until', '<=', now)
    .orderBy('pending_until')
    .limit(CLAIM_BATCH);
  if (hasRowLocks(trx)) select = select.forUpdate().skipLocked();
  return (await select.execute()).map((row) => row.id);
}
