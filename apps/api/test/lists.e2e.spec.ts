// Filters, fields, sorting and pagination, as upstream Neutron answers them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copiesOf, MORE_VALUES_THAN_ONE_STATEMENT_TAKES } from './support/row-copies.js';
import { type ApiResponse, call, startServer, type TestServer } from './support/test-server.js';
import { connectionBody, createdConnection, setUpVpn } from './support/vpn-setup.js';

let server: TestServer;
const VPN_PROJECT = { 'X-Project-Id': 'vpn-project' };
const vpnList = (path: string) => call(server, 'GET', path, undefined, VPN_PROJECT);
const names = Array.from({ length: 25 }, (_, i) => `ike-${String(i).padStart(2, '0')}`);

beforeAll(async () => {
  server = await startServer();
  for (const [i, name] of names.entries()) {
    const created = await call(server, 'POST', '/v2.0/vpn/ikepolicies', {
      ikepolicy: { name, pfs: i % 2 === 0 ? 'group14' : 'group5', lifetime: { value: 3600 + i } },
    });
    expect(created.status).toBe(201);
  }
  // The VPN objects live in a project of their own, apart from the 25 IKE policies.
  const objects = await setUpVpn(server, VPN_PROJECT);
  await call(server, 'POST', '/v2.0/vpn/ipsec-site-connections', connectionBody(objects), VPN_PROJECT);
});
afterAll(() => server.close());

const list = (query: string) => call(server, 'GET', `/v2.0/vpn/ikepolicies${query}`);
const namesOf = (body: Record<string, any>) => (body.ikepolicies as { name: string }[]).map((p) => p.name);

/** Creates `count` IKE policies of one name in a project; their ids, sorted. */
async function sameNamedIkePolicyIds(project: Record<string, string>, count: number, name: string) {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const created = await call(server, 'POST', '/v2.0/vpn/ikepolicies', { ikepolicy: { name } }, project);
    expect(created.status).toBe(201);
    ids.push(created.body.ikepolicy.id);
  }
  return ids.sort();
}

/** The ids of every IKE policy met following `next` links from a first page, as a client pages. */
async function idsThroughNextLinks(path: string, headers: Record<string, string>): Promise<string[]> {
  const seen: string[] = [];
  let href: string | undefined = `${server.url}${path}`;
  for (let pages = 0; href; pages++) {
    expect(pages, 'more pages than objects: a marker repeats').toBeLessThan(50);
    const page: ApiResponse = await call(server, 'GET', href.slice(server.url.length), undefined, headers);
    expect(page.status, page.text).toBe(200);
    seen.push(...(page.body.ikepolicies as { id: string }[]).map((policy) => policy.id));
    href = (page.body.ikepolicies_links as { rel: string; href: string }[]).find(
      (link) => link.rel === 'next',
    )?.href;
  }
  return seen;
}

