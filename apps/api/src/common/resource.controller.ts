// One controller per resource, built from the resource table: routing, request
// validation through @vpnaas/validator (so the service and the published
// validator never disagree), the wrapper keys, status codes and the OpenAPI
// description, which points at the generated JSON Schema rather than restating it.
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Put,
  Query,
  Req,
  type Type,
} from '@nestjs/common';
import { definitionName, RESOURCES, type ResourceKey, type ResourceTypes } from '@vpnaas/schema';
import { validateRequest } from '@vpnaas/validator';
import type { FastifyRequest } from 'fastify';
import { DatabaseService } from '../database/database.service.js';
import { RESOURCE_TABLES } from '../database/resource-tables.js';
import { requestExamples } from '../docs/examples.js';
import { ApiBody, ApiOperation, ApiParam, ApiResponse, ApiTags } from '../docs/swagger.decorators.js';
import { baseUrl } from './base-url.js';
import { declareDirectRoutes } from './direct-routes.js';
import { JsonText } from './json-text.js';
import { type ListQuery, ListQueryParser, type RawQuery } from './list-query.js';
import { NeutronException } from './neutron.exception.js';
import { ownerOf } from './project.js';
import { QuotaService } from './quota.service.js';
import { Context, contextOf, type RequestContext } from './request-context.js';

/** What every resource's service does; the controller handles everything HTTP. */
export interface ResourceService<TMember = unknown, TResource = unknown> {
  create(context: RequestContext, member: TMember): Promise<TResource>;
  list(context: RequestContext, query: ListQuery): Promise<{ rows: TResource[]; more: boolean }>;
  get(context: RequestContext, id: string): Promise<TResource>;
  /**
   * Show and list answers as JSON text its database wrote, where the service
   * has them (the connections, on SQLite). Used when the caller picks no `fields`.
   */
  readonly rendered?: RenderedAnswers;
  update(context: RequestContext, id: string, member: TMember): Promise<TResource>;
  delete(context: RequestContext, id: string): Promise<void>;
}

/** The same answers as `get` and `list`, each as JSON text. */
export interface RenderedAnswers {
  get(context: RequestContext, id: string): Promise<string>;
  list(context: RequestContext, query: ListQuery): Promise<RenderedPage>;
}

