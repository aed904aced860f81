// Losing PostgreSQL: while the service's connections are killed
// (pg_terminate_backend) or the database refuses connections, every request is
// answered within the statement timeout, with a 503 NeutronError and never a
// 500; the service recovers by itself; nothing it acknowledged is lost.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUnavailable } from '../src/database/database-unavailable.error.js';
import { freePort, killAll, startProcess } from './support/service-process.js';
import { createPostgresDatabase, POSTGRES_URL, type TestDatabase } from './support/test-database.js';
import { type ApiResponse, call, startServer, type TestServer } from './support/test-server.js';

const STATEMENT_TIMEOUT_MS = 1000;
/** The longest any answer may take: the timeout, plus the client-side margin, plus a loaded machine. */
const LONGEST_ANSWER_MS = STATEMENT_TIMEOUT_MS * 2 + 1500;

let database: TestDatabase;
let server: TestServer;
let admin: pg.Client;
let name: string;

beforeAll(async () => {
  database = await createPostgresDatabase({ statementTimeoutMs: STATEMENT_TIMEOUT_MS, poolSize: 4 });
  name = new URL(database.config.url as string).pathname.slice(1);
  server = await startServer({ database: database.config });
  admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
});

afterAll(async () => {
  killAll();
  await admin?.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`).catch(() => {});
  await admin?.end();
  await server?.close();
  await database?.drop();
});

const terminateConnections = () =>
  admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [name]);

interface Timed {
  answer: ApiResponse<any>;
  ms: number;
}

async function timed(method: string, path: string, body?: unknown): Promise<Timed> {
  const start = Date.now();
  const answer = await call(server, method, path, body);
  return { answer, ms: Date.now() - start };
}

function expectUnavailableOrOk(result: Timed, okStatus: number) {
  expect(result.ms, result.answer.text).toBeLessThan(LONGEST_ANSWER_MS);
  if (result.answer.status === okStatus) return;
  expect(result.answer.status, result.answer.text).toBe(503);
  expect(result.answer.body.NeutronError.type).toBe('HTTPServiceUnavailable');
  expect(result.answer.text).not.toMatch(/at .*\.js|stack/);
}

async function waitUntilReady() {
  const deadline = Date.now() + 15_000;
  while ((await call(server, 'GET', '/readyz')).status !== 200) {
    if (Date.now() > deadline) throw new Error('the service never became ready again');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('losing the database', () => {
  it('under load, with its connections terminated again and again: 201 or 503, nothing acknowledged lost', async () => {
    const acknowledged: string[] = [];
    const results: Timed[] = [];
    let stop = false;
    const worker = async (index: number) => {
      for (let i = 0; !stop; i++) {
        const created = await timed('POST', '/v2.0/vpn/ikepolicies', {
          ikepolicy: { name: `load-${index}-${i}` },
        });
        results.push(created);
        if (created.answer.status === 201) acknowledged.push(created.answer.body.ikepolicy.id);
        results.push(await timed('GET', '/v2.0/vpn/ikepolicies?limit=5'));
      }
    };
    const workers = [0, 1, 2, 3, 4, 5].map(worker);
    for (let kill = 0; kill < 8; kill++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      await terminateConnections();
    }
    stop = true;
    await Promise.all(workers);

    for (const result of results) expectUnavailableOrOk(result, result.answer.body?.ikepolicy ? 201 : 200);
    expect(results.some((result) => result.answer.status === 503)).toBe(true);
    expect(acknowledged.length).toBeGreaterThan(0);

    await waitUntilReady();
    const listed = await call(server, 'GET', '/v2.0/vpn/ikepolicies');
    const ids = new Set(listed.body.ikepolicies.map((policy: { id: string }) => policy.id));
    for (const id of acknowledged) expect(ids.has(id), `acknowledged ${id} lost`).toBe(true);
  });

  it('while the database refuses connections: 503 at once, /healthz still 200; then recovers by itself', async () => {
    await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
    await terminateConnections();
    try {
      for (const [method, path, body, ok] of [
        ['GET', '/v2.0/vpn/ikepolicies', undefined, 200],
        ['POST', '/v2.0/vpn/ipsecpolicies', { ipsecpolicy: { name: 'while-down' } }, 201],
        ['GET', '/readyz', undefined, 200],
      ] as const) {
        const result = await timed(method, path, body);
        expectUnavailableOrOk(result, ok);
        expect(result.answer.status, `${method} ${path}`).toBe(503);
      }
      expect((await call(server, 'GET', '/readyz')).body.NeutronError.message).toMatch(
        /^Not ready: the database/,
      );
      expect((await call(server, 'GET', '/healthz')).status).toBe(200);
    } finally {
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
    }
    await waitUntilReady();
    const created = await call(server, 'POST', '/v2.0/vpn/ipsecpolicies', { ipsecpolicy: { name: 'after' } });
    expect(created.status, created.text).toBe(201);
  });

  it('a statement stuck behind a lock is cut off by the statement timeout with a 503, not a hang', async () => {
    const blocker = new pg.Client({ connectionString: database.config.url });
    await blocker.connect();
    try {
      await blocker.query('begin');
      await blocker.query('lock table ikepolicies in access exclusive mode');
      const result = await timed('GET', '/v2.0/vpn/ikepolicies');
      expectUnavailableOrOk(result, 200);
      expect(result.answer.status).toBe(503);
      expect(result.ms).toBeGreaterThanOrEqual(STATEMENT_TIMEOUT_MS - 50);
    } finally {
      await blocker.query('rollback');
      await blocker.end();
    }
    expect((await call(server, 'GET', '/v2.0/vpn/ikepolicies')).status).toBe(200);
  });
});

describe('start-up without the database', () => {
  it('stops with one line naming VPNAAS_DATABASE_URL and the cause, never the URL', async () => {
    // Nothing listens on port 1.
    const failure = await startProcess({
      VPNAAS_DATABASE_URL: 'postgres://vpnaas:hunter2@127.0.0.1:1/vpnaas',
    }).then(
      () => 'started',
      (error: Error) => error.message,
    );
    expect(failure).toMatch(
      /^vpnaas: VPNAAS_DATABASE_URL: the database cannot be reached \(Error: connect ECONNREFUSED 127\.0\.0\.1:1\)$/m,
    );
    expect(failure).not.toContain('hunter2');
  });
});

describe('readiness', () => {
  it('is 503 while a migration this code knows has not run, 200 again once it has', async () => {
    const client = new pg.Client({ connectionString: database.config.url });
    await client.connect();
    try {
      const { rows } = await client.query(
        'delete from kysely_migration where name = (select max(name) from kysely_migration) returning *',
      );
      const notReady = await call(server, 'GET', '/readyz');
      expect(notReady.status).toBe(503);
      expect(notReady.body.NeutronError.message).toBe(
        `Not ready: the database not migrated: ${rows[0].name}`,
      );
      await client.query('insert into kysely_migration (name, timestamp) values ($1, $2)', [
        rows[0].name,
        rows[0].timestamp,
      ]);
      expect((await call(server, 'GET', '/readyz')).status).toBe(200);
    } finally {
      await client.end();
    }
  });
});

describe('text PostgreSQL cannot store', () => {
  it('answers a NUL character in a body, a filter or an id with a 400 NeutronError, never a 500', async () => {
    for (const [method, path, body] of [
      ['POST', '/v2.0/vpn/ikepolicies', { ikepolicy: { name: 'a\u0000b' } }],
      ['GET', '/v2.0/vpn/ikepolicies?name=%00', undefined],
      ['GET', '/v2.0/vpn/ikepolicies/%00', undefined],
    ] as const) {
      const answer = await call(server, method, path, body);
      expect(answer.status, `${method} ${path}: ${answer.text}`).toBe(400);
      expect(answer.body.NeutronError).toEqual({
        type: 'HTTPBadRequest',
        message: 'Invalid input: text may not contain the NUL character (\\u0000)',
        detail: '',
      });
    }
  });
});

describe('what counts as losing the database', () => {
  it('a message the server refused (a protocol violation) is not; a refused connection is', async () => {
    // More parameters than the protocol's 16 bits: PostgreSQL answers 08P01, a class-08 code.
    const count = 65_536;
    const refused = await admin
      .query(
        `select 1 where 1 in (${Array.from({ length: count }, (_, i) => `$${i + 1}`).join(', ')})`,
        Array.from({ length: count }, () => 1),
      )
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect((refused as { code?: string }).code).toBe('08P01');
    expect(isUnavailable(refused)).toBe(false);
    const closed = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${await freePort()}/x` });
    const lost = await closed.connect().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(isUnavailable(lost)).toBe(true);
  });
});
