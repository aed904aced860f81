// What does a subnet's in-use check cost beside a big subnet endpoint group? A subnet's delete (free,
// and refused because a group names it) and a network's delete (1,000 subnets, none in a group) look
// for the groups that name each subnet. Runs the built service in-process on each engine, with 20,000
// and then 65,536 other subnets in the same project: first in no group (the baseline: a bigger table
// costs something by itself), then all in one group; prints milliseconds and the ratio to the baseline.
// The subnets are copied straight into the database (as the tests do): creating 65,536 over HTTP
// would take minutes and measure nothing here.
// Run: node bench/in-use-checks.bench.mjs   (after pnpm build; BENCH_ENGINES=sqlite for SQLite only;
// BENCH_BEFORE=<an older apps/api, built> adds that build's figures beside this one's.)
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { ENGINES, withStore } from './engines.mjs';

const OTHER_SUBNETS = [20_000, 65_536];
const NETWORK_SUBNETS = 1_000;
const DELETES = 21;
const SMALL_GROUP_CREATES = 3_000;
const HEADERS = { 'content-type': 'application/json', 'X-Project-Id': 'bench' };

const builds = [{ name: 'this build', dist: resolve(import.meta.dirname, '../dist') }];
if (process.env.BENCH_BEFORE)
  builds.unshift({ name: 'before', dist: resolve(process.env.BENCH_BEFORE, 'dist') });

