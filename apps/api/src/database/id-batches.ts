// Lookups by a list of ids (`where … in (…)`), a batch at a time. One statement carries at
// most 32,766 values on SQLite and 65,535 on PostgreSQL, and a list without a limit looks up
// the tags or subnets of every row it read. Each batch is padded with its last id up to a power
// of two (an `in` list ignores the repeats), so that one query shape serves every count up to
// that size: a dozen shapes and prepared statements, not one per count of rows on a page.

/** Ids per statement: far below both engines' limits, and a page of up to 1,024 rows in one. */
export const IDS_PER_STATEMENT = 1024;

/** The ids in order, in batches of at most IDS_PER_STATEMENT, each padded to a power of two. */
export function idBatches(ids: readonly string[]): string[][] {
  const batches: string[][] = [];
  for (let start = 0; start < ids.length; start += IDS_PER_STATEMENT) {
    const batch = ids.slice(start, start + IDS_PER_STATEMENT);
    const last = batch[batch.length - 1] as string;
    const size = 2 ** Math.ceil(Math.log2(batch.length));
    while (batch.length < size) batch.push(last);
    batches.push(batch);
  }
  return batches;
}
