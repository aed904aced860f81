import { Validator } from '@seriousme/openapi-schema-validator';
import { definitionName, loadRuleSetSchema, RESOURCES, type ResourceKey } from '@vpnaas/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startServer, type TestServer } from './support/test-server.js';

let server: TestServer;
let document: Record<string, any>;

beforeAll(async () => {
  server = await startServer();
  document = (await call(server, 'GET', '/openapi.json')).body;
});
afterAll(() => server.close());

/** A generated definition as an OpenAPI component must read: refs and our annotation renamed, nothing else. */
function expectedComponent(name: string): unknown {
  const text = JSON.stringify(loadRuleSetSchema('otc').definitions[name])
    .replaceAll('"#/definitions/', '"#/components/schemas/')
    .replaceAll('"patternReason":', '"x-pattern-reason":');
  return JSON.parse(text);
}

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe('3.1.0');
  });

  it('documents every request body with the generated schema, unchanged', () => {
    for (const resource of Object.keys(RESOURCES) as ResourceKey[]) {
      const { path } = RESOURCES[resource];
      for (const [method, route, role] of [
        ['post', path, 'CreateRequest'],
        ['put', `${path}/{id}`, 'UpdateRequest'],
      ] as const) {
        const name = definitionName(resource, role);
        const operation = document.paths[route]?.[method];
        expect(operation, `${method} ${route}`).toBeDefined();
        expect(operation.requestBody.content['application/json'].schema).toEqual({
          $ref: `#/components/schemas/${name}`,
        });
        expect(document.components.schemas[name]).toEqual(expectedComponent(name));
        expect(
          document.components.schemas[
            definitionName(resource, role === 'CreateRequest' ? 'Create' : 'Update')
          ],
        ).toEqual(
          expectedComponent(definitionName(resource, role === 'CreateRequest' ? 'Create' : 'Update')),
        );
      }
    }
  });

  it('documents the error responses and the seed examples', () => {
    const create = document.paths['/v2.0/vpn/ipsec-site-connections'].post;
    expect(create.responses['400'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/NeutronErrorResponse',
    });
    expect(create.requestBody.content['application/json'].examples.seed.value.ipsec_site_connection.psk).toBe(
      'secret',
    );
    expect(
      create.responses['201'].content['application/json'].examples.seed.value.ipsec_site_connection.status,
    ).toBe('PENDING_CREATE');
    for (const route of Object.keys(document.paths)) {
      for (const [method, operation] of Object.entries<Record<string, any>>(document.paths[route])) {
        if (method === 'get' && !route.includes('{id}')) continue; // lists have no error of their own
        const errors = Object.keys(operation.responses).filter((status) => Number(status) >= 400);
        expect(errors.length, `${method} ${route}`).toBeGreaterThan(0);
      }
    }
  });

  it('documents Classic VPN’s tag API, the query by tag included, with the generated schemas', () => {
    const base = '/v2.0/{project_id}/ipsec-site-connections';
    const query = document.paths[`${base}/resource_instances/action`].post;
    expect(query.tags).toEqual(['IPsec site connection tags']);
    expect(query.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/ResourceInstancesActionRequest',
    });
    expect(query.responses['200'].content['application/json'].schema).toEqual({
      oneOf: [
        { $ref: '#/components/schemas/ResourceInstancesFilterResponse' },
        { $ref: '#/components/schemas/ResourceInstancesCountResponse' },
      ],
    });
    expect(document.components.schemas.ResourceInstancesActionRequest).toEqual(
      expectedComponent('ResourceInstancesActionRequest'),
    );
    for (const [route, method] of [
      [`${base}/tags`, 'get'],
      [`${base}/{id}/tags`, 'get'],
      [`${base}/{id}/tags`, 'post'],
      [`${base}/{id}/tags/action`, 'post'],
      [`${base}/{id}/tags/{key}`, 'delete'],
    ] as const) {
      expect(document.paths[route]?.[method]?.tags, `${method} ${route}`).toEqual([
        'IPsec site connection tags',
      ]);
    }
  });

  it('serves Swagger UI at /docs and /docs/, with every file the page loads', async () => {
    for (const [page, base] of [
      ['/docs', 'docs/'],
      ['/docs/', './'],
    ]) {
      const response = await fetch(`${server.url}${page}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const html = await response.text();
      // The page's links, resolved against its own URL as a browser would.
      const links = [...html.matchAll(/(?:href|src)="([^"]+)"/g)].map((match) => match[1] as string);
      expect(links).toEqual([
        `${base}swagger-ui.css`,
        `${base}favicon-32x32.png`,
        `${base}favicon-16x16.png`,
        `${base}swagger-ui-bundle.js`,
      ]);
      for (const link of links) {
        const asset = await fetch(new URL(link, `${server.url}${page}`));
        await asset.arrayBuffer(); // read it all: an unread body keeps the connection busy
        expect(asset.status, link).toBe(200);
      }
      // The document the page loads.
      expect(html).toContain(`url: '${base}../openapi.json'`);
      expect(new URL(`${base}../openapi.json`, `${server.url}${page}`).pathname).toBe('/openapi.json');
    }
    const css = await fetch(`${server.url}/docs/swagger-ui.css`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await css.text()).toContain('.swagger-ui');
    // Nothing else of swagger-ui-dist (or of the disk) is served.
    for (const path of ['/docs/index.html', '/docs/package.json', '/docs/..%2f..%2fpackage.json']) {
      const other = await call(server, 'GET', path);
      expect(other.status, path).toBe(404);
      expect(other.body.NeutronError.type).toBe('HTTPNotFound');
    }
  });

  it('serves the same document as YAML', async () => {
    const response = await fetch(`${server.url}/openapi.yaml`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/yaml');
    const yaml = await response.text();
    expect(yaml).toMatch(/^openapi: 3\.1\.0$/m);
    expect(yaml).toContain('  /v2.0/vpn/ipsec-site-connections:\n');
    expect(yaml).toContain(`title: ${document.info.title}`);
  });
});

describe('the OpenAPI document for "Try it out"', () => {
  it('lists the filter, fields, sort and paging parameters of every collection, never the psk', () => {
    const list = document.paths['/v2.0/vpn/ipsec-site-connections'].get;
    const names = list.parameters.map((parameter: { name: string }) => parameter.name);
    for (const name of [
      'name',
      'status',
      'peer_address',
      'vpnservice_id',
      'initiator',
      'fields',
      'sort_key',
      'sort_dir',
      'limit',
      'marker',
      'page_reverse',
    ]) {
      expect(names, name).toContain(name);
    }
    // Only what the list really filters on: not the psk, lists or objects, nor order_id (stored nowhere).
    for (const name of ['psk', 'dpd', 'peer_cidrs', 'tags', 'order_id', 'product_id']) {
      expect(names, name).not.toContain(name);
    }
    const sortKey = list.parameters.find((parameter: { name: string }) => parameter.name === 'sort_key');
    // Upstream's sort keys of a connection (is_sort_key), as the list query accepts them.
    expect(sortKey.schema.items.enum).toEqual(['id', 'name', 'project_id', 'tenant_id']);
    const limit = list.parameters.find((parameter: { name: string }) => parameter.name === 'limit');
    expect(limit).toMatchObject({ in: 'query', schema: { type: 'integer', minimum: 1 } });
    const sortDir = list.parameters.find((parameter: { name: string }) => parameter.name === 'sort_dir');
    expect(sortDir.schema.items.enum).toEqual(['asc', 'desc']);
    for (const resource of Object.values(RESOURCES)) {
      const parameters = document.paths[resource.path].get.parameters.map(
        (parameter: { name: string }) => parameter.name,
      );
      expect(parameters, resource.path).toEqual(expect.arrayContaining(['id', 'name', 'limit', 'marker']));
    }
  });

  it('declares the auth headers as security schemes', () => {
    expect(Object.keys(document.components.securitySchemes)).toEqual([
      'X-Auth-Token',
      'X-Project-Id',
      'X-Roles',
    ]);
    expect(document.components.securitySchemes['X-Auth-Token']).toMatchObject({
      type: 'apiKey',
      in: 'header',
      name: 'X-Auth-Token',
    });
    expect(document.security).toContainEqual({ 'X-Auth-Token': [] });
  });

  it('puts the VPN resources first, networking after', () => {
    const tags = document.tags.map((tag: { name: string }) => tag.name);
    expect(tags.slice(0, 5)).toEqual([
      'IPsec site connection',
      'IKE policy',
      'IPsec policy',
      'VPN service',
      'endpoint group',
    ]);
    expect(tags).toContain('router');
    const paths = Object.keys(document.paths);
    expect(paths[0]).toBe('/v2.0/vpn/ipsec-site-connections');
    expect(paths.findIndex((path) => !path.startsWith('/v2.0/vpn/'))).toBeGreaterThan(
      paths.lastIndexOf('/v2.0/vpn/endpoint-groups/{id}'),
    );
  });

  it('authenticates "Try it out" with the declared header', async () => {
    const tokenServer = await startServer({
      authMode: 'token',
      tokens: new Map([['try-it', { project_id: 'p-try', roles: ['member'] }]]),
    });
    try {
      const scheme = document.components.securitySchemes['X-Auth-Token'];
      const answer = await call(tokenServer, 'GET', '/v2.0/vpn/ikepolicies?limit=1', undefined, {
        [scheme.name]: 'try-it',
      });
      expect(answer.status).toBe(200);
    } finally {
      await tokenServer.close();
    }
  });
});
