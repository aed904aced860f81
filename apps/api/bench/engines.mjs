// The two storage engines the benchmarks compare side by side in one run:
// embedded SQLite (a temporary directory) and PostgreSQL (a temporary database
// on BENCH_POSTGRES_URL, default the local server with trust auth). Set
// BENCH_ENGINES=sqlite to leave PostgreSQL out.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export const ENGINES = (process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(',');
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function admin(statement) {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Runs work with the config fields (dataDir, database) of a fresh, empty store of the engine. */
export async function withStore(engine, work) {
  const dataDir = mkdtempSync(join(tmpdir(), 'vpnaas-bench-'));
  const name = `vpnaas_bench_${randomBytes(6).toString('hex')}`;
  let database = { url: undefined, poolSize: 10, statementTimeoutMs: 5000 };
  if (engine === 'postgres') {
    await admin(`CREATE DATABASE ${name}`);
    const url = new URL(POSTGRES_URL);
    url.pathname = `/${name}`;
    database = { ...database, url: url.toString() };
  }
  try {
    return await work({ dataDir, database });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    if (engine === 'postgres') await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}
