// Classic VPN's tag API of IPsec site connections (pages vpn_api_1016 to 1021),
// and `tags` on their get and list (vpn_api_1025, 1026). Each test has a project
// and connection of its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startServer, type TestServer } from './support/test-server.js';
import { connectionBody, setUpVpn } from './support/vpn-setup.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

let projects = 0;

/** A new project with one connection: its id, the project's tag path and the project's headers. */
async function ownConnection(tags: { key: string; value: string }[] = []) {
  const project = `tag-project-${++projects}`;
  const asProject = { 'X-Project-Id': project };
  const objects = await setUpVpn(server, asProject);
  const created = await call(
    server,
    'POST',
    '/v2.0/vpn/ipsec-site-connections',
    connectionBody(objects),
    asProject,
  );
  expect(created.status, created.text).toBe(201);
  const id = created.body.ipsec_site_connection.id as string;
  const base = `/v2.0/${project}/ipsec-site-connections`;
  if (tags.length > 0) {
    const action = await call(
      server,
      'POST',
      `${base}/${id}/tags/action`,
      { action: 'create', tags },
      asProject,
    );
    expect(action.status, action.text).toBe(204);
  }
  return { id, base, asProject };
}

describe('the tag API', () => {
  it('creates tags in one action, idempotently, and shows them on the connection', async () => {
    const { id, base, asProject } = await ownConnection();
    const action = {
      action: 'create',
      tags: [
        { key: 'foo', value: 'bar' },
        { key: 'key', value: 'value' },
      ],
    };
    expect((await call(server, 'POST', `${base}/${id}/tags/action`, action, asProject)).status).toBe(204);
    expect((await call(server, 'POST', `${base}/${id}/tags/action`, action, asProject)).status).toBe(204);
    const tags = [
      { key: 'foo', value: 'bar' },
      { key: 'key', value: 'value' },
    ];
    expect((await call(server, 'GET', `${base}/${id}/tags`, undefined, asProject)).body).toEqual({ tags });
    const shown = await call(server, 'GET', `/v2.0/vpn/ipsec-site-connections/${id}`, undefined, asProject);
    expect(shown.body.ipsec_site_connection.tags).toEqual(tags);
    const listed = await call(server, 'GET', '/v2.0/vpn/ipsec-site-connections', undefined, asProject);
    expect(listed.body.ipsec_site_connections[0].tags).toEqual(tags);
  });

  it('adds one tag, lists the project’s keys with their values, deletes by key', async () => {
    const { id, base, asProject } = await ownConnection([
      { key: 'foo', value: 'bar' },
      { key: 'key', value: 'value' },
    ]);
    expect(
      (await call(server, 'POST', `${base}/${id}/tags`, { tag: { key: 'env', value: 'prod' } }, asProject))
        .status,
    ).toBe(204);
    const project = await call(server, 'GET', `${base}/tags`, undefined, asProject);
    expect(project.body.tags).toEqual([
      { key: 'env', values: ['prod'] },
      { key: 'foo', values: ['bar'] },
      { key: 'key', values: ['value'] },
    ]);
    expect((await call(server, 'DELETE', `${base}/${id}/tags/env`, undefined, asProject)).status).toBe(204);
    // Deleting a tag that does not exist succeeds (the action is idempotent).
    const deleted = await call(
      server,
      'POST',
      `${base}/${id}/tags/action`,
      { action: 'delete', tags: [{ key: 'foo' }, { key: 'none' }] },
      asProject,
    );
    expect(deleted.status).toBe(204);
    expect((await call(server, 'GET', `${base}/${id}/tags`, undefined, asProject)).body.tags).toEqual([
      { key: 'key', value: 'value' },
    ]);
  });

  it('refuses keys and values outside the Classic VPN rules, and more than 10 keys', async () => {
    const { id, base, asProject } = await ownConnection([{ key: 'kept', value: 'v' }]);
    const badKey = await call(
      server,
      'POST',
      `${base}/${id}/tags`,
      { tag: { key: 'a b', value: 'x' } },
      asProject,
    );
    expect(badKey.status).toBe(400);
    expect(badKey.body.NeutronError.message).toBe(
      'Invalid input for tag.key. Reason: may contain only letters, digits, - and _.',
    );
    const longValue = await call(
      server,
      'POST',
      `${base}/${id}/tags`,
      { tag: { key: 'k', value: 'v'.repeat(44) } },
      asProject,
    );
    expect(longValue.body.NeutronError.message).toBe(
      `Invalid input for tag.value. Reason: '${'v'.repeat(44)}' exceeds maximum length of 43.`,
    );
    const many = Array.from({ length: 10 }, (_, i) => ({ key: `k${i}`, value: 'v' }));
    const tooMany = await call(
      server,
      'POST',
      `${base}/${id}/tags/action`,
      { action: 'create', tags: many },
      asProject,
    );
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.NeutronError.message).toBe(
      'Invalid input for tags. Reason: a connection has at most 10 tag keys.',
    );
    expect((await call(server, 'GET', `${base}/${id}/tags`, undefined, asProject)).body.tags).toHaveLength(1);
  });

  it('refuses another project in the path, and answers another project’s connection 404', async () => {
    const { id, asProject } = await ownConnection();
    const other = await call(
      server,
      'GET',
      `/v2.0/other-project/ipsec-site-connections/${id}/tags`,
      undefined,
      asProject,
    );
    expect(other.status).toBe(403);
    expect(other.body.NeutronError.type).toBe('PolicyNotAuthorized');
    const hidden = await call(server, 'GET', `/v2.0/someone/ipsec-site-connections/${id}/tags`, undefined, {
      'X-Project-Id': 'someone',
    });
    expect(hidden.status).toBe(404);
    expect(hidden.body.NeutronError.type).toBe('IPsecSiteConnectionNotFound');
  });
});