describe('filters', () => {
  it('match an attribute; a repeated key means any of its values; different keys must all match', async () => {
    expect(namesOf((await list('?name=ike-03')).body)).toEqual(['ike-03']);
    expect(namesOf((await list('?name=ike-03&name=ike-04')).body).sort()).toEqual(['ike-03', 'ike-04']);
    expect(namesOf((await list('?name=ike-03&name=ike-04&pfs=group14')).body)).toEqual(['ike-04']);
    expect((await list('?name=nothing')).body.ikepolicies).toEqual([]);
  });

  it('convert values like the attribute', async () => {
    const services = await vpnList('/v2.0/vpn/vpnservices?admin_state_up=true');
    expect(services.body.vpnservices).toHaveLength(1);
    expect((await vpnList('/v2.0/vpn/vpnservices?admin_state_up=False')).body.vpnservices).toEqual([]);
    expect(
      (await vpnList('/v2.0/vpn/ipsec-site-connections?mtu=1500&auth_mode=psk')).body.ipsec_site_connections,
    ).toHaveLength(1);
    expect(
      (await vpnList('/v2.0/vpn/ipsec-site-connections?route_mode=bgp')).body.ipsec_site_connections,
    ).toEqual([]);
    const bad = await call(server, 'GET', '/v2.0/vpn/ipsec-site-connections?mtu=big');
    expect(bad.status).toBe(400);
    // Upstream's converter error type.
    expect(bad.body.NeutronError).toEqual({
      type: 'InvalidInput',
      message: "Invalid value for filter mtu: 'big' is not an integer",
      detail: '',
    });
  });

  it('refuse a value that is not one of the attribute’s type: 400 InvalidInput', async () => {
    const response = await vpnList('/v2.0/vpn/vpnservices?admin_state_up=maybe');
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      NeutronError: {
        type: 'InvalidInput',
        message: "Invalid value for filter admin_state_up: 'maybe' is not a boolean",
        detail: '',
      },
    });
  });

  it('take endpoint groups’ type under openstacksdk’s name endpoint_type too', async () => {
    const byType = await vpnList('/v2.0/vpn/endpoint-groups?type=cidr');
    const bySdk = await vpnList('/v2.0/vpn/endpoint-groups?endpoint_type=cidr');
    expect(byType.body.endpoint_groups.map((g: { type: string }) => g.type)).toEqual(['cidr']);
    expect(bySdk.body).toEqual(byType.body);
  });

  it('ignore a key that is no filter, as upstream 21 does (unknown, or no single value)', async () => {
    expect((await list('?bogus=1')).body.ikepolicies).toHaveLength(25);
    expect((await list('?lifetime=1&name=ike-02')).body.ikepolicies).toHaveLength(1);
    const connections = await vpnList('/v2.0/vpn/ipsec-site-connections?dpd=1');
    expect(connections.status).toBe(200);
    expect(connections.body.ipsec_site_connections).toHaveLength(1);
  });

  it('never filter or sort on the pre-shared key', async () => {
    const filtered = await vpnList('/v2.0/vpn/ipsec-site-connections?psk=secret');
    expect(filtered.status).toBe(400);
    expect(filtered.body.NeutronError).toEqual({
      type: 'HTTPBadRequest',
      message: 'psk is a secret: lists cannot be filtered on it',
      detail: '',
    });
    // Upstream's message for a key that is no sort key, then the ones there are.
    const sorted = await vpnList('/v2.0/vpn/ipsec-site-connections?sort_key=psk&sort_dir=asc');
    expect(sorted.status).toBe(400);
    expect(sorted.body.NeutronError).toEqual({
      type: 'HTTPBadRequest',
      message:
        "['psk'] is invalid attribute for sort_keys; sort ipsec_site_connections on one of: id, name, project_id, tenant_id",
      detail: '',
    });
  });
});

describe('fields', () => {
  it('returns only the attributes asked for', async () => {
    const response = await list('?fields=id&fields=name&name=ike-01');
    expect(response.body.ikepolicies).toEqual([{ id: expect.any(String), name: 'ike-01' }]);
  });

  it('ignores an empty fields= (every attribute), as upstream does', async () => {
    const whole = (await list('?name=ike-01')).body.ikepolicies;
    expect(Object.keys(whole[0])).toHaveLength(11);
    expect((await list('?fields=&name=ike-01')).body.ikepolicies).toEqual(whole);
    expect((await list('?fields=name&fields=&name=ike-01')).body.ikepolicies).toEqual([{ name: 'ike-01' }]);
  });

  it.each(['constructor', 'prototype'])('refuses fields=%s with a 400, like __proto__', async (field) => {
    const response = await list(`?fields=${field}`);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      NeutronError: {
        type: 'HTTPBadRequest',
        message: `Invalid field name '${field}' in fields: no attribute has that name`,
        detail: '',
      },
    });
  });
});

