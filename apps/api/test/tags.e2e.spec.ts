// Classic VPN's tag API of IPsec site connections (pages vpn_api_1016 to 1021),
// and `tags` on their get and list (vpn_api_1025, 1026). Each test has a project
// and connection of its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startServer, type TestServer } from './support/test-server.js';
import { connectionBody, createdConnection, setUpVpn, type VpnObjects } from './support/vpn-setup.js';

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
  const id = (await createdConnection(server, asProject)).id;
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

  it('answers another project’s show of a connection 404, the same answer as a missing one', async () => {
    const { id } = await ownConnection([{ key: 'a', value: '1' }]);
    const elsewhere = await call(server, 'GET', `/v2.0/vpn/ipsec-site-connections/${id}`, undefined, {
      'X-Project-Id': 'not-the-owner',
    });
    const missing = await call(
      server,
      'GET',
      '/v2.0/vpn/ipsec-site-connections/00000000-0000-4000-8000-000000000000',
      undefined,
      { 'X-Project-Id': 'not-the-owner' },
    );
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body.NeutronError).toEqual({
      type: 'IPsecSiteConnectionNotFound',
      message: `ipsec_site_connection ${id} not found`,
      detail: '',
    });
    expect(missing.status).toBe(404);
    expect(missing.body.NeutronError.type).toBe(elsewhere.body.NeutronError.type);
    expect(elsewhere.text).not.toContain('"psk"');
  });

  it('shows an admin another project’s connection with its tags', async () => {
    const tags = [
      { key: 'b', value: '2' },
      { key: 'a', value: '1' },
    ];
    const { id, asProject } = await ownConnection(tags);
    const shown = await call(server, 'GET', `/v2.0/vpn/ipsec-site-connections/${id}`, undefined, {
      'X-Project-Id': 'admin-elsewhere',
      'X-Roles': 'admin',
    });
    expect(shown.status).toBe(200);
    expect(shown.body.ipsec_site_connection).toMatchObject({
      id,
      project_id: asProject['X-Project-Id'],
      tags: [
        { key: 'a', value: '1' },
        { key: 'b', value: '2' },
      ],
    });
  });
});

/** A new project with one connection per spec (created in order): the project's tag path, headers and ids. */
async function projectWithConnections(specs: { name: string; tags: { key: string; value: string }[] }[]) {
  const project = `tag-query-${++projects}`;
  const asProject = { 'X-Project-Id': project };
  // A project without connections needs no VPN objects either.
  const objects = specs.length > 0 ? await setUpVpn(server, asProject) : undefined;
  const base = `/v2.0/${project}/ipsec-site-connections`;
  const ids: string[] = [];
  for (const spec of specs) {
    const created = await call(
      server,
      'POST',
      '/v2.0/vpn/ipsec-site-connections',
      connectionBody(objects as VpnObjects, { name: spec.name }),
      asProject,
    );
    expect(created.status, created.text).toBe(201);
    const id = created.body.ipsec_site_connection.id as string;
    if (spec.tags.length > 0) {
      const action = { action: 'create', tags: spec.tags };
      expect((await call(server, 'POST', `${base}/${id}/tags/action`, action, asProject)).status).toBe(204);
    }
    ids.push(id);
  }
  const query = (body: unknown, headers: Record<string, string> = asProject) =>
    call(server, 'POST', `${base}/resource_instances/action`, body, headers);
  return { project, base, asProject, ids, query };
}