async function api(url, method, path, body) {
  const response = await fetch(url + path, { method, headers: HEADERS, body: body && JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

async function milliseconds(work) {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const median = (values) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)];

/** A network with `count` subnets: one made over HTTP, the rest copies of its row. */
async function networkWithSubnets(url, db, name, count, octet) {
  const network = (await api(url, 'POST', '/v2.0/networks', { network: { name } })).body.network.id;
  const subnet = { network_id: network, cidr: `10.${octet}.0.0/24`, ip_version: 4 };
  const first = (await api(url, 'POST', '/v2.0/subnets', { subnet })).body.subnet.id;
  const row = await db.selectFrom('subnets').selectAll().where('id', '=', first).executeTakeFirstOrThrow();
  const copies = Array.from({ length: count - 1 }, () => ({ ...row, id: randomUUID() }));
  for (let start = 0; start < copies.length; start += 2_000) {
    await db
      .insertInto('subnets')
      .values(copies.slice(start, start + 2_000))
      .execute();
  }
  return { network, subnets: [first, ...copies.map((copy) => copy.id)] };
}

async function measure({ dist }, engine, otherSubnets, grouped) {
  const { createApp } = await import(`${dist}/app.factory.js`);
  const { loadConfig } = await import(`${dist}/config/app-config.js`);
  const { DatabaseService } = await import(`${dist}/database/database.service.js`);
  return withStore(engine, async (store) => {
    const app = await createApp({
      ...loadConfig({}),
      ...store,
      // The build before 0007 took seconds for a network's delete beside 65,536 subnets.
      database: { ...store.database, statementTimeoutMs: 60_000 },
      bodyLimitBytes: 8 * 1024 * 1024,
      port: 0,
      logLevel: 'silent',
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const url = `http://127.0.0.1:${app.getHttpServer().address().port}`;
    try {
      const { db } = app.get(DatabaseService);
      const figures = { groupCreate: undefined, refusedDelete: undefined };
      const others = await networkWithSubnets(url, db, 'others', otherSubnets, 1);
      if (grouped) {
        const endpoint_group = { type: 'subnet', endpoints: others.subnets };
        figures.groupCreate = await milliseconds(async () => {
          const created = await api(url, 'POST', '/v2.0/vpn/endpoint-groups', { endpoint_group });
          if (created.status !== 201) throw new Error(`group create: ${created.status}`);
        });
        const refused = [];
        for (const id of others.subnets.slice(-DELETES)) {
          refused.push(await milliseconds(() => api(url, 'DELETE', `/v2.0/subnets/${id}`)));
        }
        figures.refusedDelete = median(refused);
      }
      const plain = await networkWithSubnets(url, db, 'plain', NETWORK_SUBNETS + DELETES, 2);
      const deletes = [];
      for (const id of plain.subnets.slice(-DELETES)) {
        deletes.push(
          await milliseconds(async () => {
            const deleted = await api(url, 'DELETE', `/v2.0/subnets/${id}`);
            if (deleted.status !== 204) throw new Error(`subnet delete: ${deleted.status}`);
          }),
        );
      }
      figures.subnetDelete = median(deletes);
      figures.networkDelete = await milliseconds(async () => {
        const deleted = await api(url, 'DELETE', `/v2.0/networks/${plain.network}`);
        if (deleted.status !== 204) throw new Error(`network delete: ${deleted.status}`);
      });
      return figures;
    } finally {
      await app.close();
    }
  });
}

/** Creates per second of a group of one subnet (as clients make them), by 16 clients at once. */
async function smallGroupCreates({ dist }, engine) {
  const { createApp } = await import(`${dist}/app.factory.js`);
  const { loadConfig } = await import(`${dist}/config/app-config.js`);
  return withStore(engine, async (store) => {
    const config = loadConfig({ VPNAAS_QUOTAS: JSON.stringify({ endpoint_group: 1_000_000 }) });
    const app = await createApp({ ...config, ...store, port: 0, logLevel: 'silent' });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const url = `http://127.0.0.1:${app.getHttpServer().address().port}`;
    try {
      const network = (await api(url, 'POST', '/v2.0/networks', { network: { name: 'n' } })).body.network.id;
      const subnet = { network_id: network, cidr: '10.1.0.0/24', ip_version: 4 };
      const endpoints = [(await api(url, 'POST', '/v2.0/subnets', { subnet })).body.subnet.id];
      const create = async () => {
        const created = await api(url, 'POST', '/v2.0/vpn/endpoint-groups', {
          endpoint_group: { type: 'subnet', endpoints },
        });
        if (created.status !== 201) throw new Error(`group create: ${created.status}`);
      };
      for (let i = 0; i < 200; i++) await create(); // warm-up
      let started = 0;
      const elapsed = await milliseconds(() =>
        Promise.all(
          Array.from({ length: 16 }, async () => {
            while (started++ < SMALL_GROUP_CREATES) await create();
          }),
        ),
      );
      return SMALL_GROUP_CREATES / (elapsed / 1000);
    } finally {
      await app.close();
    }
  });
}

const format = (value, baseline) =>
  value === undefined
    ? '–'
    : `${value.toFixed(1)} ms${baseline ? ` (${(value / baseline).toFixed(1)}×)` : ''}`;

console.log(
  `in-use checks: median of ${DELETES} subnet deletes; one network delete of ${NETWORK_SUBNETS} subnets; ratio to the same subnets in no group`,
);
console.log(
  '| engine | build | other subnets | in a group | group create | subnet delete | refused delete | network delete |',
);
console.log('| --- | --- | ---: | --- | ---: | ---: | ---: | ---: |');
for (const engine of ENGINES) {
  for (const build of builds) {
    for (const otherSubnets of OTHER_SUBNETS) {
      const baseline = await measure(build, engine, otherSubnets, false);
      const figures = await measure(build, engine, otherSubnets, true);
      for (const [row, grouped] of [
        [baseline, 'no'],
        [figures, 'yes'],
      ]) {
        console.log(
          `| ${engine} | ${build.name} | ${otherSubnets.toLocaleString('en')} | ${grouped} | ${format(row.groupCreate)} | ${format(row.subnetDelete, baseline.subnetDelete)} | ${format(row.refusedDelete)} | ${format(row.networkDelete, baseline.networkDelete)} |`,
        );
      }
    }
  }
}

console.log(
  `\ngroups of one subnet: ${SMALL_GROUP_CREATES.toLocaleString('en')} creates by 16 clients, twice`,
);
console.log('| engine | build | creates/s | ratio to the first build |');
console.log('| --- | --- | ---: | ---: |');
for (const engine of ENGINES) {
  let first;
  for (const round of [1, 2]) {
    for (const build of builds) {
      const rate = await smallGroupCreates(build, engine);
      first ??= rate;
      console.log(
        `| ${engine} | ${build.name} (round ${round}) | ${rate.toFixed(0)} | ${(rate / first).toFixed(2)}× |`,
      );
    }
  }
}
