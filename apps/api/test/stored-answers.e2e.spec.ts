// On SQLite, a connection's answer is kept in a column that triggers write
// (stored-column.ts), and shows and lists send it. A database without those
// triggers (one upgraded from a version before them), or with the triggers of
// another version, must still be answered right: start-up makes the triggers
// again and writes every answer anew. SQLite only: it edits the file itself.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { collectedLog } from './support/collected-log.js';
import { call, startServer, type TestServer, waitForStatus } from './support/test-server.js';
import { connectionBody, setUpVpn } from './support/vpn-setup.js';

const CONNECTIONS = '/v2.0/vpn/ipsec-site-connections';
const asProject = { 'X-Project-Id': 'stored-answers' };
const open: TestServer[] = [];

afterEach(async () => {
  for (const server of open.splice(0)) await server.close();
});

async function start(dataDir: string, log = collectedLog()): Promise<TestServer> {
  const server = await startServer({ dataDir, logLevel: 'info' }, { logDestination: log.destination });
  open.push(server);
  return server;
}

const REWRITTEN =
  "wrote every connection's stored answer anew: the database's triggers for them were not this version's";

/** The start-up's line saying it wrote the answers anew, if it did. */
const rewrites = (log: ReturnType<typeof collectedLog>) =>
  log.lines().filter((line) => line.msg === REWRITTEN);

interface Connections {
  readonly ids: readonly string[];
  /** The members of a connection's answer, in their order. */
  readonly members: readonly string[];
}

/** Two settled connections, one with tags; the server is closed, its file free to edit. */
async function twoConnections(dataDir: string): Promise<Connections> {
  const server = await start(dataDir);
  const objects = await setUpVpn(server, asProject);
  const ids: string[] = [];
  let members: string[] = [];
  for (const name of ['first', 'second']) {
    const created = await call(server, 'POST', CONNECTIONS, connectionBody(objects, { name }), asProject);
    expect(created.status, created.text).toBe(201);
    ids.push(created.body.ipsec_site_connection.id);
    members = Object.keys(created.body.ipsec_site_connection);
  }
  const tagged = await call(
    server,
    'POST',
    `/v2.0/stored-answers/ipsec-site-connections/${ids[0]}/tags/action`,
    { action: 'create', tags: [{ key: 'env', value: 'prod' }] },
    asProject,
  );
  expect(tagged.status, tagged.text).toBe(204);
  for (const id of ids) {
    await waitForStatus(server, `${CONNECTIONS}/${id}`, 'ipsec_site_connection', 'ACTIVE', 10_000, asProject);
  }
  open.splice(open.indexOf(server), 1);
  await server.close();
  return { ids, members };
}

/**
 * Two connections made, the service stopped, every trigger dropped and `statements` run on
 * the file (unless there are none), then the service started again on it.
 */
async function restartedAfter(
  statements: string | undefined,
): Promise<{ server: TestServer; connections: Connections; log: ReturnType<typeof collectedLog> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vpnaas-stored-'));
  const connections = await twoConnections(dataDir);
  if (statements !== undefined) edit(dataDir, `${dropTriggers(dataDir)}\n${statements}`);
  const log = collectedLog();
  return { server: await start(dataDir, log), connections, log };
}

/** Edits the database file while no service holds it. */
function edit(dataDir: string, statements: string): void {
  const db = new BetterSqlite3(join(dataDir, 'vpnaas.sqlite'));
  try {
    db.exec(statements);
  } finally {
    db.close();
  }
}

/** Every connection's show and the list, each beside the same answer built in JS (`fields`). */
async function expectAnswersAsBuiltInJs(server: TestServer, { ids, members }: Connections): Promise<void> {
  const fields = members.map((member) => `fields=${member}`).join('&');
  for (const id of ids) {
    const shown = await call(server, 'GET', `${CONNECTIONS}/${id}`, undefined, asProject);
    const builtInJs = await call(server, 'GET', `${CONNECTIONS}/${id}?${fields}`, undefined, asProject);
    expect(shown.status, shown.text).toBe(200);
    expect(shown.text).toBe(JSON.stringify(builtInJs.body));
  }
  const listed = await call(server, 'GET', CONNECTIONS, undefined, asProject);
  const listedInJs = await call(server, 'GET', `${CONNECTIONS}?${fields}`, undefined, asProject);
  expect(listed.status, listed.text).toBe(200);
  expect(listed.body.ipsec_site_connections).toHaveLength(ids.length);
  expect(listed.text).toBe(JSON.stringify(listedInJs.body));
}

describe("a connection's stored answer", () => {
  it('is written for every connection of a database that has no triggers for it (an upgraded one)', async () => {
    // As migration 0008 leaves a database of an earlier version: the column empty, no triggers.
    const { server, connections, log } = await restartedAfter(
      'UPDATE ipsec_site_connections SET stored_answer = NULL;',
    );
    const { ids } = connections;
    // The start-up says how many it wrote and how long it took: a slower start is explained in the log.
    expect(rewrites(log)).toEqual([{ level: 30, connections: 2, ms: expect.any(Number), msg: REWRITTEN }]);
    await expectAnswersAsBuiltInJs(server, connections);
    // The triggers are back: a change after the start is in the answers too.
    const renamed = await call(
      server,
      'PUT',
      `${CONNECTIONS}/${ids[1]}`,
      { ipsec_site_connection: { name: 'renamed' } },
      asProject,
    );
    expect(renamed.status, renamed.text).toBe(200);
    const untagged = await call(
      server,
      'DELETE',
      `/v2.0/stored-answers/ipsec-site-connections/${ids[0]}/tags/env`,
      undefined,
      asProject,
    );
    expect(untagged.status, untagged.text).toBe(204);
    const shown = await call(server, 'GET', `${CONNECTIONS}/${ids[1]}`, undefined, asProject);
    expect(shown.body.ipsec_site_connection.name).toBe('renamed');
    await expectAnswersAsBuiltInJs(server, connections);
  });

  it("is written anew where the triggers are another version's", async () => {
    // Another version wrote another answer (here: one without tags), and kept it by its own triggers.
    const { server, connections, log } = await restartedAfter(
      `CREATE TRIGGER "ipsec_site_connections_stored_answer_on_update" AFTER UPDATE OF "name" ON "ipsec_site_connections"
         BEGIN UPDATE "ipsec_site_connections" SET "stored_answer" = json_object('id', new."id", 'psk', '') WHERE "id" = new."id"; END;
       UPDATE ipsec_site_connections SET stored_answer = json_object('id', id, 'psk', '');`,
    );
    const { ids } = connections;
    expect(rewrites(log)).toHaveLength(1);
    await expectAnswersAsBuiltInJs(server, connections);
    const shown = await call(server, 'GET', `${CONNECTIONS}/${ids[0]}`, undefined, asProject);
    expect(shown.body.ipsec_site_connection.tags).toEqual([{ key: 'env', value: 'prod' }]);
  });

  it("is left as it is where the triggers are this version's", async () => {
    const { server, connections, log } = await restartedAfter(undefined);
    expect(rewrites(log)).toEqual([]);
    await expectAnswersAsBuiltInJs(server, connections);
  });
});

/** `DROP TRIGGER` for each trigger the file has. */
function dropTriggers(dataDir: string): string {
  const db = new BetterSqlite3(join(dataDir, 'vpnaas.sqlite'), { readonly: true });
  try {
    const names = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'")
      .pluck()
      .all() as string[];
    expect(names.length).toBeGreaterThan(0);
    return names.map((name) => `DROP TRIGGER "${name}";`).join('\n');
  } finally {
    db.close();
  }
}
