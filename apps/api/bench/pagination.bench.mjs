// Does a page of 100 cost the same with 100,000 rows as with 1,000? Runs the
// built service in-process on SQLite and on PostgreSQL, fills the IKE policy
// table directly, and times pages over real HTTP: the first page, a page from a
// marker halfway through, and pages sorted by name. The 1,000-row table on the
// same engine is the baseline; PostgreSQL is also compared with SQLite.
// Run: pnpm --filter @vpnaas/api bench   (after pnpm build)
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import 'reflect-metadata';
import { createApp } from '../dist/app.factory.js';
import { loadConfig } from '../dist/config/app-config.js';
import { DatabaseService } from '../dist/database/database.service.js';
import { ENGINES, withStore } from './engines.mjs';

const SIZES = (process.env.BENCH_SIZES ?? '1000,100000').split(',').map(Number);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
const PROJECT = 'bench-project';

async function withServer(engine, rows, work) {
  return withStore(engine, async (store) => {
    const app = await createApp({ ...loadConfig({}), ...store, port: 0, logLevel: 'silent' });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const url = `http://127.0.0.1:${app.getHttpServer().address().port}`;
    try {
      const ids = await fill(app.get(DatabaseService).db, rows);
      // PostgreSQL plans from statistics: gather them as autovacuum would after a bulk load.
      if (engine === 'postgres') await sql`analyze`.execute(app.get(DatabaseService).db);
      return await work(url, ids);
    } finally {
      await app.close();
    }
  });
}

/** Inserts the rows in batches; returns their ids in id order. */
async function fill(db, rows) {
  const ids = [];
  for (let start = 0; start < rows; start += 2000) {
    const batch = Array.from({ length: Math.min(2000, rows - start) }, (_, i) => {
      const id = randomUUID();
      ids.push(id);
      return {
        id,
        project_id: PROJECT,
        name: `ike-${String(start + i).padStart(7, '0')}`,
        description: '',
        auth_algorithm: 'sha1',
        encryption_algorithm: 'aes-128',
        ike_version: 'v1',
        pfs: 'group5',
        phase1_negotiation_mode: 'main',
        lifetime_units: 'seconds',
        lifetime_value: 3600,
        created_at: '2026-11-26 00:00:00.000000',
      };
    });
    await db.transaction().execute((trx) => trx.insertInto('ikepolicies').values(batch).execute());
  }
  return ids.sort();
}

/** Median and p95 latency (ms) of REQUESTS GETs of the path, after a warm-up. */
async function time(url, path) {
  const get = async () => {
    const response = await fetch(`${url}${path}`, { headers: { 'X-Project-Id': PROJECT } });
    const body = await response.json();
    if (response.status !== 200 || body.ikepolicies.length !== 100)
      throw new Error(`${path}: ${response.status}`);
  };
  for (let i = 0; i < 20; i++) await get();
  const samples = [];
  for (let i = 0; i < REQUESTS; i++) {
    const start = process.hrtime.bigint();
    await get();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)], p95: samples[Math.floor(samples.length * 0.95)] };
}

const results = [];
for (const engine of ENGINES) {
  for (const rows of SIZES) {
    results.push(
      await withServer(engine, rows, async (url, ids) => ({
        engine,
        rows,
        first: await time(url, '/v2.0/vpn/ikepolicies?limit=100'),
        middle: await time(url, `/v2.0/vpn/ikepolicies?limit=100&marker=${ids[Math.floor(ids.length / 2)]}`),
        byName: await time(url, `/v2.0/vpn/ikepolicies?limit=100&sort_key=name&sort_dir=desc`),
        filtered: await time(url, '/v2.0/vpn/ikepolicies?limit=100&pfs=group5'),
      })),
    );
  }
}

const CASES = ['first', 'middle', 'byName', 'filtered'];
const cell = (r, key) => `${r[key].median.toFixed(2)} / ${r[key].p95.toFixed(2)}`;
const ratio = (r, base) => CASES.map((key) => `${(r[key].median / base[key].median).toFixed(2)}×`).join(', ');
console.log(
  `node ${process.version}, ${ENGINES.join(' and ')}, ${REQUESTS} requests per case over HTTP; median / p95 ms per page of 100\n`,
);
console.log(
  '| engine | rows | first page | page from a marker halfway | sorted by name, desc | filtered (pfs=group5) |',
);
console.log('|---|---:|---:|---:|---:|---:|');
for (const r of results) {
  console.log(
    `| ${r.engine} | ${r.rows.toLocaleString('en-US')} | ${cell(r, 'first')} | ${cell(r, 'middle')} | ${cell(r, 'byName')} | ${cell(r, 'filtered')} |`,
  );
}
console.log('\nmedian ratios (first, marker, by name, filtered):');
for (const r of results) {
  const sameEngine = results.find((other) => other.engine === r.engine);
  if (r !== sameEngine) {
    console.log(
      `  ${r.engine} ${r.rows.toLocaleString('en-US')} rows vs ${sameEngine.rows.toLocaleString('en-US')}: ${ratio(r, sameEngine)}`,
    );
  }
  const sqlite = results.find((other) => other.engine === 'sqlite' && other.rows === r.rows);
  if (r.engine !== 'sqlite' && sqlite) {
    console.log(`  ${r.engine} vs sqlite, ${r.rows.toLocaleString('en-US')} rows: ${ratio(r, sqlite)}`);
  }
}