export interface RenderedPage {
  /** Each row's answer, as JSON text. */
  readonly texts: readonly string[];
  /** The rows' ids, in the same order. */
  readonly ids: readonly string[];
  readonly more: boolean;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const errorResponse = (status: number, description: string) =>
  ApiResponse({ status, description, schema: ref('NeutronErrorResponse') });

/** The service of one resource, typed from @vpnaas/schema: its request members and its returned type. */
export type ServiceOf<R extends ResourceKey> = ResourceService<
  ResourceTypes[R]['create'] & ResourceTypes[R]['update'],
  ResourceTypes[R]['resource']
>;

/** Each resource's service class: a service wired to the wrong resource does not compile. */
export type ResourceServices = { readonly [R in ResourceKey]: Type<ServiceOf<R>> };

export function resourceController<R extends ResourceKey>(
  resource: R,
  serviceToken: Type<ServiceOf<R>>,
): Type {
  const { key, collectionKey, path, title } = RESOURCES[resource];
  /**
   * Upstream's bulk create (`{"<plural>": [...]}`) looks for the singular key
   * plus "s": so `vpnservices` and `endpoint_groups`, but not `ikepolicies`.
   */
  const bulkKey = collectionKey === `${key}s` ? collectionKey : undefined;
  const bulkItems = (body: unknown): unknown[] | undefined => {
    if (bulkKey === undefined || body === null || typeof body !== 'object' || !(bulkKey in body))
      return undefined;
    const items = (body as Record<string, unknown>)[bulkKey];
    if (!Array.isArray(items) || items.length === 0) {
      throw NeutronException.badRequest(
        'HTTPBadRequest',
        `Resources required: '${bulkKey}' must be a non-empty list`,
      );
    }
    return items;
  };
  const schema = (role: Parameters<typeof definitionName>[1]) => ref(definitionName(resource, role));
  // "an IKE policy", "an endpoint group", "a VPN service"; "IKE policies", "routers".
  const aTitle = `${/^[AEIOU]/i.test(title) ? 'an' : 'a'} ${title}`;
  const titles = title.endsWith('y') ? `${title.slice(0, -1)}ies` : `${title}s`;
  const idParam = ApiParam({ name: 'id', description: `The ${title}'s id` });
  const examples = requestExamples(resource);

  @ApiTags(title)
  @Controller(path.slice(1))
  class ResourceController {
    private parser: ListQueryParser | undefined;

    constructor(
      @Inject(serviceToken) readonly service: ResourceService,
      @Inject(DatabaseService) private readonly database: DatabaseService,
      @Inject(QuotaService) private readonly quotas: QuotaService,
    ) {}

    @Post()
    @ApiOperation({ summary: `Create ${aTitle}` })
    @ApiBody({ schema: schema('CreateRequest'), examples: examples.create })
    @ApiResponse({
      status: 201,
      description: 'Created',
      schema: schema('Response'),
      examples: examples.created,
    })
    @errorResponse(400, 'Invalid request body')
    @errorResponse(403, 'Only an admin may create for another project')
    @errorResponse(404, 'A referenced object does not exist')
    @errorResponse(409, 'Over quota')
    async create(@Context() context: RequestContext, @Body() body: unknown) {
      const items = bulkItems(body);
      if (items === undefined)
        return { [key]: await this.createAll(context, [body ?? {}]).then((all) => all[0]) };
      return {
        [collectionKey]: await this.createAll(
          context,
          items.map((item) => ({ [key]: item })),
        ),
      };
    }

    /** Validates every body first, then creates them all in one transaction: all or nothing. */
    private async createAll(context: RequestContext, bodies: readonly unknown[]): Promise<unknown[]> {
      const members = bodies.map((one) => {
        const result = validateRequest(resource, 'create', one);
        if (!result.ok) throw NeutronException.fromValidation(result.error);
        return result.value;
      });
      // The quota check, the service's own checks and the inserts: one transaction.
      return this.database.transaction(async (trx) => {
        const created: unknown[] = [];
        for (const member of members) {
          const owner = ownerOf(context, member, resource);
          await this.quotas.enforce(trx, resource, owner.projectId);
          created.push(await this.service.create({ ...owner, transaction: trx }, member));
        }
        return created;
      });
    }

    @Get()
    @ApiOperation({ summary: `List ${titles}` })
    @ApiResponse({ status: 200, description: 'OK', schema: schema('ListResponse') })
    @errorResponse(400, 'A filter, sort or paging parameter is not valid')
    async list(@Context() context: RequestContext, @Query() raw: RawQuery, @Req() request: FastifyRequest) {
      this.parser ??= new ListQueryParser(resource, this.database.columnsOf(RESOURCE_TABLES[resource]));
      const query = this.parser.parse(raw);
      const linksOf = (ids: readonly string[]) =>
        query.limit === undefined ? [] : pageLinks(request, raw, query, ids);
      // Upstream leaves `<plural>_links` out when there is no link.
      const linksKey = `${collectionKey}_links`;
      if (query.fields === undefined && this.service.rendered) {
        const page = await this.service.rendered.list(context, query);
        const links = linksOf(page.ids);
        const linked = links.length > 0 ? `,${JSON.stringify(linksKey)}:${JSON.stringify(links)}` : '';
        return new JsonText(`{${JSON.stringify(collectionKey)}:[${page.texts.join(',')}]${linked}}`);
      }
      const { rows } = await this.service.list(context, query);
      const items = query.fields
        ? rows.map((row) => pick(row as Record<string, unknown>, query.fields ?? []))
        : rows;
      const links = linksOf((rows as { id: string }[]).map((row) => row.id));
      return links.length > 0 ? { [collectionKey]: items, [linksKey]: links } : { [collectionKey]: items };
    }

    @Get(':id')
    @idParam
    @ApiOperation({ summary: `Show ${aTitle}` })
    @ApiResponse({ status: 200, description: 'OK', schema: schema('Response') })
    @errorResponse(404, `No such ${title} in the caller's project`)
    async show(@Context() context: RequestContext, @Param('id') id: string, @Query() raw: RawQuery) {
      this.parser ??= new ListQueryParser(resource, this.database.columnsOf(RESOURCE_TABLES[resource]));
      const fields = this.parser.fields(raw);
      if (fields === undefined && this.service.rendered) {
        return new JsonText(`{${JSON.stringify(key)}:${await this.service.rendered.get(context, id)}}`);
      }
      const found = await this.service.get(context, id);
      return { [key]: fields ? pick(found as Record<string, unknown>, fields) : found };
    }

    @Put(':id')
    @idParam
    @ApiOperation({ summary: `Update ${aTitle}` })
    @ApiBody({ schema: schema('UpdateRequest'), examples: examples.update })
    @ApiResponse({ status: 200, description: 'OK', schema: schema('Response') })
    @errorResponse(400, 'Invalid request body')
    @errorResponse(404, `No such ${title} in the caller's project`)
    async update(@Context() context: RequestContext, @Param('id') id: string, @Body() body: unknown) {
      if (body === undefined) {
        throw NeutronException.badRequest('HTTPBadRequest', 'Resource body required');
      }
      const result = validateRequest(resource, 'update', body);
      if (!result.ok) throw NeutronException.fromValidation(result.error);
      return { [key]: await this.service.update(context, id, result.value) };
    }

    @Delete(':id')
    @idParam
    @HttpCode(204)
    @ApiOperation({ summary: `Delete ${aTitle}` })
    @ApiResponse({ status: 204, description: 'Deleted' })
    @errorResponse(404, `No such ${title} in the caller's project`)
    @errorResponse(409, `The ${title} is in use`)
    async remove(@Context() context: RequestContext, @Param('id') id: string): Promise<void> {
      await this.service.delete(context, id);
    }
  }

  Object.defineProperty(ResourceController, 'name', { value: `${definitionName(resource, '')}Controller` });
  // The same five methods, called without Nest's router (direct-routes.ts says why).
  const member = `${path}/:id`;
  const id = (request: FastifyRequest) => (request.params as { id: string }).id;
  const query = (request: FastifyRequest) => request.query as RawQuery;
  declareDirectRoutes<ResourceController>([
    {
      method: 'POST',
      url: path,
      status: 201,
      controller: ResourceController,
      call: (controller, request) => controller.create(contextOf(request), request.body),
    },
    {
      method: 'GET',
      url: path,
      status: 200,
      controller: ResourceController,
      call: (controller, request) => controller.list(contextOf(request), query(request), request),
    },
    {
      method: 'GET',
      url: member,
      status: 200,
      controller: ResourceController,
      call: (controller, request) => controller.show(contextOf(request), id(request), query(request)),
    },
    {
      method: 'PUT',
      url: member,
      status: 200,
      controller: ResourceController,
      call: (controller, request) => controller.update(contextOf(request), id(request), request.body),
    },
    {
      method: 'DELETE',
      url: member,
      status: 204,
      controller: ResourceController,
      call: (controller, request) => controller.remove(contextOf(request), id(request)),
    },
  ]);
  return ResourceController;
}

function pick(row: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(
    fields.filter((field) => Object.hasOwn(row, field)).map((field) => [field, row[field]]),
  );
}

/**
 * Upstream's `<plural>_links` (get_pagination_links): `next` unless a forward
 * page came back short, `previous` unless a backward page did; absolute hrefs
 * that keep every other parameter, the marker being the first or last row.
 */
function pageLinks(request: FastifyRequest, raw: RawQuery, query: ListQuery, ids: readonly string[]) {
  const href = (marker: string | undefined, reverse: boolean) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(raw)) {
      if (key === 'marker' || key === 'page_reverse' || value === undefined) continue;
      for (const item of ([] as string[]).concat(value)) params.append(key, item);
    }
    if (marker !== undefined) params.set('marker', marker);
    if (reverse) params.set('page_reverse', 'True');
    return `${baseUrl(request)}${request.url.split('?')[0]}?${params}`;
  };
  const limit = query.limit ?? 0;
  const short = ids.length < limit;
  const links: { rel: 'next' | 'previous'; href: string }[] = [];
  if (!(short && !query.pageReverse)) links.push({ rel: 'next', href: href(ids.at(-1), false) });
  if (!(short && query.pageReverse)) links.push({ rel: 'previous', href: href(ids[0], true) });
  return links;
}