describe('sorting', () => {
  it('sorts on one key or several, each ascending or descending', async () => {
    expect(namesOf((await list('?sort_key=name&sort_dir=desc')).body)).toEqual([...names].reverse());
    const twoKeys = namesOf(
      (await list('?sort_key=tenant_id&sort_key=name&sort_dir=asc&sort_dir=desc')).body,
    );
    expect(twoKeys).toEqual([...names].reverse());
  });

  it('lists in the order of creation without sort_key', async () => {
    expect(namesOf((await list('')).body)).toEqual(names);
  });

  // Upstream's get_sorts messages, word for word; ours adds the keys that may be sorted on.
  it.each([
    [
      '?sort_key=pfs&sort_dir=asc',
      "['pfs'] is invalid attribute for sort_keys; sort ikepolicies on one of: id, name, project_id, tenant_id",
    ],
    [
      '?sort_key=pfs&sort_key=bogus&sort_dir=asc&sort_dir=asc',
      "['pfs', 'bogus'] is invalid attribute for sort_keys; sort ikepolicies on one of: id, name, project_id, tenant_id",
    ],
    ['?sort_key=name&sort_dir=up', "['up'] is invalid value for sort_dirs, valid value is 'asc' and 'desc'"],
    ['?sort_key=name', 'The number of sort_keys and sort_dirs must be same'],
    ['?sort_key=name&sort_key=id&sort_dir=asc', 'The number of sort_keys and sort_dirs must be same'],
    ['?sort_dir=asc', 'The number of sort_keys and sort_dirs must be same'],
    // An empty sort_key is dropped, as upstream drops it: its sort_dir is then one too many.
    ['?sort_key=&sort_dir=asc', 'The number of sort_keys and sort_dirs must be same'],
  ])('refuses %s', async (query, message) => {
    const response = await list(query);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ NeutronError: { type: 'HTTPBadRequest', message, detail: '' } });
  });

  it('refuses every sort key on endpoint groups, which upstream does not sort', async () => {
    for (const key of ['id', 'name', 'tenant_id']) {
      const response = await vpnList(`/v2.0/vpn/endpoint-groups?sort_key=${key}&sort_dir=asc`);
      expect(response.status, key).toBe(400);
      expect(response.body.NeutronError).toEqual({
        type: 'HTTPBadRequest',
        message: `['${key}'] is invalid attribute for sort_keys; endpoint_groups cannot be sorted`,
        detail: '',
      });
    }
  });

  it('drops empty sort_key and sort_dir values, as upstream does', async () => {
    expect(namesOf((await list('?sort_key=&sort_dir=')).body)).toEqual(names);
    expect(namesOf((await list('?sort_key=name&sort_key=&sort_dir=desc&sort_dir=')).body)).toEqual(
      [...names].reverse(),
    );
  });

  it('breaks ties on the id, in the direction of the first sort key', async () => {
    const project = { 'X-Project-Id': 'sort-ties' };
    const sorted = await sameNamedIkePolicyIds(project, 6, 'tie');
    for (const [dir, expected] of [
      ['asc', sorted],
      ['desc', [...sorted].reverse()],
    ] as const) {
      const response = await call(
        server,
        'GET',
        `/v2.0/vpn/ikepolicies?sort_key=name&sort_dir=${dir}`,
        undefined,
        project,
      );
      expect(
        (response.body.ikepolicies as { id: string }[]).map((p) => p.id),
        dir,
      ).toEqual(expected);
    }
  });
});