describe('the query by tag (resource_instances/action)', () => {
  const three = () =>
    projectWithConnections([
      {
        name: 'Berlin-office',
        tags: [
          { key: 'env', value: 'prod' },
          { key: 'team', value: 'net' },
        ],
      },
      { name: 'hamburg-office', tags: [{ key: 'env', value: 'test' }] },
      { name: 'datacenter', tags: [] },
    ]);

  it('filters by tag: every key listed, one of its values, or any value when none is listed', async () => {
    const { ids, query } = await three();
    const [berlin, hamburg] = ids;
    const prod = await query({ action: 'filter', tags: [{ key: 'env', values: ['prod'] }] });
    expect(prod.status, prod.text).toBe(200);
    expect(prod.body).toEqual({
      resources: [
        {
          resource_id: berlin,
          resource_name: 'Berlin-office',
          resource_detail: '',
          tags: [
            { key: 'env', value: 'prod' },
            { key: 'team', value: 'net' },
          ],
        },
      ],
      total_count: 1,
    });
    const anyEnv = await query({ action: 'filter', tags: [{ key: 'env', values: [] }] });
    expect(anyEnv.body.resources.map((r: { resource_id: string }) => r.resource_id)).toEqual([
      berlin,
      hamburg,
    ]);
    expect(anyEnv.body.total_count).toBe(2);
    const either = await query({ action: 'filter', tags: [{ key: 'env', values: ['test', 'prod'] }] });
    expect(either.body.total_count).toBe(2);
    const both = await query({
      action: 'filter',
      tags: [
        { key: 'env', values: [] },
        { key: 'team', values: ['net'] },
      ],
    });
    expect(both.body.resources.map((r: { resource_id: string }) => r.resource_id)).toEqual([berlin]);
    const none = await query({ action: 'filter', tags: [{ key: 'env', values: ['staging'] }] });
    expect(none.body).toEqual({ resources: [], total_count: 0 });
  });

  it('lists every connection of the project, in order of creation, without tags or matches', async () => {
    const { ids, query } = await three();
    const all = await query({ action: 'filter' });
    expect(all.body.total_count).toBe(3);
    expect(all.body.resources.map((r: { resource_id: string }) => r.resource_id)).toEqual(ids);
    expect(all.body.resources[2]).toEqual({
      resource_id: ids[2],
      resource_name: 'datacenter',
      resource_detail: '',
      tags: [],
    });
  });

  it('matches resource_name by part of it, without regard to case', async () => {
    const { ids, query } = await three();
    const office = await query({ action: 'filter', matches: [{ key: 'resource_name', value: 'OFFICE' }] });
    expect(office.body.resources.map((r: { resource_name: string }) => r.resource_name)).toEqual([
      'Berlin-office',
      'hamburg-office',
    ]);
    const withTag = await query({
      action: 'filter',
      tags: [{ key: 'env', values: ['test'] }],
      matches: [{ key: 'resource_name', value: 'burg' }],
    });
    expect(withTag.body.resources.map((r: { resource_id: string }) => r.resource_id)).toEqual([ids[1]]);
  });

  it('counts: only total_count, whatever limit and offset say', async () => {
    const { query } = await three();
    expect((await query({ action: 'count' })).body).toEqual({ total_count: 3 });
    const counted = await query({ action: 'count', tags: [{ key: 'env', values: [] }], limit: 1, offset: 1 });
    expect(counted.status).toBe(200);
    expect(counted.body).toEqual({ total_count: 2 });
  });

  it('pages with limit and offset; total_count counts every match', async () => {
    const { ids, query } = await three();
    const page = await query({ action: 'filter', limit: 2, offset: 1 });
    expect(page.body.total_count).toBe(3);
    expect(page.body.resources.map((r: { resource_id: string }) => r.resource_id)).toEqual([ids[1], ids[2]]);
    const first = await query({ action: 'filter', limit: '1' });
    expect(first.body.resources.map((r: { resource_id: string }) => r.resource_id)).toEqual([ids[0]]);
    const beyond = await query({ action: 'filter', offset: 3 });
    expect(beyond.body).toEqual({ resources: [], total_count: 3 });
  });

  it('answers only from the project of the path: another project’s connections never show', async () => {
    const mine = await three();
    const theirs = await projectWithConnections([
      { name: 'Berlin-office', tags: [{ key: 'env', value: 'prod' }] },
    ]);
    const prod = { action: 'filter', tags: [{ key: 'env', values: ['prod'] }] };
    expect(
      (await mine.query(prod)).body.resources.map((r: { resource_id: string }) => r.resource_id),
    ).toEqual([mine.ids[0]]);
    expect(
      (await theirs.query(prod)).body.resources.map((r: { resource_id: string }) => r.resource_id),
    ).toEqual([theirs.ids[0]]);
    // Another project in the path: refused, as on every tag path.
    const other = await call(
      server,
      'POST',
      `${theirs.base}/resource_instances/action`,
      { action: 'count' },
      mine.asProject,
    );
    expect(other.status).toBe(403);
    expect(other.body.NeutronError.type).toBe('PolicyNotAuthorized');
    // An admin may name any project, and sees that project's connections only.
    const asAdmin = await call(
      server,
      'POST',
      `${theirs.base}/resource_instances/action`,
      { action: 'count' },
      { ...mine.asProject, 'X-Roles': 'admin' },
    );
    expect(asAdmin.body).toEqual({ total_count: 1 });
  });

  it('lets a reader query (a POST that only reads)', async () => {
    const { asProject, query } = await projectWithConnections([{ name: 'c', tags: [] }]);
    const asReader = await query({ action: 'count' }, { ...asProject, 'X-Roles': 'reader' });
    expect(asReader.status).toBe(200);
    expect(asReader.body).toEqual({ total_count: 1 });
  });

  it.each([
    [{}, "Failed to parse request. Required attribute 'action' not specified"],
    [
      { action: 'list' },
      'Invalid input for action. Reason: list is not in valid_values; valid values are count, filter.',
    ],
    [
      { action: 'filter', limit: 0 },
      "Invalid input for limit. Reason: '0' is too small - must be at least '1'.",
    ],
    [
      { action: 'filter', limit: 1001 },
      "Invalid input for limit. Reason: '1001' is too large - must be no larger than '1000'.",
    ],
    [
      { action: 'filter', offset: -1 },
      "Invalid input for offset. Reason: '-1' is too small - must be at least '0'.",
    ],
    [
      { action: 'filter', tags: [{ key: 'a b', values: [] }] },
      'Invalid input for tags.key. Reason: item 0 may contain only letters, digits, - and _.',
    ],
    [
      { action: 'filter', tags: [{ key: 'k', values: ['v'.repeat(44)] }] },
      `Invalid input for tags.values. Reason: item 0 '${'v'.repeat(44)}' exceeds maximum length of 43.`,
    ],
    [
      {
        action: 'filter',
        tags: [
          { key: 'k', values: [] },
          { key: 'k', values: ['v'] },
        ],
      },
      "Invalid input for tags. Reason: the key 'k' is given twice.",
    ],
    [
      { action: 'filter', matches: [{ key: 'name', value: 'x' }] },
      'Invalid input for matches.key. Reason: item 0 name is not in valid_values; the only valid value is resource_name.',
    ],
    [{ action: 'filter', sort: 'name' }, "Unrecognized attribute(s) 'sort'"],
  ])('refuses %j with a NeutronError naming the field', async (body, message) => {
    const { query } = await projectWithConnections([]);
    const response = await query(body);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ NeutronError: { type: 'HTTPBadRequest', message, detail: '' } });
  });

  it('refuses a body that is not JSON, or none', async () => {
    const { query } = await projectWithConnections([]);
    const notJson = await query('{"action": ');
    expect(notJson.status).toBe(400);
    expect(notJson.body.NeutronError).toEqual({
      type: 'HTTPBadRequest',
      message: 'Body contains invalid data',
      detail: '',
    });
    const none = await query(undefined);
    expect(none.status).toBe(400);
    expect(none.body.NeutronError.message).toBe(
      "Failed to parse request. Required attribute 'action' not specified",
    );
  });
});
