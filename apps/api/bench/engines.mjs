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

/** Runs one statement on a connection of its own to the database at url; its rows. */
async function runOnce(url, statement) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(statement)).rows;
  } finally {
    await client.end();
  }
}

const admin = (statement) => runOnce(POSTGRES_URL, statement);

/** Whether the PostgreSQL server runs autovacuum: some, as this machine's for CI, run without it. */
export async function postgresAutovacuumOn() {
  const [setting] = await admin("select current_setting('autovacuum') as autovacuum");
  return setting.autovacuum === 'on';
}

/** ANALYZE on every table of a database: what autovacuum does as tables grow. */
export const analyze = (url) => runOnce(url, 'analyze');

/** A new, empty PostgreSQL database: its URL, and drop() to remove it. */
export async function temporaryPostgresDatabase() {
  const name = `vpnaas_bench_${randomBytes(6).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** Runs work with the config fields (dataDir, database) of a fresh, empty store of the engine. */
export async function withStore(engine, work) {
  const dataDir = mkdtempSync(join(tmpdir(), 'vpnaas-bench-'));
  const postgres = engine === 'postgres' ? await temporaryPostgresDatabase() : undefined;
  const database = { url: postgres?.url, poolSize: 10, statementTimeoutMs: 5000 };
  try {
    return await work({ dataDir, database });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    await postgres?.drop();
  }
}
