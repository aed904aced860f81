// Hostile input against the built service: random list parameters, bodies
// nested up to 50,000 levels, paths that are not UTF-8 or too long, malformed
// HTTP and slow clients. Prints the requests tried by outcome; any 5xx (or a
// non-NeutronError body) is a failure and makes the script exit 1.
// Run: pnpm --filter @vpnaas/api exec node bench/hostile-input.bench.mjs   (after pnpm build)
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import 'reflect-metadata';
import fc from 'fast-check';
import { createApp } from '../dist/app.factory.js';
import { loadConfig } from '../dist/config/app-config.js';

const RUNS = Number(process.env.HOSTILE_RUNS ?? 2000);
const dataDir = mkdtempSync(join(tmpdir(), 'vpnaas-hostile-'));
const app = await createApp({
  ...loadConfig({}),
  port: 0,
  dataDir,
  logLevel: 'silent',
  requestTimeoutMs: 500,
  headersTimeoutMs: 500,
});
await app.listen({ host: '127.0.0.1', port: 0 });
const port = app.getHttpServer().address().port;
const url = `http://127.0.0.1:${port}`;

const outcomes = new Map();
let bad = 0;
function record(kind, status, body) {
  const key = `${kind} ${status}`;
  outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
  const neutron = status < 300 || status === 204 || body?.NeutronError?.type !== undefined;
  if (status >= 500 || !neutron) {
    bad++;
    console.error('BAD', kind, status, JSON.stringify(body)?.slice(0, 200));
  }
}

async function http(kind, method, path, body) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body,
  });
  const text = await response.text();
  let parsed;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  record(kind, response.status, parsed);
}

function raw(kind, chunks, gapMs = 0) {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    const done = () => {
      socket.destroy();
      const status = Number(received.split(' ')[1]);
      if (Number.isFinite(status)) {
        let body;
        try {
          body = JSON.parse(received.slice(received.indexOf('\r\n\r\n') + 4));
        } catch {}
        record(kind, status, body);
      } else record(kind, 'closed', { NeutronError: { type: 'none' } });
      resolve();
    };
    socket.on('data', (data) => {
      received += data;
    });
    socket.on('close', done);
    socket.on('error', done);
    socket.on('connect', async () => {
      for (const chunk of chunks) {
        if (socket.destroyed) return;
        socket.write(chunk);
        if (gapMs) await new Promise((r) => setTimeout(r, gapMs));
      }
    });
  });
}

const collections = [
  'vpn/ikepolicies',
  'vpn/ipsec-site-connections',
  'vpn/vpnservices',
  'vpn/endpoint-groups',
  'routers',
  'subnets',
  'networks',
];
const value = fc.oneof(
  fc.constantFrom('9223372036854775807', '-1', '1.5', '', 'psk', '__proto__', 'name', 'asc', 'desc', 'true'),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String),
  fc.string({ maxLength: 20 }),
);
const params = fc.array(
  fc.tuple(
    fc.constantFrom(
      'limit',
      'marker',
      'page_reverse',
      'sort_key',
      'sort_dir',
      'fields',
      'name',
      'psk',
      'mtu',
    ),
    value,
  ),
  { maxLength: 6 },
);
const started = Date.now();
for (const [collection, query] of fc.sample(fc.tuple(fc.constantFrom(...collections), params), RUNS)) {
  await http('list parameters', 'GET', `/v2.0/${collection}?${new URLSearchParams(query)}`);
}
for (const [depth, field] of fc.sample(
  fc.tuple(
    fc.integer({ min: 1, max: 50_000 }),
    fc.constantFrom('name', 'description', 'dpd', 'lifetime', 'bogus'),
  ),
  RUNS / 10,
)) {
  await http(
    'nested body',
    'POST',
    '/v2.0/vpn/ikepolicies',
    `{"ikepolicy": {"${field}": ${'['.repeat(depth)}1${']'.repeat(depth)}}}`,
  );
}
for (const body of fc.sample(
  fc.oneof(
    fc.string(),
    fc.json(),
    fc.jsonValue().map((v) => JSON.stringify({ ipsec_site_connection: v })),
  ),
  RUNS / 4,
)) {
  await http('random body', 'POST', '/v2.0/vpn/ipsec-site-connections', body);
}
for (const path of [
  '/v2.0/vpn/ikepolicies/%ff',
  `/v2.0/vpn/ikepolicies/${'a'.repeat(2000)}`,
  '/v2.0/vpn/ikepolicies/%c0%80',
  '/%',
]) {
  await http('bad path', 'GET', path);
}
const request = 'POST /v2.0/vpn/ikepolicies HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n';
await raw('bad chunking', [`${request}Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`]);
await raw('header overflow', [`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`]);
await raw('garbage', ['\x00\x01\x02 NOT HTTP\r\n\r\n']);
const body = '{"ikepolicy": {"name": "slow"}}';
await Promise.all(
  Array.from({ length: 20 }, () =>
    raw('slow body', [`${request}Content-Length: ${body.length}\r\n\r\n`, ...body], 200),
  ),
);
await Promise.all(
  Array.from({ length: 20 }, () =>
    raw('slow headers', ['GET / HTTP/1.1\r\n', 'Host: x\r\n', 'X-A: 1\r\n', 'X-B: 2\r\n'], 300),
  ),
);
const seconds = (Date.now() - started) / 1000;

await app.close();
rmSync(dataDir, { recursive: true, force: true });
const total = [...outcomes.values()].reduce((a, b) => a + b, 0);
console.log(`hostile input: ${total} requests in ${seconds.toFixed(1)} s`);
console.log('| kind | status | requests |\n| --- | --- | ---: |');
for (const [key, count] of [...outcomes].sort()) {
  const [kind, status] = [key.slice(0, key.lastIndexOf(' ')), key.slice(key.lastIndexOf(' ') + 1)];
  console.log(`| ${kind} | ${status} | ${count} |`);
}
const fivexx = [...outcomes]
  .filter(([key]) => key.endsWith(' 5') || / 5\d\d$/.test(key))
  .reduce((a, [, c]) => a + c, 0);
console.log(`5xx: ${fivexx}; answers that were not NeutronErrors: ${bad}`);
process.exit(bad === 0 ? 0 : 1);