describe('pagination', () => {
  it('pages through ties of the sort key with markers, each object once, in id order', async () => {
    const project = { 'X-Project-Id': 'page-ties' };
    const sorted = await sameNamedIkePolicyIds(project, 5, 'same');
    for (const [dir, expected] of [
      ['asc', sorted],
      ['desc', [...sorted].reverse()],
    ] as const) {
      const seen = await idsThroughNextLinks(
        `/v2.0/vpn/ikepolicies?limit=2&sort_key=name&sort_dir=${dir}`,
        project,
      );
      expect(seen, dir).toEqual(expected);
    }
  });

  it('pages with limit and marker, following absolute next links to the end', async () => {
    const seen: string[] = [];
    let href: string | undefined = `${server.url}/v2.0/vpn/ikepolicies?limit=10&sort_key=name&sort_dir=asc`;
    let pages = 0;
    while (href) {
      const response = await fetch(href);
      const body = (await response.json()) as Record<string, any>;
      seen.push(...namesOf(body));
      const links = body.ikepolicies_links as { rel: string; href: string }[];
      if (pages > 0) expect(links.some((link) => link.rel === 'previous')).toBe(true);
      href = links.find((link) => link.rel === 'next')?.href;
      if (href) expect(href.startsWith(`${server.url}/v2.0/vpn/ikepolicies?`)).toBe(true);
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(names);
  });

  it('pages backwards with page_reverse', async () => {
    const page = await list('?limit=10&sort_key=name&sort_dir=asc');
    const next = (page.body.ikepolicies_links as { rel: string; href: string }[]).find(
      (l) => l.rel === 'next',
    );
    const second = (await (await fetch(next?.href as string)).json()) as Record<string, any>;
    const previous = (second.ikepolicies_links as { rel: string; href: string }[]).find(
      (l) => l.rel === 'previous',
    );
    expect(previous?.href).toContain('page_reverse=True');
    const back = (await (await fetch(previous?.href as string)).json()) as Record<string, any>;
    expect(namesOf(back)).toEqual(names.slice(0, 10));
    // The page reached backwards links forwards again: to the page after its last item, not reversed.
    const forward = (back.ikepolicies_links as { rel: string; href: string }[]).find((l) => l.rel === 'next');
    const forwardUrl = new URL(forward?.href as string);
    expect(forwardUrl.searchParams.get('page_reverse')).toBeNull();
    const lastOfBack = (back.ikepolicies as { id: string }[]).at(-1)?.id;
    expect(forwardUrl.searchParams.get('marker')).toBe(lastOfBack);
    const again = (await (await fetch(forwardUrl)).json()) as Record<string, any>;
    expect(namesOf(again)).toEqual(names.slice(10, 20));
  });

  it('looks a marker up in the caller’s project only: another project’s id pages like an unknown one', async () => {
    const foreign = await call(
      server,
      'POST',
      '/v2.0/vpn/ikepolicies',
      { ikepolicy: { name: 'ike-00a' } },
      {
        'X-Project-Id': 'marker-stranger',
      },
    );
    expect(foreign.status).toBe(201);
    const unknown = await list(
      '?limit=5&sort_key=name&sort_dir=asc&marker=0f0e0d0c-0b0a-4909-8807-060504030201',
    );
    const withForeign = await list(`?limit=5&sort_key=name&sort_dir=asc&marker=${foreign.body.ikepolicy.id}`);
    expect(withForeign.status).toBe(unknown.status);
    expect(withForeign.body.ikepolicies).toEqual(unknown.body.ikepolicies);
    // An admin sees every project, so the same marker places the page right after it.
    const asAdmin = await call(
      server,
      'GET',
      `/v2.0/vpn/ikepolicies?limit=1&sort_key=name&sort_dir=asc&marker=${foreign.body.ikepolicy.id}`,
      undefined,
      { 'X-Roles': 'admin' },
    );
    expect(namesOf(asAdmin.body)).toEqual(['ike-01']);
  });

  it('pages on keys of opposite directions', async () => {
    const project = { 'X-Project-Id': 'mixed-directions' };
    const created: { name: string; id: string }[] = [];
    for (const name of ['m-a', 'm-b', 'm-c', 'm-a', 'm-b', 'm-c']) {
      const response = await call(server, 'POST', '/v2.0/vpn/ikepolicies', { ikepolicy: { name } }, project);
      expect(response.status).toBe(201);
      created.push({ name, id: response.body.ikepolicy.id });
    }
    const seen = await idsThroughNextLinks(
      '/v2.0/vpn/ikepolicies?sort_key=name&sort_dir=desc&sort_key=id&sort_dir=asc&limit=1',
      project,
    );
    // Names descending; the two policies of a name by id, ascending.
    const expected = [...created]
      .sort((a, b) => (a.name === b.name ? (a.id < b.id ? -1 : 1) : a.name < b.name ? 1 : -1))
      .map((policy) => policy.id);
    expect(seen).toEqual(expected);
  });

  it('adds no links without a limit, and an unknown marker gives an empty page', async () => {
    expect(Object.keys((await list('')).body)).toEqual(['ikepolicies']);
    expect((await list('?limit=0')).body.ikepolicies).toHaveLength(25);
    expect((await list('?limit=5&marker=0f0e0d0c-0b0a-4909-8807-060504030201')).body.ikepolicies).toEqual([]);
  });

  it('takes the largest limit, 2147483647: one page, with no next link', async () => {
    const response = await list('?limit=2147483647');
    expect(response.status).toBe(200);
    expect(namesOf(response.body)).toEqual(names);
    expect(response.body.ikepolicies_links.map((link: { rel: string }) => link.rel)).toEqual(['previous']);
  });

  it.each([
    ['limit=1&limit=2', 'limit may be given once only'],
    ['marker=a&marker=b', 'marker may be given once only'],
    ['limit=1&page_reverse=True&page_reverse=False', 'page_reverse may be given once only'],
    ['limit=1&page_reverse=maybe', "page_reverse must be true or false, not 'maybe'"],
  ])('refuses %s', async (query, message) => {
    const response = await list(`?${query}`);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ NeutronError: { type: 'HTTPBadRequest', message, detail: '' } });
  });

  it.each(['-1', 'ten', '1.5', '2147483648', '9223372036854775807'])('refuses limit=%s', async (limit) => {
    const response = await list(`?limit=${limit}`);
    expect(response.status).toBe(400);
    // Upstream's BadRequest for a limit, then the largest one.
    expect(response.body.NeutronError).toEqual({
      type: 'BadRequest',
      message: `Bad limit request: Limit must be an integer 0 or greater and not '${limit}'; the largest limit is 2147483647.`,
      detail: '',
    });
  });
});

