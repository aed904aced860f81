// The floor of the hot-path benchmark: the least a server must do for the same
// three requests. A bare Fastify app, no logs, no framework above it: create
// runs the same compiled validator (@vpnaas/validator) on the body and one
// prepared better-sqlite3 INSERT (WAL, synchronous FULL like the service);
// show and list are one prepared SELECT each (the list also verbatim, below).
// Nothing checks references, projects or quotas. Started by hot-path.bench.mjs:
// BENCH_PORT, BENCH_DATA_DIR.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { validateRequest } from '@vpnaas/validator';
import BetterSqlite3 from 'better-sqlite3';
import Fastify from 'fastify';

const sqlite = new BetterSqlite3(join(process.env.BENCH_DATA_DIR, 'floor.sqlite'));
sqlite.pragma('journal_mode = WAL');
sqlite.pragma('synchronous = FULL');
sqlite.exec(`create table connections (
  id text primary key, project_id text not null, created_at text not null, body text not null)`);
sqlite.exec('create index connections_page on connections (project_id, created_at, id)');
const insert = sqlite.prepare(
  'insert into connections (id, project_id, created_at, body) values (?, ?, ?, ?)',
);
const byId = sqlite.prepare('select body from connections where id = ? and project_id = ?');
const page = sqlite.prepare(
  'select body from connections where project_id = ? order by created_at, id limit 101',
);

const app = Fastify({ logger: false });
const project = (request) => request.headers['x-project-id'] ?? 'default';

app.post('/v2.0/vpn/ipsec-site-connections', async (request, reply) => {
  const result = validateRequest('ipsec_site_connection', 'create', request.body);
  if (!result.ok) return reply.status(400).send({ NeutronError: result.error });
  const connection = {
    ...result.value,
    id: randomUUID(),
    status: 'PENDING_CREATE',
    project_id: project(request),
    created_at: new Date().toISOString(),
  };
  insert.run(connection.id, connection.project_id, connection.created_at, JSON.stringify(connection));
  return reply.status(201).send({ ipsec_site_connection: connection });
});

app.get('/v2.0/vpn/ipsec-site-connections/:id', async (request, reply) => {
  const row = byId.get(request.params.id, project(request));
  if (!row) return reply.status(404).send({ NeutronError: { type: 'NotFound', message: '', detail: '' } });
  return { ipsec_site_connection: JSON.parse(row.body) };
});

app.get('/v2.0/vpn/ipsec-site-connections', async (request, reply) => {
  const rows = page.all(project(request)).slice(0, 100);
  // `?verbatim`: the stored bodies spliced into the page as they are, neither parsed nor serialised
  // again. Not the same answer (no status a driver changed, no psk opened): a reference only, for
  // what a list costs when nothing is built per request.
  if (request.query.verbatim !== undefined) {
    reply.type('application/json; charset=utf-8');
    return `{"ipsec_site_connections":[${rows.map((row) => row.body).join(',')}]}`;
  }
  return { ipsec_site_connections: rows.map((row) => JSON.parse(row.body)) };
});

await app.listen({ host: '127.0.0.1', port: Number(process.env.BENCH_PORT) });
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
