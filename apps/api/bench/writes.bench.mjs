// What does a write cost on each engine? Runs the built service in-process on
// SQLite and on PostgreSQL and times creates over real HTTP: IKE policies (one
// insert) and IPsec site connections (quota count, five references checked,
// one insert; SERIALIZABLE on PostgreSQL, tried again when refused), one
// client at a time and 16 at once. SQLite with one client is the baseline.
// Run: pnpm --filter @vpnaas/api bench   (after pnpm build)
import 'reflect-metadata';
import { createApp } from '../dist/app.factory.js';
import { loadConfig } from '../dist/config/app-config.js';
import { ENGINES, withStore } from './engines.mjs';
import { post, vpnObjects } from './support/vpn-objects.mjs';

const CREATES = Number(process.env.BENCH_CREATES ?? 1000);

/** Creates per second: CREATES creates by `clients` concurrent clients. */
async function rate(clients, create) {
  let next = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < CREATES) await create(next++);
    }),
  );
  return CREATES / (Number(process.hrtime.bigint() - start) / 1e9);
}

const results = [];
for (const engine of ENGINES) {
  await withStore(engine, async (store) => {
    const config = loadConfig({ VPNAAS_QUOTAS: JSON.stringify({ ipsec_site_connection: 1_000_000 }) });
    const app = await createApp({
      ...config,
      ...store,
      port: 0,
      logLevel: 'silent',
      activationDelayMs: 600_000,
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const url = `http://127.0.0.1:${app.getHttpServer().address().port}`;
    try {
      const { references } = await vpnObjects(url);
      const ike = (i) => post(url, '/v2.0/vpn/ikepolicies', { ikepolicy: { name: `ike-${i}` } });
      const connection = (i) =>
        post(url, '/v2.0/vpn/ipsec-site-connections', {
          ipsec_site_connection: {
            ...references,
            name: `c-${i}`,
            psk: 'secret',
            peer_address: '172.24.4.233',
            peer_id: '172.24.4.233',
          },
        });
      for (let i = 0; i < 50; i++) await ike(-1 - i); // warm-up
      results.push({
        engine,
        ike1: await rate(1, ike),
        ike16: await rate(16, ike),
        connection1: await rate(1, connection),
        connection16: await rate(16, connection),
      });
    } finally {
      await app.close();
    }
  });
}

const CASES = ['ike1', 'ike16', 'connection1', 'connection16'];
const baseline = results[0];
console.log(`node ${process.version}, ${CREATES} creates per case over HTTP, creates per second\n`);
console.log(
  '| engine | IKE policy, 1 client | IKE policy, 16 clients | connection, 1 client | connection, 16 clients |',
);
console.log('|---|---:|---:|---:|---:|');
for (const r of results) {
  console.log(
    `| ${r.engine} | ${CASES.map((key) => Math.round(r[key]).toLocaleString('en-US')).join(' | ')} |`,
  );
}
for (const r of results.slice(1)) {
  console.log(
    `\n${r.engine} vs ${baseline.engine} (rate ratio): ${CASES.map((key) => `${key} ${(r[key] / baseline[key]).toFixed(2)}×`).join(', ')}`,
  );
}