describe('what each attribute allows', () => {
  // A server of the test's own: each list's query parser reads the attributes from the schema on
  // its first list, so this test (not whichever lists first on the shared server) builds it.
  it('filters scalars stored in a column, ignores lists and unstored ones, sorts on upstream’s keys only', async () => {
    const own = await startServer();
    try {
      const get = async (path: string) => {
        const response = await call(own, 'GET', path);
        expect(response.status, `${path}: ${response.text}`).toBe(200);
        return response.body as Record<string, any>;
      };
      const refused = async (path: string, type: string, message: string) => {
        const response = await call(own, 'GET', path);
        expect(response.status, path).toBe(400);
        expect(response.body, path).toEqual({ NeutronError: { type, message, detail: '' } });
      };
      const objects = await setUpVpn(own);
      const router = await call(own, 'POST', '/v2.0/routers', { router: { name: 'second' } });
      const second = await call(own, 'POST', '/v2.0/vpn/vpnservices', {
        vpnservice: { name: 'vpn2', router_id: router.body.router.id },
      });
      expect(second.status).toBe(201);
      const secondIp = second.body.vpnservice.external_v4_ip as string;
      const connection = await call(own, 'POST', '/v2.0/vpn/ipsec-site-connections', connectionBody(objects));
      expect(connection.status).toBe(201);

      // A nullable string (external_v4_ip) and a boolean are filters.
      const byIp = await get(`/v2.0/vpn/vpnservices?external_v4_ip=${secondIp}`);
      expect(byIp.vpnservices.map((service: { name: string }) => service.name)).toEqual(['vpn2']);
      expect((await get('/v2.0/vpn/vpnservices?admin_state_up=true')).vpnservices).toHaveLength(2);
      // Lists, and attributes no column holds (order_id), are no filters: ignored.
      expect((await get('/v2.0/vpn/vpnservices?order_id=x')).vpnservices).toHaveLength(2);
      expect(
        (await get('/v2.0/vpn/ipsec-site-connections?peer_cidrs=10.9.0.0/24')).ipsec_site_connections,
      ).toHaveLength(1);
      expect((await get('/v2.0/vpn/endpoint-groups?endpoints=10.2.0.0/24')).endpoint_groups).toHaveLength(2);
      // An integer is converted; a constant (auth_mode) matches its one value.
      expect(
        (await get('/v2.0/vpn/ipsec-site-connections?mtu=1500&auth_mode=psk')).ipsec_site_connections,
      ).toHaveLength(1);
      await refused(
        '/v2.0/vpn/ipsec-site-connections?mtu=big',
        'InvalidInput',
        "Invalid value for filter mtu: 'big' is not an integer",
      );
      // The psk is a secret: neither a filter nor a sort key.
      await refused(
        '/v2.0/vpn/ipsec-site-connections?psk=secret',
        'HTTPBadRequest',
        'psk is a secret: lists cannot be filtered on it',
      );
      await refused(
        '/v2.0/vpn/ipsec-site-connections?sort_key=psk&sort_dir=asc',
        'HTTPBadRequest',
        "['psk'] is invalid attribute for sort_keys; sort ipsec_site_connections on one of: id, name, project_id, tenant_id",
      );
      // Upstream's sort keys of a VPN resource; every non-null column of a networking one.
      const byName = await get('/v2.0/vpn/vpnservices?sort_key=name&sort_dir=desc');
      expect(byName.vpnservices.map((service: { name: string }) => service.name)).toEqual(['vpn2', 'vpn1']);
      await refused(
        '/v2.0/vpn/vpnservices?sort_key=description&sort_dir=asc',
        'HTTPBadRequest',
        "['description'] is invalid attribute for sort_keys; sort vpnservices on one of: id, name, project_id, router_id, tenant_id",
      );
      await refused(
        '/v2.0/networks?sort_key=subnets&sort_dir=asc',
        'HTTPBadRequest',
        "['subnets'] is invalid attribute for sort_keys; sort networks on one of: admin_state_up, description, id, mtu, name, project_id, tenant_id",
      );
      // An attribute kept inside a JSON column (a subnet's gateway_ip) is no sort key.
      await refused(
        '/v2.0/subnets?sort_key=gateway_ip&sort_dir=asc',
        'HTTPBadRequest',
        "['gateway_ip'] is invalid attribute for sort_keys; sort subnets on one of: cidr, description, id, ip_version, name, network_id, project_id, tenant_id",
      );
    } finally {
      await own.close();
    }
  });
});

