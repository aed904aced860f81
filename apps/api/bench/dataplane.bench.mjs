// The strongSwan data plane's speed: time from POST to ACTIVE for 1 and for 50
// connections (each site pair: two routers, two charons, a connection on each
// side pointing at the other), and the API's create latency with the real
// driver against the simulated one (the baseline) in the same run.
// Needs root and Debian's strongswan-swanctl charon-systemd libcharon-extra-plugins.
// Run: pnpm --filter @vpnaas/api bench:dataplane   (after pnpm build)
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import 'reflect-metadata';
import { createApp } from '../dist/app.factory.js';
import { loadConfig } from '../dist/config/app-config.js';

const PAIRS = (process.env.BENCH_PAIRS ?? '1,25').split(',').map(Number);
const CREATES = Number(process.env.BENCH_CREATES ?? 50);
const UNLIMITED = JSON.stringify({ vpnservice: -1, ipsec_site_connection: -1 });

async function withServer(driver, work) {
  const dataDir = mkdtempSync(join(tmpdir(), 'vpnaas-bench-'));
  const prefix = `vb${randomBytes(3).toString('hex')}-`;
  const app = await createApp({
    ...loadConfig({ VPNAAS_QUOTAS: UNLIMITED, VPNAAS_DRIVER: driver, VPNAAS_NETNS_PREFIX: prefix }),
    port: 0,
    dataDir,
    logLevel: process.env.BENCH_LOG_LEVEL ?? 'silent',
    driverIntervalMs: 100,
    activationDelayMs: 0,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${app.getHttpServer().address().port}`;
  try {
    return await work(url);
  } finally {
    await app.close();
    const namespaces = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })
      .split('\n')
      .map((line) => line.split(' ')[0])
      .filter((name) => name?.startsWith(prefix));
    for (const namespace of namespaces) execFileSync('ip', ['netns', 'del', namespace]);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function post(url, path, body) {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = await response.json();
  if (response.status !== 201) throw new Error(`${path}: ${JSON.stringify(json)}`);
  return Object.values(json)[0];
}

async function site(url, index) {
  const cidr = `10.${100 + Math.floor(index / 250)}.${index % 250}.0/24`;
  // The gateway address comes from the external pool (VPNAAS_EXTERNAL_CIDR).
  const router = await post(url, '/v2.0/routers', { router: { name: `r${index}` } });
  const gateway = router.external_gateway_info.external_fixed_ips[0].ip_address;
  const network = await post(url, '/v2.0/networks', { network: { name: `n${index}` } });
  const subnet = await post(url, '/v2.0/subnets', {
    subnet: { cidr, network_id: network.id, ip_version: 4 },
  });
  const attach = await fetch(`${url}/v2.0/routers/${router.id}/add_router_interface`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ subnet_id: subnet.id }),
  });
  await attach.text();
  const service = await post(url, '/v2.0/vpn/vpnservices', { vpnservice: { router_id: router.id } });
  const local = await post(url, '/v2.0/vpn/endpoint-groups', {
    endpoint_group: { type: 'subnet', endpoints: [subnet.id] },
  });
  return { gateway, cidr, serviceId: service.id, localGroupId: local.id };
}

async function policies(url) {
  const ike = await post(url, '/v2.0/vpn/ikepolicies', {
    ikepolicy: { auth_algorithm: 'sha2-256', pfs: 'group14' },
  });
  const ipsec = await post(url, '/v2.0/vpn/ipsecpolicies', {
    ipsecpolicy: { auth_algorithm: 'sha2-256', pfs: 'group14' },
  });
  return { ikeId: ike.id, ipsecId: ipsec.id };
}

async function connectionBody(url, from, to, policy) {
  const peer = await post(url, '/v2.0/vpn/endpoint-groups', {
    endpoint_group: { type: 'cidr', endpoints: [to.cidr] },
  });
  return {
    ipsec_site_connection: {
      psk: 'bench-secret',
      vpnservice_id: from.serviceId,
      ikepolicy_id: policy.ikeId,
      ipsecpolicy_id: policy.ipsecId,
      local_ep_group_id: from.localGroupId,
      peer_ep_group_id: peer.id,
      peer_address: to.gateway,
      peer_id: to.gateway,
    },
  };
}

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const ms = (value) => `${value.toFixed(1)} ms`;

/** POST → ACTIVE for `pairs` site pairs (2 × pairs connections). */
async function timeToActive(pairs) {
  return withServer('strongswan', async (url) => {
    const policy = await policies(url);
    const bodies = [];
    for (let pair = 0; pair < pairs; pair++) {
      const a = await site(url, 2 * pair);
      const b = await site(url, 2 * pair + 1);
      bodies.push(await connectionBody(url, a, b, policy), await connectionBody(url, b, a, policy));
    }
    const postedAt = new Map();
    for (const body of bodies) {
      const started = performance.now();
      const connection = await post(url, '/v2.0/vpn/ipsec-site-connections', body);
      postedAt.set(connection.id, started);
    }
    const activeAfter = new Map();
    const deadline = performance.now() + 180_000;
    while (activeAfter.size < postedAt.size && performance.now() < deadline) {
      const response = await fetch(`${url}/v2.0/vpn/ipsec-site-connections?fields=id&fields=status`);
      const now = performance.now();
      for (const { id, status } of (await response.json()).ipsec_site_connections) {
        if (status === 'ACTIVE' && !activeAfter.has(id)) activeAfter.set(id, now - postedAt.get(id));
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    if (activeAfter.size < postedAt.size) {
      const response = await fetch(`${url}/v2.0/vpn/ipsec-site-connections?fields=status`);
      const statuses = (await response.json()).ipsec_site_connections.map(({ status }) => status);
      throw new Error(`${postedAt.size - activeAfter.size} connections never came up: ${statuses.join(' ')}`);
    }
    return [...activeAfter.values()];
  });
}

/** Latency of CREATES connection POSTs (peers that never answer: the driver works behind the API). */
async function createLatency(driver) {
  return withServer(driver, async (url) => {
    const policy = await policies(url);
    const a = await site(url, 0);
    const b = await site(url, 1);
    const body = await connectionBody(url, a, b, policy);
    const times = [];
    for (let i = 0; i < CREATES; i++) {
      const started = performance.now();
      await post(url, '/v2.0/vpn/ipsec-site-connections', body);
      times.push(performance.now() - started);
    }
    return times;
  });
}

console.log('POST → ACTIVE (strongSwan driver, userspace or kernel ESP as detected):');
const active = {};
for (const pairs of PAIRS) {
  const times = await timeToActive(pairs);
  active[pairs] = percentile(times, 50);
  console.log(
    `  ${String(2 * pairs).padStart(3)} connections (${2 * pairs} routers, ${2 * pairs} charons): p50 ${ms(percentile(times, 50))}, p95 ${ms(percentile(times, 95))}, max ${ms(Math.max(...times))}`,
  );
}
if (PAIRS.length > 1) {
  console.log(
    `  p50 ratio ${2 * PAIRS[1]} / ${2 * PAIRS[0]} connections: ${(active[PAIRS[1]] / active[PAIRS[0]]).toFixed(2)}×`,
  );
}

console.log(`\nAPI create latency, ${CREATES} POST /v2.0/vpn/ipsec-site-connections one after another:`);
const simulated = await createLatency('simulated');
const strongswan = await createLatency('strongswan');
for (const [name, times] of [
  ['simulated (baseline)', simulated],
  ['strongswan', strongswan],
]) {
  console.log(`  ${name.padEnd(21)} p50 ${ms(percentile(times, 50))}, p95 ${ms(percentile(times, 95))}`);
}
console.log(
  `  strongswan / simulated: p50 ${(percentile(strongswan, 50) / percentile(simulated, 50)).toFixed(2)}×, p95 ${(percentile(strongswan, 95) / percentile(simulated, 95)).toFixed(2)}×`,
);
