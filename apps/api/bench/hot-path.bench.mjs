// The hot path against its floor, side by side in one run. Starts, each as its
// own process pinned to core 0 (this script and autocannon run on core 1):
//   floor            — a bare Fastify route with the same compiled validator and
//                      one prepared better-sqlite3 statement (support/floor.server.mjs);
//   sqlite           — the built service on its embedded default, default (info) access log, started
//                      with Node's flags from the root `pnpm start` (the README's run command);
//   sqlite, deployed — the same with the Node flags and glibc settings of the systemd unit (the
//                      container image sets the same);
//   sqlite, silent   — as the first, with VPNAAS_LOG_LEVEL=silent;
//   postgres         — as the first, on PostgreSQL (a temporary database);
//   before           — with BENCH_BEFORE=<an older apps/api checkout, built>, that build as the first.
// Each round runs every load against every server in turn (so that a busy machine slows them all
// alike), the other servers stopped meanwhile (SIGSTOP): create (the seed's body with real references),
// show by id, list (limit=100; on the floor also with its stored bodies sent verbatim, a reference),
// then a mixed CRUD load over all five VPN resources, and (services only) the list of a project at the
// default quota: the 12 connections a new user can make, the whole list.
// Prints medians of the rounds, p99, peak RSS (and the peak of start-up alone), the ratios to
// the floor, and each server's CPU while idle (the service's driver polls every 10 ms here, as set below).
// Then the paired show: each service process and the floor process started with it, loaded at the same
// time (both on core 0, half of it each), their CPU per show compared over the same seconds. The rounds
// above compare loads run seconds apart, and this machine's speed drifts by up to 2× within minutes;
// measured at the same time, the ratio moves by a few percent from round to round instead.
// Then the interleaved show: the floor, the service and the floor again, each alone on core 0 with all
// the connections, a few seconds each, compared with the floor's mean on both sides of it. Two servers
// sharing one core cost the larger one more CPU per request than the smaller (BENCHMARKS, fourteenth
// session); this is the issue's own setting, one server alone on its core, with the drift cancelled by
// short alternating slices instead.
// Run: pnpm --filter @vpnaas/api bench:hot-path   (after pnpm build)
// Knobs: BENCH_SECONDS (10), BENCH_ROUNDS (3), BENCH_CONNECTIONS (32), BENCH_ENGINES (sqlite,postgres),
// BENCH_PAIRED_ROUNDS (6) of BENCH_PAIRED_SECONDS (5), BENCH_INTERLEAVED_ROUNDS (6) of BENCH_INTERLEAVED_SECONDS (3),
// BENCH_PROCESSES (1): how many processes of each server to start. Processes of one build have differed by
// 12 % (see BENCHMARKS), so with more than one the figures are medians over every round of every process.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RESOURCES } from '@vpnaas/schema';
import autocannon from 'autocannon';
import { DEFAULT_QUOTAS } from '../dist/config/app-config.js';
import { analyze, ENGINES, postgresAutovacuumOn, temporaryPostgresDatabase } from './engines.mjs';
import { BENCH_PROJECT, benchHeaders, projectHeaders, vpnObjects } from './support/vpn-objects.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const PROCESSES = Number(process.env.BENCH_PROCESSES ?? 1);
const PAIRED_ROUNDS = Number(process.env.BENCH_PAIRED_ROUNDS ?? 6);
const PAIRED_SECONDS = Number(process.env.BENCH_PAIRED_SECONDS ?? 5);
const INTERLEAVED_ROUNDS = Number(process.env.BENCH_INTERLEAVED_ROUNDS ?? 6);
const INTERLEAVED_SECONDS = Number(process.env.BENCH_INTERLEAVED_SECONDS ?? 3);
/** Each of a pair gets half the connections, so that the two together ask as much as one server alone. */
const PAIRED_CONNECTIONS = Math.max(1, Math.round(CONNECTIONS / 2));
if (!Number.isInteger(PROCESSES) || PROCESSES < 1)
  throw new Error('BENCH_PROCESSES must be a whole number, 1 or more');
