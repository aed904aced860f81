// The OpenAPI 3.1 document: paths from the controllers (Nest's scanner), and
// every schema from the generated JSON Schema, so nothing is written twice.
// The list parameters and the auth headers are added here, from the same
// schema, so that Swagger UI's "Try it out" can filter, page and authenticate.
import type { INestApplication } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { definitionName, loadRuleSetSchema, RESOURCES, type ResourceKey } from '@vpnaas/schema';
import { ListQueryParser } from '../common/list-query.js';
import { DatabaseService } from '../database/database.service.js';
import { RESOURCE_TABLES } from '../database/resource-tables.js';
import { applySwaggerDecorators } from './swagger.decorators.js';

type Parameter = Record<string, unknown> & { name: string };

/** The Swagger UI group of Classic VPN's tag API (vpn/tags/tag.controller.ts). */
export const TAG_API = 'IPsec site connection tags';

/** The rule set's definitions as OpenAPI components (refs and our annotation renamed). */
export function schemaComponents(): Record<string, object> {
  const { definitions } = loadRuleSetSchema('otc');
  const json = JSON.stringify(definitions).replaceAll('"#/definitions/', '"#/components/schemas/');
  return JSON.parse(json, function (this: Record<string, unknown>, key, value) {
    if (key === 'patternReason') {
      this['x-pattern-reason'] = value; // a vendor extension, as OpenAPI wants unknown keywords named
      return undefined;
    }
    return value;
  });
}

/** How a caller proves who it is: a token (token and Keystone modes), or noauth's project and roles headers. */
const SECURITY_SCHEMES = {
  'X-Auth-Token': {
    type: 'apiKey',
    in: 'header',
    name: 'X-Auth-Token',
    description: 'A token (token or Keystone auth mode)',
  },
  'X-Project-Id': {
    type: 'apiKey',
    in: 'header',
    name: 'X-Project-Id',
    description: 'noauth mode: the project to act as (default VPNAAS_DEFAULT_PROJECT_ID)',
  },
  'X-Roles': {
    type: 'apiKey',
    in: 'header',
    name: 'X-Roles',
    description: 'noauth mode: comma-separated roles; `admin` acts across projects',
  },
} as const;

/** Builds the document, loading @nestjs/swagger only now (swagger.decorators.ts says why). */
export async function buildOpenApiDocument(app: INestApplication): Promise<OpenAPIObject> {
  const swagger = await import('@nestjs/swagger');
  applySwaggerDecorators(swagger);
  const database = app.get(DatabaseService);
  const vpnFirst = (Object.keys(RESOURCES) as ResourceKey[]).sort(
    (a, b) => Number(!isVpn(a)) - Number(!isVpn(b)),
  );
  const config = new swagger.DocumentBuilder()
    .setTitle('vpnaas — Classic VPN v2.0 API')
    .setDescription(
      'The Open Telekom Cloud "Classic VPN" v2.0 API (OpenStack Neutron VPNaaS with that cloud\'s rules), ' +
        'with the minimal routers and subnets it needs. Errors are `{"NeutronError": {type, message, detail}}`.',
    )
    .setVersion('2.0')
    .setOpenAPIVersion('3.1.0')
    .build();
  config.components = {
    ...config.components,
    schemas: schemaComponents(),
    securitySchemes: SECURITY_SCHEMES,
  };
  // Either a token, or (noauth) a project with optional roles; an empty requirement: noauth's defaults.
  config.security = [{ 'X-Auth-Token': [] }, { 'X-Project-Id': [], 'X-Roles': [] }, {}];
  // Swagger UI shows tags in this order: the VPN resources and Classic VPN's tag API first, networking after.
  config.tags = [
    ...vpnFirst.filter(isVpn).map((resource) => ({ name: RESOURCES[resource].title })),
    { name: TAG_API },
    ...vpnFirst
      .filter((resource) => !isVpn(resource))
      .map((resource) => ({ name: RESOURCES[resource].title })),
    { name: 'port' },
  ];
  const document = swagger.SwaggerModule.createDocument(app, config);
  for (const resource of vpnFirst) {
    const list = document.paths[RESOURCES[resource].path]?.get;
    const parser = new ListQueryParser(resource, database.columnsOf(RESOURCE_TABLES[resource]));
    if (list) list.parameters = [...(list.parameters ?? []), ...listParameters(resource, parser)] as never;
  }
  const paths = Object.entries(document.paths);
  document.paths = Object.fromEntries([
    ...paths.filter(([path]) => path.startsWith('/v2.0/vpn/')),
    ...paths.filter(([path]) => !path.startsWith('/v2.0/vpn/')),
  ]);
  return document;
}

function isVpn(resource: ResourceKey): boolean {
  return RESOURCES[resource].path.startsWith('/v2.0/vpn/');
}

/**
 * A collection's query parameters, from the same parser that reads them: a filter per attribute it
 * filters on, then fields, sorting and paging.
 */
function listParameters(resource: ResourceKey, parser: ListQueryParser): Parameter[] {
  const definition = loadRuleSetSchema('otc').definitions[definitionName(resource, '')] as {
    properties: Record<string, Record<string, unknown>>;
  };
  const filters: Parameter[] = parser.filterKeys.map((name) => ({
    name,
    in: 'query',
    description: `Only ${RESOURCES[resource].title}s whose ${name} is one of these values`,
    schema: { type: 'array', items: { type: 'string' } },
    style: 'form',
    explode: true,
  }));
  const sortKeys = parser.sortKeys;
  return [
    ...filters,
    {
      name: 'fields',
      in: 'query',
      description: 'Return only these attributes',
      schema: { type: 'array', items: { type: 'string', enum: Object.keys(definition.properties) } },
      style: 'form',
      explode: true,
    },
    // A collection without sort keys (endpoint groups) takes no sort_key at all.
    ...(sortKeys.length === 0
      ? []
      : [
          {
            name: 'sort_key',
            in: 'query',
            description: 'Sort by these attributes (one sort_dir each)',
            schema: { type: 'array', items: { type: 'string', enum: sortKeys } },
            style: 'form',
            explode: true,
          },
          {
            name: 'sort_dir',
            in: 'query',
            description: 'The direction of each sort_key',
            schema: { type: 'array', items: { type: 'string', enum: ['asc', 'desc'] } },
            style: 'form',
            explode: true,
          },
        ]),
    {
      name: 'limit',
      in: 'query',
      description: 'At most this many per page; the answer links the next and previous pages',
      schema: { type: 'integer', minimum: 1 },
    },
    {
      name: 'marker',
      in: 'query',
      description: 'The id of the last item of the previous page',
      schema: { type: 'string' },
    },
    {
      name: 'page_reverse',
      in: 'query',
      description: 'Page backwards from the marker',
      schema: { type: 'boolean' },
    },
  ];
}
