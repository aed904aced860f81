// Claiming due work so that each pending service or connection is activated
// exactly once, however many replicas run a driver on the same database.
import type { Transaction } from 'kysely';
import { type Db, hasRowLocks } from '../../database/database.service.js';
import type { Database } from '../../database/database.types.js';
import { rowLimit, runShaped, valueAt } from '../../database/query-shape.cache.js';

export type PendingTable = 'vpnservices' | 'ipsec_site_connections';

/** At most this many rows per table and tick, so that one claim holds few locks. */
const CLAIM_BATCH = 500;

/**
 * Whether any service or connection is due: one read of a fixed shape, outside
 * any transaction. The driver looks every 250 ms (every 10 ms in the benchmark)
 * and almost always finds nothing; opening a locking transaction and building
 * both claims each time cost about 0.8 ms of CPU, 8 % of a core at 10 ms.
 */
export async function anyDueWork(db: Db, now: number): Promise<boolean> {
  const due = await runShaped(
    db,
    'any due work',
    (q) =>
      q
        .selectFrom('vpnservices')
        .select('id')
        .where('pending_until', '<=', valueAt<number>(0))
        .unionAll(
          q
            .selectFrom('ipsec_site_connections')
            .select('id')
            .where('pending_until', '<=', valueAt<number>(1)),
        )
        .limit(rowLimit(1)),
    [now, now],
  );
  return due.length > 0;
}

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
    .limit(rowLimit(CLAIM_BATCH));
  if (hasRowLocks(trx)) select = select.forUpdate().skipLocked();
  return (await select.execute()).map((row) => row.id);
}