const here = dirname(fileURLToPath(import.meta.url));
const seedBody = JSON.parse(
  readFileSync(
    join(here, '../../../packages/schema/examples/ipsec-site-connection.create.request.json'),
    'utf8',
  ),
);
const CONNECTIONS_PATH = '/v2.0/vpn/ipsec-site-connections';
/**
 * A project that holds what a new user can make: the default quota of connections. Issue 11's
 * 1,219 list pages a second were measured so (the code of its day lists 1,231–1,438 pages a second
 * of 12 connections, 378–401 of 100: BENCHMARKS), while the main list load pages a growing table.
 */
const QUOTA_PROJECT = 'bench-new-user';
const QUOTA_CONNECTIONS = DEFAULT_QUOTAS.ipsec_site_connection;

/** The kernel's unit of /proc/<pid>/stat CPU times. */
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));

/** Runs on core 1 when the machine can pin, leaving core 0 to the server under test. */
const pinned = (() => {
  try {
    execFileSync('taskset', ['-a', '-cp', '1', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    console.warn('taskset is missing or refused: running unpinned (figures are noisier)');
    return false;
  }
})();

function freePort() {
  return new Promise((done, fail) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => done(port));
    });
    probe.on('error', fail);
  });
}

/** Starts a server process on core 0; resolves once it answers. */
async function startServer(name, script, env, nodeFlags = []) {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'vpnaas-hot-path-'));
  // The access log goes to a file, as it would to a log collector: its cost is part of the figure.
  const log = openSync(join(dataDir, 'stdout.log'), 'a');
  const node = [process.execPath, ...nodeFlags, script];
  const command = pinned ? ['taskset', ['-c', '0', ...node]] : [node[0], node.slice(1)];
  const child = spawn(command[0], command[1], {
    env: {
      ...process.env,
      ...env,
      BENCH_PORT: String(port),
      BENCH_DATA_DIR: dataDir,
      VPNAAS_PORT: String(port),
      VPNAAS_DATA_DIR: join(dataDir, 'data'),
    },
    stdio: ['ignore', log, 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
    try {
      await fetch(`${url}/v2.0/vpn/ikepolicies`, { headers: benchHeaders });
      break;
    } catch {
      if (attempt > 300) throw new Error(`${name} did not start`);
      await new Promise((wait) => setTimeout(wait, 100));
    }
  }
  /** The process's peak resident set so far (VmHWM), in MB. */
  const peakRssMb = () => {
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN) / 1024;
  };
  /** The CPU time the process has used so far (user and system, as the kernel counts it), in seconds. */
  const cpuSeconds = () => {
    const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  };
  return {
    name,
    url,
    peakRssMb,
    cpuSeconds,
    /** The peak of start-up alone, before any request. */
    startupPeakRssMb: peakRssMb(),
    /** Stops the process where it is (SIGSTOP; taskset has exec'd node), and lets it go on (SIGCONT). */
    pause: () => child.kill('SIGSTOP'),
    resume: () => child.kill('SIGCONT'),
    async stop() {
      child.kill('SIGCONT');
      child.kill('SIGTERM');
      await new Promise((done) => (child.exitCode !== null ? done() : child.once('exit', done)));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** One autocannon run; throughput from the requests completed, latency percentiles in ms. */
async function load(url, { path = '', ...options }, seconds = SECONDS, connections = CONNECTIONS) {
  // autocannon takes the path as part of the URL.
  const result = await autocannon({
    url: `${url}${path}`,
    connections,
    duration: seconds,
    ...options,
  });
  return {
    requests: result.requests.total,
    rate: result.requests.total / seconds,
    p99: result.latency.p99,
    failed: result.non2xx + result.errors + result.timeouts,
    statuses: Object.keys(result.statusCodeStats ?? {})
      .filter((code) => !code.startsWith('2'))
      .map((code) => `${code}×${result.statusCodeStats[code].count}`),
  };
}

/** The first few answers that were not 2xx, for the log: a failed request must be explained. */
const refusals = [];
const noteRefusal = (status, body) => {
  if (status >= 300 && refusals.length < 5) refusals.push(`${status} ${body.slice(0, 300)}`);
};

/** The connection create body of the seed, pointing at this server's objects. */
function createBody(references) {
  return JSON.stringify({
    ipsec_site_connection: { ...seedBody.ipsec_site_connection, ...references },
  });
}

/**
 * Create, show, list, update and delete over the five VPN resources, as one
 * sequence per autocannon connection: 22 requests, each using ids from the
 * answers before it. A connection or VPN service that is PENDING_* refuses an
 * update or a delete (VPNStateInvalidToUpdate, as upstream), and the driver
 * settles it within its 10 ms interval here (activation after 0 ms): so five
 * other requests come between a create or update and the next change of the
 * same object. With the update followed at once by the delete, a fast machine
 * saw 53 of 186,000 requests refused.
 */
function mixedRequests({ routerId, references }) {
  const json = (body) => JSON.stringify(body);
  const remember = (key) => (status, body, context) => {
    noteRefusal(status, body);
    if (status === 201) context[key] = Object.values(JSON.parse(body))[0].id;
  };
  const create = (path, key, body) => ({
    method: 'POST',
    path,
    setupRequest: (request, context) => ({ ...request, body: json(body(context)) }),
    onResponse: remember(key),
  });
  const at = (method, path, key, body) => ({
    method,
    onResponse: noteRefusal,
    setupRequest: (request, context) => ({
      ...request,
      path: `${path}/${context[key]}`,
      ...(body ? { body: json(body) } : {}),
    }),
  });
  const IKE = '/v2.0/vpn/ikepolicies';
  const IPSEC = '/v2.0/vpn/ipsecpolicies';
  const GROUPS = '/v2.0/vpn/endpoint-groups';
  const SERVICES = '/v2.0/vpn/vpnservices';
  return [
    create(IKE, 'ike', () => ({ ikepolicy: { name: 'mixed' } })),
    create(IPSEC, 'ipsec', () => ({ ipsecpolicy: { name: 'mixed' } })),
    create(GROUPS, 'peer', () => ({
      endpoint_group: { name: 'mixed', type: 'cidr', endpoints: ['10.9.0.0/24'] },
    })),
    create(SERVICES, 'service', () => ({ vpnservice: { name: 'mixed', router_id: routerId } })),
    create(CONNECTIONS_PATH, 'connection', (context) => ({
      ipsec_site_connection: {
        ...seedBody.ipsec_site_connection,
        local_ep_group_id: references.local_ep_group_id,
        peer_ep_group_id: context.peer,
        ikepolicy_id: context.ike,
        ipsecpolicy_id: context.ipsec,
        vpnservice_id: context.service,
      },
    })),
    at('GET', IKE, 'ike'),
    at('GET', IPSEC, 'ipsec'),
    at('GET', GROUPS, 'peer'),
    { method: 'GET', path: `${IKE}?limit=20`, onResponse: noteRefusal },
    { method: 'GET', path: `${CONNECTIONS_PATH}?limit=20`, onResponse: noteRefusal },
    at('PUT', SERVICES, 'service', { vpnservice: { description: 'updated' } }),
    at('PUT', CONNECTIONS_PATH, 'connection', { ipsec_site_connection: { description: 'updated' } }),
    at('GET', SERVICES, 'service'),
    at('GET', CONNECTIONS_PATH, 'connection'),
    at('PUT', IKE, 'ike', { ikepolicy: { description: 'updated' } }),
    at('PUT', IPSEC, 'ipsec', { ipsecpolicy: { description: 'updated' } }),
    at('PUT', GROUPS, 'peer', { endpoint_group: { description: 'updated' } }),
    at('DELETE', CONNECTIONS_PATH, 'connection'),
    at('DELETE', SERVICES, 'service'),
    at('DELETE', GROUPS, 'peer'),
    at('DELETE', IPSEC, 'ipsec'),
    at('DELETE', IKE, 'ike'),
  ];
}

const serviceEnv = {
  // Every quota lifted: the loads create tens of thousands of objects in one project.
  VPNAAS_QUOTAS: JSON.stringify(Object.fromEntries(Object.keys(RESOURCES).map((key) => [key, -1]))),
  VPNAAS_ACTIVATION_DELAY_MS: '0',
  VPNAAS_DRIVER_INTERVAL_MS: '10',
};
const serviceMain = (root) => join(root, 'dist/main.js');
/**
 * The runtime settings the systemd unit (and the container image, which sets the same) gives the
 * service: Node's flags from its ExecStart line and glibc's settings from its environment, read from
 * the unit so that the bench runs what is deployed.
 */
const unit = readFileSync(join(here, '../../../deploy/systemd/vpnaas.service'), 'utf8');
const execStart = /^ExecStart=\S*\/node((?: --\S+)*) \S+$/m.exec(unit);
if (!execStart) throw new Error('deploy/systemd/vpnaas.service: no ExecStart=…/node [--flag…] <main> line');
const deployedNodeFlags = execStart[1].trim().split(' ').filter(Boolean);
const deployedEnv = Object.fromEntries(
  [...unit.matchAll(/^Environment=(NODE_OPTIONS|MALLOC_[A-Z_]+)=(.*)$/gm)].map(([, name, value]) => [
    name,
    value,
  ]),
);
const apiRoot = resolve(here, '..');
/** Node's flags as the README's run command (the root `pnpm start`) gives them: the service's rows use them. */
const startScript = JSON.parse(readFileSync(join(here, '../../../package.json'), 'utf8')).scripts.start;
const startFlags = /&& node((?: --\S+)*) apps\/api\/dist\/main\.js$/.exec(startScript);
if (!startFlags)
  throw new Error('package.json: the start script does not end in `&& node [--flag…] apps/api/dist/main.js`');
const startNodeFlags = startFlags[1].trim().split(' ').filter(Boolean);

const targets = [{ name: 'floor', script: join(here, 'support/floor.server.mjs'), env: {}, floor: true }];
const databases = [];
if (ENGINES.includes('sqlite')) {
  targets.push(
    { name: 'vpnaas sqlite', script: serviceMain(apiRoot), env: serviceEnv, nodeFlags: startNodeFlags },
    {
      name: `vpnaas sqlite, as deployed (${[
        ...deployedNodeFlags,
        ...Object.entries(deployedEnv).map(([name, value]) => `${name}=${value}`),
      ].join(' ')})`,
      script: serviceMain(apiRoot),
      env: { ...serviceEnv, ...deployedEnv },
      nodeFlags: deployedNodeFlags,
    },
    {
      name: 'vpnaas sqlite, logs silent',
      script: serviceMain(apiRoot),
      env: { ...serviceEnv, VPNAAS_LOG_LEVEL: 'silent' },
      nodeFlags: startNodeFlags,
    },
  );
}
if (ENGINES.includes('postgres')) {
  targets.push({
    name: 'vpnaas postgres',
    script: serviceMain(apiRoot),
    env: serviceEnv,
    nodeFlags: startNodeFlags,
    // Each process gets its own temporary database, as each SQLite process its own directory.
    postgres: true,
  });
}
if (process.env.BENCH_BEFORE) {
  targets.push({
    name: 'before (sqlite)',
    script: serviceMain(resolve(process.env.BENCH_BEFORE)),
    env: serviceEnv,
    nodeFlags: startNodeFlags,
  });
}

// Without autovacuum, PostgreSQL plans list pages without statistics of the tables, and reads and sorts
// a project's every row for each page (database.service.ts): its lists would measure a missing ANALYZE.
const analyzeBeforeLoads = ENGINES.includes('postgres') && !(await postgresAutovacuumOn());
const servers = [];
try {
  // The first process of every server, then the second of every server, and so on: the order in which
  // processes start has measured as much as a flag (BENCHMARKS), so each server's processes are spread
  // over the start order instead of all starting together.
  for (let copy = 1; copy <= PROCESSES; copy++) {
    for (const target of targets) {
      const name = PROCESSES > 1 ? `${target.name} #${copy}` : target.name;
      let env = target.env;
      let databaseUrl;
      if (target.postgres) {
        const database = await temporaryPostgresDatabase();
        databases.push(database);
        databaseUrl = database.url;
        env = { ...env, VPNAAS_DATABASE_URL: databaseUrl };
      }
      const server = await startServer(name, target.script, env, target.nodeFlags);
      servers.push({ ...target, target, name, copy, server, databaseUrl, figures: {} });
    }
  }
  const loads = {
    create: (each) => ({
      method: 'POST',
      path: CONNECTIONS_PATH,
      headers: benchHeaders,
      body: each.create.body,
    }),
    show: (each) => ({ method: 'GET', path: each.showPath, headers: benchHeaders }),
    list: () => ({ method: 'GET', path: `${CONNECTIONS_PATH}?limit=100`, headers: benchHeaders }),
    // The floor only: its stored bodies spliced into the page, nothing parsed or serialised again.
    listVerbatim: (each) =>
      each.floor
        ? { method: 'GET', path: `${CONNECTIONS_PATH}?limit=100&verbatim`, headers: benchHeaders }
        : undefined,
    mixed: (each) =>
      each.floor ? undefined : { headers: benchHeaders, requests: mixedRequests(each.objects) },
    listAtQuota: (each) =>
      each.floor
        ? undefined
        : { method: 'GET', path: `${CONNECTIONS_PATH}?limit=100`, headers: projectHeaders(QUOTA_PROJECT) },
  };
  for (const each of servers) {
    if (each.floor) {
      each.create = { body: createBody({}) };
    } else {
      const objects = await vpnObjects(each.server.url);
      each.objects = objects;
      each.create = { body: createBody(objects.references) };
      const headers = projectHeaders(QUOTA_PROJECT);
      const { references } = await vpnObjects(each.server.url, headers);
      for (let count = 0; count < QUOTA_CONNECTIONS; count++) {
        const created = await fetch(`${each.server.url}${CONNECTIONS_PATH}`, {
          method: 'POST',
          headers,
          body: createBody(references),
        });
        if (created.status !== 201)
          throw new Error(
            `${each.name}: create in ${QUOTA_PROJECT} ${created.status} ${await created.text()}`,
          );
      }
    }
    // Something to show, and a warm-up of every path.
    const created = await fetch(`${each.server.url}${CONNECTIONS_PATH}`, {
      method: 'POST',
      headers: benchHeaders,
      body: each.create.body,
    });
    if (created.status !== 201)
      throw new Error(`${each.name}: create ${created.status} ${await created.text()}`);
    each.showPath = `${CONNECTIONS_PATH}/${(await created.json()).ipsec_site_connection.id}`;
    await load(each.server.url, loads.create(each), 2);
    await load(each.server.url, loads.show(each), 1);
  }

  // Idle, all servers at once: what each costs when nobody calls it (the driver's polling, timers).
  const IDLE_SECONDS = 5;
  const idleBefore = servers.map((each) => each.server.cpuSeconds());
  await new Promise((wait) => setTimeout(wait, IDLE_SECONDS * 1000));
  servers.forEach((each, index) => {
    each.idleCpuPercent = ((each.server.cpuSeconds() - idleBefore[index]) / IDLE_SECONDS) * 100;
  });

  /**
   * Runs a load with every other server stopped, as the issue measured one server alone on its core:
   * idle, each service's driver polls every 10 ms here, and five of them took 12 % of core 0 between
   * them (twenty-second session, BENCHMARKS).
   */
  const alone = async (busy, run) => {
    const others = servers.filter((each) => !busy.includes(each));
    for (const other of others) other.server.pause();
    try {
      return await run();
    } finally {
      for (const other of others) other.server.resume();
    }
  };

  for (let round = 1; round <= ROUNDS; round++) {
    for (const [loadName, options] of Object.entries(loads)) {
      for (const each of servers) {
        const chosen = options(each);
        if (!chosen) continue;
        if (each.databaseUrl && analyzeBeforeLoads) await analyze(each.databaseUrl);
        const cpuBefore = each.server.cpuSeconds();
        const figures = await alone([each], () => load(each.server.url, chosen));
        // The server's own CPU per request: unlike req/s, it does not depend on how fast autocannon can send.
        figures.cpuUs = ((each.server.cpuSeconds() - cpuBefore) * 1e6) / Math.max(1, figures.requests);
        each.figures[loadName] = [...(each.figures[loadName] ?? []), figures];
        process.stderr.write(
          `round ${round} ${loadName} ${each.name}: ${Math.round(figures.rate)} req/s, p99 ${figures.p99} ms${figures.failed ? `, ${figures.failed} failed (${figures.statuses.join(', ')})` : ''}\n`,
        );
      }
    }
  }
  /** The stderr line of one paired or interleaved show. */
  const showLine = (what, name, { floorUs, serverUs, failed }) =>
    `${what} show ${name}: ${serverUs.toFixed(1)} µs a show, the floor ${floorUs.toFixed(1)} µs (${(floorUs / serverUs).toFixed(2)}×)${failed ? `, ${failed} failed` : ''}\n`;
  // The paired show: a service process and its copy's floor at once, half the connections each.
  for (let round = 1; round <= PAIRED_ROUNDS; round++) {
    for (const each of servers) {
      if (each.floor) continue;
      const floorCopy = servers.find((other) => other.floor && other.copy === each.copy);
      const pair = [floorCopy, each];
      const cpuBefore = pair.map((one) => one.server.cpuSeconds());
      const runs = await alone(pair, () =>
        Promise.all(
          pair.map((one) => load(one.server.url, loads.show(one), PAIRED_SECONDS, PAIRED_CONNECTIONS)),
        ),
      );
      const [floorUs, serverUs] = pair.map(
        (one, index) =>
          ((one.server.cpuSeconds() - cpuBefore[index]) * 1e6) / Math.max(1, runs[index].requests),
      );
      // A refused show is not a show, though it costs about as much: counted, so that the table shows it.
      const failed = runs[0].failed + runs[1].failed;
      each.paired = [...(each.paired ?? []), { floorUs, serverUs, ratio: floorUs / serverUs, failed }];
      process.stderr.write(showLine(`paired round ${round}`, each.name, { floorUs, serverUs, failed }));
    }
  }
  // The interleaved show: floor, service, floor, each alone (see the header).
  const cpuPerShow = async (one) => {
    const cpuBefore = one.server.cpuSeconds();
    const run = await alone([one], () => load(one.server.url, loads.show(one), INTERLEAVED_SECONDS));
    return {
      us: ((one.server.cpuSeconds() - cpuBefore) * 1e6) / Math.max(1, run.requests),
      failed: run.failed,
    };
  };
  for (let round = 1; round <= INTERLEAVED_ROUNDS; round++) {
    for (const each of servers) {
      if (each.floor) continue;
      const floorCopy = servers.find((other) => other.floor && other.copy === each.copy);
      const floorBefore = await cpuPerShow(floorCopy);
      const server = await cpuPerShow(each);
      const floorAfter = await cpuPerShow(floorCopy);
      const floorUs = (floorBefore.us + floorAfter.us) / 2;
      const serverUs = server.us;
      const failed = floorBefore.failed + server.failed + floorAfter.failed;
      each.interleaved = [
        ...(each.interleaved ?? []),
        { floorUs, serverUs, ratio: floorUs / serverUs, failed },
      ];
      process.stderr.write(showLine(`interleaved round ${round}`, each.name, { floorUs, serverUs, failed }));
    }
  }
  for (const each of servers) each.peakRssMb = each.server.peakRssMb();
  for (const refusal of refusals) process.stderr.write(`refused in the mixed load: ${refusal}\n`);
} finally {
  for (const each of servers) await each.server.stop();
  for (const database of databases) await database.drop();
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
/** Every server's processes as one row: their rounds pooled, the highest peaks, the mean idle CPU. */
const rows = targets.map((target) => {
  const processes = servers.filter((each) => each.target === target);
  const figures = {};
  for (const each of processes) {
    for (const [loadName, runs] of Object.entries(each.figures))
      figures[loadName] = [...(figures[loadName] ?? []), ...runs];
  }
  return {
    name: target.name,
    floor: target.floor,
    figures,
    peakRssMb: Math.max(...processes.map((each) => each.peakRssMb)),
    startupPeakRssMb: Math.max(...processes.map((each) => each.server.startupPeakRssMb)),
    idleCpuPercent: processes.reduce((sum, each) => sum + each.idleCpuPercent, 0) / processes.length,
    paired: processes.flatMap((each) => each.paired ?? []),
    interleaved: processes.flatMap((each) => each.interleaved ?? []),
  };
});
const summary = (each, loadName) => {
  const runs = each.figures[loadName];
  if (!runs) return undefined;
  return {
    rate: median(runs.map((run) => run.rate)),
    p99: median(runs.map((run) => run.p99)),
    cpuUs: median(runs.map((run) => run.cpuUs)),
    failed: runs.reduce((sum, run) => sum + run.failed, 0),
  };
};
const floor = rows.find((each) => each.floor);
const number = (value) => Math.round(value).toLocaleString('en-US');
console.log(
  `node ${process.version}, ${CONNECTIONS} connections, ${SECONDS} s per load, median of ${ROUNDS} rounds` +
    `${PROCESSES > 1 ? ` × ${PROCESSES} processes per server` : ''}, ` +
    `${pinned ? 'server on core 0, autocannon on core 1' : 'unpinned'}\n`,
);
console.log(
  '| server | create req/s (× floor), p99 | show req/s (× floor), p99 | list 100 req/s (× floor), p99 | mixed CRUD req/s, p99 | peak RSS (start-up) |',
);
console.log('|---|---:|---:|---:|---:|---:|');
for (const each of rows) {
  const cell = (loadName) => {
    const figures = summary(each, loadName);
    if (!figures) return '–';
    const base = summary(floor, loadName);
    const ratio = base && !each.floor ? ` (${(figures.rate / base.rate).toFixed(2)}×)` : '';
    const failed = figures.failed ? `, **${figures.failed} failed**` : '';
    return `${number(figures.rate)}${ratio}, ${figures.p99} ms${failed}`;
  };
  console.log(
    `| ${each.name} | ${cell('create')} | ${cell('show')} | ${cell('list')} | ${cell('mixed')} | ${number(each.peakRssMb)} MB (${number(each.startupPeakRssMb)}) |`,
  );
}
console.log(
  "\nCPU time of the server per request (µs), and the floor's share of it (floor µs ÷ server µs):\n",
);
console.log('| server | create | show | list 100 | mixed CRUD | idle (% of a core) |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const each of rows) {
  const cell = (loadName) => {
    const figures = summary(each, loadName);
    if (!figures) return '–';
    const base = summary(floor, loadName);
    const ratio = base && !each.floor ? ` (${(base.cpuUs / figures.cpuUs).toFixed(2)}×)` : '';
    return `${number(figures.cpuUs)}${ratio}`;
  };
  console.log(
    `| ${each.name} | ${cell('create')} | ${cell('show')} | ${cell('list')} | ${cell('mixed')} | ${each.idleCpuPercent.toFixed(1)} |`,
  );
}
/** A table of floor-against-service comparisons (the paired or the interleaved show). */
function comparisonTable(title, key) {
  console.log(title);
  console.log('| server | show µs (floor µs) | floor µs ÷ server µs, median | lowest – highest |');
  console.log('|---|---:|---:|---:|');
  for (const each of rows) {
    const runs = each[key];
    if (each.floor || runs.length === 0) continue;
    const ratios = runs.map((one) => one.ratio);
    const failedCount = runs.reduce((sum, one) => sum + one.failed, 0);
    const failed = failedCount ? `, **${failedCount} failed**` : '';
    console.log(
      `| ${each.name} | ${median(runs.map((one) => one.serverUs)).toFixed(1)} (${median(runs.map((one) => one.floorUs)).toFixed(1)})${failed} | ` +
        `**${median(ratios).toFixed(2)}×** | ${Math.min(...ratios).toFixed(2)} – ${Math.max(...ratios).toFixed(2)} |`,
    );
  }
}
if (PAIRED_ROUNDS > 0) {
  comparisonTable(
    `\nPaired show: each service process and its floor loaded at the same time (${PAIRED_ROUNDS} rounds of ${PAIRED_SECONDS} s, ` +
      `${PAIRED_CONNECTIONS} connections each), CPU per show (µs) and the floor's share of it:\n`,
    'paired',
  );
}
if (INTERLEAVED_ROUNDS > 0) {
  comparisonTable(
    `\nInterleaved show: the floor, the service, the floor, each alone on its core (${INTERLEAVED_ROUNDS} rounds of ` +
      `${INTERLEAVED_SECONDS} s each, ${CONNECTIONS} connections), CPU per show (µs; the floor's the mean of the two around it):\n`,
    'interleaved',
  );
}
const before = rows.find((each) => each.name.startsWith('before'));
const beforeAtQuota = before && summary(before, 'listAtQuota');
console.log(
  `\nList of a project at the default quota (${QUOTA_CONNECTIONS} connections, \`?limit=100\`: a new user's whole list)` +
    `${beforeAtQuota ? ', and the ratio to the before build' : ''}:\n`,
);
console.log(`| server | pages/s, p99 | CPU µs a page |${beforeAtQuota ? ' × before (pages/s) |' : ''}`);
console.log(`|---|---:|---:|${beforeAtQuota ? '---:|' : ''}`);
for (const each of rows) {
  const figures = summary(each, 'listAtQuota');
  if (!figures) continue;
  const failed = figures.failed ? `, **${figures.failed} failed**` : '';
  const ratio = beforeAtQuota ? ` ${(figures.rate / beforeAtQuota.rate).toFixed(2)}× |` : '';
  console.log(
    `| ${each.name} | ${number(figures.rate)}, ${figures.p99} ms${failed} | ${number(figures.cpuUs)} |${ratio}`,
  );
}
const verbatim = summary(floor, 'listVerbatim');
const firstService = rows.find((each) => !each.floor);
const firstServiceList = firstService && summary(firstService, 'list');
if (verbatim && firstServiceList) {
  console.log(
    `\nThe floor's list with its stored bodies spliced in verbatim (a reference, not the same answer): ` +
      `${number(verbatim.rate)} pages/s, p99 ${verbatim.p99} ms, ${number(verbatim.cpuUs)} µs of CPU a page` +
      `${verbatim.failed ? `, **${verbatim.failed} failed**` : ''}; ` +
      `${firstService.name}'s list is ${(firstServiceList.rate / verbatim.rate).toFixed(2)}× of it`,
  );
}
console.log(
  `\nproject ${BENCH_PROJECT}; the floor checks no references, projects or quotas and keeps no access log`,
);
if (analyzeBeforeLoads) {
  console.log(
    "PostgreSQL's autovacuum is off here: the bench ran ANALYZE on each PostgreSQL database before each load, as autovacuum would as its tables grow",
  );
}