describe('integer filters beyond 32 bits', () => {
  it('match nothing (no stored value is that large), on every engine, never a 500', async () => {
    expect(
      (await vpnList('/v2.0/vpn/ipsec-site-connections?mtu=1500')).body.ipsec_site_connections,
    ).toHaveLength(1);
    for (const mtu of ['2147483648', '-2147483649', '9223372036854775807']) {
      const answer = await vpnList(`/v2.0/vpn/ipsec-site-connections?mtu=${mtu}`);
      expect(answer.status, mtu).toBe(200);
      expect(answer.body.ipsec_site_connections).toEqual([]);
    }
    // One value of a repeated key out of range: the others still match.
    const either = await vpnList('/v2.0/vpn/ipsec-site-connections?mtu=2147483648&mtu=1500');
    expect(either.body.ipsec_site_connections).toHaveLength(1);
  });
});

// Tens of thousands of rows: seconds alone, more while the other files run.
describe('a list longer than one statement can name', { timeout: 60_000 }, () => {
  // A list without a limit reads every row, then each row's tags (connections) or subnets
  // (networks) by id. One statement carries at most 32,766 values on SQLite, 65,535 on
  // PostgreSQL: one more row than that, and naming them all at once was a 500.
  const rowCount = MORE_VALUES_THAN_ONE_STATEMENT_TAKES;

  it("lists every connection with its tags, the first's and the last's", async () => {
    const asProject = { 'X-Project-Id': 'many-connections' };
    const first = (await createdConnection(server, asProject)).id;
    const last = (await copiesOf(server, 'ipsec_site_connections', first, rowCount - 1)).at(-1) as string;
    for (const [id, value] of [
      [first, 'first'],
      [last, 'last'],
    ] as const) {
      const tagged = await call(
        server,
        'POST',
        `/v2.0/many-connections/ipsec-site-connections/${id}/tags/action`,
        { action: 'create', tags: [{ key: 'which', value }] },
        asProject,
      );
      expect(tagged.status, tagged.text).toBe(204);
    }
    const listed = await call(
      server,
      'GET',
      '/v2.0/vpn/ipsec-site-connections?fields=id&fields=tags',
      undefined,
      asProject,
    );
    expect(listed.status, listed.text.slice(0, 300)).toBe(200);
    const connections = listed.body.ipsec_site_connections as { id: string; tags: unknown[] }[];
    expect(connections).toHaveLength(rowCount);
    const tagsOf = new Map(connections.map((connection) => [connection.id, connection.tags]));
    expect(tagsOf.get(first)).toEqual([{ key: 'which', value: 'first' }]);
    expect(tagsOf.get(last)).toEqual([{ key: 'which', value: 'last' }]);
    expect(connections.filter((connection) => connection.tags.length > 0)).toHaveLength(2);
  });

  it("lists every network with its subnets, the first's and the last's", async () => {
    const asProject = { 'X-Project-Id': 'many-networks' };
    const network = await call(server, 'POST', '/v2.0/networks', { network: { name: 'n' } }, asProject);
    expect(network.status, network.text).toBe(201);
    const first = network.body.network.id as string;
    const last = (await copiesOf(server, 'networks', first, rowCount - 1)).at(-1) as string;
    const subnetIds = new Map<string, string>();
    for (const [id, cidr] of [
      [first, '10.1.0.0/24'],
      [last, '10.2.0.0/24'],
    ] as const) {
      const subnet = await call(
        server,
        'POST',
        '/v2.0/subnets',
        { subnet: { network_id: id, cidr, ip_version: 4 } },
        asProject,
      );
      expect(subnet.status, subnet.text).toBe(201);
      subnetIds.set(id, subnet.body.subnet.id);
    }
    const listed = await call(server, 'GET', '/v2.0/networks?fields=id&fields=subnets', undefined, asProject);
    expect(listed.status, listed.text.slice(0, 300)).toBe(200);
    const networks = listed.body.networks as { id: string; subnets: string[] }[];
    expect(networks).toHaveLength(rowCount);
    const subnetsOf = new Map(networks.map((each) => [each.id, each.subnets]));
    expect(subnetsOf.get(first)).toEqual([subnetIds.get(first)]);
    expect(subnetsOf.get(last)).toEqual([subnetIds.get(last)]);
    expect(networks.filter((each) => each.subnets.length > 0)).toHaveLength(2);
  });
});
