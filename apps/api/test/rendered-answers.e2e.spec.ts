// On SQLite, a connection's show and list (without `fields`) send the answer
// SQLite writes as JSON (json-render.ts) and keeps, rewritten by triggers at
// every change of the connection or its tags (stored-column.ts); a create, an
// update, any answer with `fields`, and every answer on PostgreSQL are built in
// JS (toConnection). Both must be the same answer: the same members, values and
// order, for text that needs escaping too, after each kind of change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startServer, type TestServer, waitForStatus } from './support/test-server.js';
import { connectionBody, setUpVpn } from './support/vpn-setup.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const CONNECTIONS = '/v2.0/vpn/ipsec-site-connections';

/** Text a serialiser must escape or keep whole: quotes, backslashes, control characters, non-ASCII. */
const AWKWARD = 'a "quoted" \\ back\\slash\n\ttab \u0001\u001f é ü 日本 😀 </script>';

/** The value as JSON with its members in their order: what a client reading the text sees. */
const asSent = (value: unknown) => JSON.stringify(value);

describe('the rendered answer of a connection', () => {
  it('is the answer built in JS, member for member and in the same order, on show and list', async () => {
    const asProject = { 'X-Project-Id': 'rendered-project' };
    const objects = await setUpVpn(server, asProject);
    const created = await call(
      server,
      'POST',
      CONNECTIONS,
      connectionBody(objects, {
        name: `name ${AWKWARD}`,
        description: AWKWARD,
        peer_id: AWKWARD,
        psk: 'pa\\ss{}|wo:rd',
        dpd: { action: 'restart', interval: 15, timeout: 61 },
      }),
      asProject,
    );
    expect(created.status, created.text).toBe(201);
    const id = created.body.ipsec_site_connection.id as string;
    const plain = await call(
      server,
      'POST',
      CONNECTIONS,
      connectionBody(objects, { name: 'plain' }),
      asProject,
    );
    expect(plain.status, plain.text).toBe(201);
    // Tags in an order other than their keys'.
    const tagged = await call(
      server,
      'POST',
      `/v2.0/rendered-project/ipsec-site-connections/${id}/tags/action`,
      {
        action: 'create',
        tags: [
          { key: 'zone', value: 'b-2' },
          { key: 'App_1', value: 'x' },
          { key: 'env', value: 'prod' },
        ],
      },
      asProject,
    );
    expect(tagged.status, tagged.text).toBe(204);
    // Settled first: answers read at different times would otherwise differ in status.
    for (const connection of [id, plain.body.ipsec_site_connection.id]) {
      await waitForStatus(
        server,
        `${CONNECTIONS}/${connection}`,
        'ipsec_site_connection',
        'ACTIVE',
        10_000,
        asProject,
      );
    }

    // The JS answer, with every member named in `fields` in the create's order.
    const members = Object.keys(created.body.ipsec_site_connection);
    expect(members.at(-1)).toBe('psk');
    const fields = members.map((member) => `fields=${member}`).join('&');
    const builtInJs = await call(server, 'GET', `${CONNECTIONS}/${id}?${fields}`, undefined, asProject);
    expect(builtInJs.status).toBe(200);
    expect(builtInJs.body.ipsec_site_connection.tags).toEqual([
      { key: 'App_1', value: 'x' },
      { key: 'env', value: 'prod' },
      { key: 'zone', value: 'b-2' },
    ]);
    expect(builtInJs.body.ipsec_site_connection).toEqual({
      ...created.body.ipsec_site_connection,
      status: builtInJs.body.ipsec_site_connection.status,
      tags: builtInJs.body.ipsec_site_connection.tags,
    });

    const shown = await call(server, 'GET', `${CONNECTIONS}/${id}`, undefined, asProject);
    expect(shown.status).toBe(200);
    expect(shown.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(asSent(shown.body)).toBe(asSent(builtInJs.body));
    expect(shown.body.ipsec_site_connection.psk).toBe('pa\\ss{}|wo:rd');
    expect(shown.body.ipsec_site_connection.description).toBe(AWKWARD);

    const listedInJs = await call(server, 'GET', `${CONNECTIONS}?${fields}`, undefined, asProject);
    const listed = await call(server, 'GET', CONNECTIONS, undefined, asProject);
    expect(listed.status).toBe(200);
    expect(listed.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(listed.body.ipsec_site_connections).toHaveLength(2);
    expect(asSent(listed.body)).toBe(asSent(listedInJs.body));
    const plainListed = listed.body.ipsec_site_connections.find(
      (connection: { id: string }) => connection.id === plain.body.ipsec_site_connection.id,
    );
    expect(plainListed.tags).toEqual([]);
    expect(plainListed.peer_cidrs).toEqual([]);

    // A tag given a new value, then one deleted: on SQLite, each rewrites the answer kept for the connection.
    const tags = `/v2.0/rendered-project/ipsec-site-connections/${id}/tags`;
    const expectShownAsBuiltInJs = async (expectedTags: unknown) => {
      const again = await call(server, 'GET', `${CONNECTIONS}/${id}`, undefined, asProject);
      expect(again.body.ipsec_site_connection.tags).toEqual(expectedTags);
      const againInJs = await call(server, 'GET', `${CONNECTIONS}/${id}?${fields}`, undefined, asProject);
      expect(asSent(again.body)).toBe(asSent(againInJs.body));
    };
    const revalued = await call(server, 'POST', tags, { tag: { key: 'env', value: 'staging' } }, asProject);
    expect(revalued.status, revalued.text).toBe(204);
    await expectShownAsBuiltInJs([
      { key: 'App_1', value: 'x' },
      { key: 'env', value: 'staging' },
      { key: 'zone', value: 'b-2' },
    ]);
    const deleted = await call(server, 'DELETE', `${tags}/zone`, undefined, asProject);
    expect(deleted.status, deleted.text).toBe(204);
    await expectShownAsBuiltInJs([
      { key: 'App_1', value: 'x' },
      { key: 'env', value: 'staging' },
    ]);
  });

  it('shows what an update wrote, and pages with links as the JS answer does', async () => {
    const asProject = { 'X-Project-Id': 'rendered-paging' };
    const objects = await setUpVpn(server, asProject);
    const ids: string[] = [];
    for (const name of ['one', 'two', 'three']) {
      const created = await call(server, 'POST', CONNECTIONS, connectionBody(objects, { name }), asProject);
      expect(created.status, created.text).toBe(201);
      ids.push(created.body.ipsec_site_connection.id);
    }
    const id = ids[1] as string;
    // An update is refused while the driver has the connection pending.
    await waitForStatus(server, `${CONNECTIONS}/${id}`, 'ipsec_site_connection', 'ACTIVE', 10_000, asProject);
    const updated = await call(
      server,
      'PUT',
      `${CONNECTIONS}/${id}`,
      { ipsec_site_connection: { name: AWKWARD, psk: 'changed-\\key' } },
      asProject,
    );
    expect(updated.status, updated.text).toBe(200);
    const shown = await call(server, 'GET', `${CONNECTIONS}/${id}`, undefined, asProject);
    expect(shown.body.ipsec_site_connection).toEqual({
      ...updated.body.ipsec_site_connection,
      status: shown.body.ipsec_site_connection.status,
    });
    expect(shown.body.ipsec_site_connection.psk).toBe('changed-\\key');

    const page = await call(
      server,
      'GET',
      `${CONNECTIONS}?limit=2&sort_key=name&sort_dir=desc`,
      undefined,
      asProject,
    );
    const pageInJs = await call(
      server,
      'GET',
      `${CONNECTIONS}?limit=2&sort_key=name&sort_dir=desc&fields=id&fields=name`,
      undefined,
      asProject,
    );
    expect(page.body.ipsec_site_connections.map((connection: { name: string }) => connection.name)).toEqual(
      pageInJs.body.ipsec_site_connections.map((connection: { name: string }) => connection.name),
    );
    expect(page.body.ipsec_site_connections).toHaveLength(2);
    // The links differ only in the fields they keep.
    const withoutFields = (links: { rel: string; href: string }[]) =>
      links.map((link) => ({ ...link, href: link.href.replaceAll(/&fields=[a-z]+/g, '') }));
    expect(page.body.ipsec_site_connections_links).toEqual(
      withoutFields(pageInJs.body.ipsec_site_connections_links),
    );
    expect(page.body.ipsec_site_connections_links.map((link: { rel: string }) => link.rel)).toEqual([
      'next',
      'previous',
    ]);
  });

  it("is another project's 404, and an admin's answer", async () => {
    const owner = { 'X-Project-Id': 'rendered-owner' };
    const objects = await setUpVpn(server, owner);
    const created = await call(server, 'POST', CONNECTIONS, connectionBody(objects), owner);
    const id = created.body.ipsec_site_connection.id as string;
    const other = await call(server, 'GET', `${CONNECTIONS}/${id}`, undefined, { 'X-Project-Id': 'someone' });
    expect(other.status).toBe(404);
    expect(other.body.NeutronError.type).toBe('IPsecSiteConnectionNotFound');
    expect(other.text).not.toContain('secret');
    const missing = await call(server, 'GET', `${CONNECTIONS}/${crypto.randomUUID()}`, undefined, owner);
    expect(missing.status).toBe(404);
    const admin = { 'X-Project-Id': 'admin-project', 'X-Roles': 'admin' };
    const asAdmin = await call(server, 'GET', `${CONNECTIONS}/${id}`, undefined, admin);
    expect(asAdmin.status, asAdmin.text).toBe(200);
    expect(asAdmin.body.ipsec_site_connection.psk).toBe('secret');
    expect(asAdmin.body.ipsec_site_connection.project_id).toBe('rendered-owner');
  });
});
