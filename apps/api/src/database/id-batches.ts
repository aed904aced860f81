// Lookups by a list of ids (`where … in (…)`), a batch at a time. One statement carries at
// most 32,766 values on SQLite and 65,535 on PostgreSQL; a list without a limit looks up
// the tags or subnets of every row it read, and an endpoint group may name that many subnets.

/** Ids per statement: far below both engines' limits, and a page of up to 1,024 rows in one. */
const IDS_PER_STATEMENT = 1024;

/**
 * The ids in order, in batches of at most IDS_PER_STATEMENT. Not padded to a few sizes to save
 * query shapes: padding a page of 100 to 128 ids cost 4–5 % of the page's CPU (BENCHMARKS).
 */
export function idBatches(ids: readonly string[]): string[][] {
  const batches: string[][] = [];
  for (let start = 0; start < ids.length; start += IDS_PER_STATEMENT) {
    batches.push(ids.slice(start, start + IDS_PER_STATEMENT));
  }
  return batches;
}
