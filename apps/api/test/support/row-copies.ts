// Many rows quickly: copies of a row the API made, written straight to the database.
import { randomUUID } from 'node:crypto';
import { PskSealer } from '../../src/common/psk-sealer.js';
import { DatabaseService } from '../../src/database/database.service.js';
import { TEST_ENGINE } from './test-database.js';
import type { TestServer } from './test-server.js';

/** One value more than a statement on the engine under test can carry (SQLite 32,766, PostgreSQL 65,535). */
export const MORE_VALUES_THAN_ONE_STATEMENT_TAKES = (TEST_ENGINE === 'postgres' ? 65_535 : 32_766) + 1;

/**
 * Copies a row under new ids, `count` times (far quicker than as many requests); the copies'
 * ids, in order. A connection's psk is sealed to its id: each copy's is sealed anew.
 */
export async function copiesOf(
  server: TestServer,
  table: 'networks' | 'subnets' | 'ipsec_site_connections',
  id: string,
  count: number,
): Promise<string[]> {
  const { db } = server.app.get(DatabaseService);
  const sealer = server.app.get(PskSealer);
  const original = await db.selectFrom(table).selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const psk = 'psk' in original ? sealer.open(original.psk, id) : undefined;
  const copy = (copyId: string) => ({
    ...original,
    id: copyId,
    ...(psk === undefined ? {} : { psk: sealer.seal(psk, copyId) }),
  });
  const ids = Array.from({ length: count }, () => randomUUID());
  // Within both engines' limits per statement.
  const rowsPerInsert = Math.floor(30_000 / Object.keys(original).length);
  for (let start = 0; start < ids.length; start += rowsPerInsert) {
    await db
      .insertInto(table)
      .values(ids.slice(start, start + rowsPerInsert).map(copy))
      .execute();
    // SQLite's inserts never leave the event loop, and the server shares it: held for seconds,
    // its keep-alive timer closed the client's idle socket just as the next request went out on it.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return ids;
}
