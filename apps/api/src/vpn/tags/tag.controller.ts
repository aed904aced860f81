// Classic VPN's tag API of IPsec site connections (pages vpn_api_1016 to 1021),
// the only paths with the project in them: the caller's project (an admin may
// name any). Creating is idempotent (a key gets the new value); deleting a tag
// that does not exist succeeds. The query by tag is a POST that only reads.
import {
  applyDecorators,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
} from '@nestjs/common';
import {
  MAX_TAGS_PER_RESOURCE,
  type ProjectTagListResponse,
  type ResourceInstancesCountResponse,
  type ResourceInstancesFilterResponse,
  type ResourceTag,
  type TagListResponse,
} from '@vpnaas/schema';
import { validateResourceInstancesAction, validateTagAction, validateTagCreate } from '@vpnaas/validator';
import { NeutronException } from '../../common/neutron.exception.js';
import { Context, type RequestContext } from '../../common/request-context.js';
import { findOwned } from '../../common/rows.js';
import { DatabaseService, type Db } from '../../database/database.service.js';
import { TAG_API } from '../../docs/openapi.js';
import { ApiBody, ApiOperation, ApiParam, ApiResponse, ApiTags } from '../../docs/swagger.decorators.js';
import { connectionsByTag } from './resource-instances.query.js';
import { tagsOf } from './tag.store.js';

const BASE = 'v2.0/:project_id/ipsec-site-connections';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const error = (status: number, description: string) =>
  ApiResponse({ status, description, schema: ref('NeutronErrorResponse') });
const projectParam = ApiParam({
  name: 'project_id',
  description: "The caller's project (an admin may name any other)",
});
const inPath = (...extra: MethodDecorator[]) =>
  applyDecorators(projectParam, error(403, 'Another project in the path'), ...extra);
const ofConnection = applyDecorators(
  ApiParam({ name: 'id', description: "The IPsec site connection's id" }),
  error(404, 'No such connection in the project'),
);

@ApiTags(TAG_API)
@Controller(BASE)
export class TagController {
  constructor(@Inject(DatabaseService) private readonly database: DatabaseService) {}

  @Post('resource_instances/action')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Query connections by tag (filter: a page; count: how many)',
    description:
      'Every tag listed must be on the connection, with one of its values (any value when `values` is empty); ' +
      '`matches` finds `resource_name` by part, without regard to case. In order of creation.',
  })
  @inPath(
    ApiBody({ schema: ref('ResourceInstancesActionRequest') }),
    ApiResponse({
      status: 200,
      description: 'filter: the page and the number of matches; count: the number only',
      schema: { oneOf: [ref('ResourceInstancesFilterResponse'), ref('ResourceInstancesCountResponse')] },
    }),
    error(400, 'Invalid body'),
  )
  async resourceInstances(
    @Context() context: RequestContext,
    @Param('project_id') projectId: string,
    @Body() body: unknown,
  ): Promise<ResourceInstancesFilterResponse | ResourceInstancesCountResponse> {
    const result = validateResourceInstancesAction(body ?? {});
    if (!result.ok) throw NeutronException.fromValidation(result.error);
    const scoped = inProject(context, projectId);
    const matching = await connectionsByTag(this.database.query, scoped.projectId, result.value);
    if (result.value.action === 'count') return { total_count: matching.length };
    // The validator filled in the defaults (limit 1000, offset 0).
    const { limit = 1000, offset = 0 } = result.value;
    return { resources: matching.slice(offset, offset + limit), total_count: matching.length };
  }

  @Get('tags')
  @ApiOperation({ summary: "The project's tag keys, each with every value it has there" })
  @inPath(ApiResponse({ status: 200, description: 'OK', schema: ref('ProjectTagListResponse') }))
  async projectTags(
    @Context() context: RequestContext,
    @Param('project_id') projectId: string,
  ): Promise<ProjectTagListResponse> {
    const scoped = inProject(context, projectId);
    const rows = await this.database.query
      .selectFrom('resource_tags')
      .select(['key', 'value'])
      .where('project_id', '=', scoped.projectId)
      .orderBy('key')
      .orderBy('value')
      .execute();
    const byKey = new Map<string, Set<string>>();
    for (const row of rows) byKey.set(row.key, (byKey.get(row.key) ?? new Set()).add(row.value));
    return { tags: [...byKey].map(([key, values]) => ({ key, values: [...values] })) };
  }

  @Get(':id/tags')
  @ApiOperation({ summary: "A connection's tags" })
  @inPath(ofConnection, ApiResponse({ status: 200, description: 'OK', schema: ref('TagListResponse') }))
  async list(
    @Context() context: RequestContext,
    @Param('project_id') projectId: string,
    @Param('id') id: string,
  ): Promise<TagListResponse> {
    await findOwned(
      this.database.query,
      'ipsec_site_connections',
      'ipsec_site_connection',
      inProject(context, projectId),
      id,
    );
    return { tags: (await tagsOf(this.database.query, [id])).get(id) ?? [] };
  }

  @Post(':id/tags/action')
  @HttpCode(204)
  @ApiOperation({ summary: 'Create or delete several tags (idempotent; at most 10 keys per connection)' })
  @inPath(
    ofConnection,
    ApiBody({ schema: ref('TagActionRequest') }),
    ApiResponse({ status: 204, description: 'Done' }),
    error(400, 'Invalid body, or more than 10 keys'),
  )
  async action(
    @Context() context: RequestContext,
    @Param('project_id') projectId: string,
    @Param('id') id: string,
    @Body() body: unknown,
  ): Promise<void> {
    const result = validateTagAction(body ?? {});
    if (!result.ok) throw NeutronException.fromValidation(result.error);
    const { action, tags } = result.value;
    await this.database.transaction(async (trx) => {
      const scoped = inProject(context, projectId);
      await findOwned(trx, 'ipsec_site_connections', 'ipsec_site_connection', scoped, id);
      if (action === 'delete') {
        for (const tag of tags) {
          let remove = trx
            .deleteFrom('resource_tags')
            .where('resource_id', '=', id)
            .where('key', '=', tag.key);
          if (tag.value !== undefined) remove = remove.where('value', '=', tag.value);
          await remove.execute();
        }
        return;
      }
      const missingValue = tags.find((tag) => tag.value === undefined);
      if (missingValue) {
        throw NeutronException.invalidInput('tags', `the tag '${missingValue.key}' needs a value`);
      }
      await putTags(trx, scoped.projectId, id, tags as ResourceTag[]);
    });
  }

  @Post(':id/tags')
  @HttpCode(204)
  @ApiOperation({ summary: 'Create a tag, or give its key a new value' })
  @inPath(
    ofConnection,
    ApiBody({ schema: ref('TagCreateRequest') }),
    ApiResponse({ status: 204, description: 'Done' }),
    error(400, 'Invalid body, or more than 10 keys'),
  )
  async create(
    @Context() context: RequestContext,
    @Param('project_id') projectId: string,
    @Param('id') id: string,
    @Body() body: unknown,
  ): Promise<void> {
    const result = validateTagCreate(body ?? {});
    if (!result.ok) throw NeutronException.fromValidation(result.error);
    await this.database.transaction(async (trx) => {
      const scoped = inProject(context, projectId);
      await findOwned(trx, 'ipsec_site_connections', 'ipsec_site_connection', scoped, id);
      await putTags(trx, scoped.projectId, id, [result.value.tag]);
    });
  }

  @Delete(':id/tags/:key')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a tag by its key (a key the connection lacks is no error)' })
  @inPath(ofConnection, ApiParam({ name: 'key' }), ApiResponse({ status: 204, description: 'Deleted' }))
  async remove(
    @Context() context: RequestContext,
    @Param('project_id') projectId: string,
    @Param('id') id: string,
    @Param('key') key: string,
  ): Promise<void> {
    await this.database.transaction(async (trx) => {
      await findOwned(
        trx,
        'ipsec_site_connections',
        'ipsec_site_connection',
        inProject(context, projectId),
        id,
      );
      await trx.deleteFrom('resource_tags').where('resource_id', '=', id).where('key', '=', key).execute();
    });
  }
}

/** The project of the path: the caller's own, or any for an admin; another's is refused. */
function inProject(context: RequestContext, projectId: string): RequestContext {
  if (projectId === context.projectId) return { ...context, isAdmin: false, projectId };
  if (context.isAdmin) return { ...context, isAdmin: false, projectId };
  throw new NeutronException(
    403,
    'PolicyNotAuthorized',
    `The project ${projectId} in the path is not the caller's project`,
  );
}

/** Creates or re-values the tags; a connection holds at most 10 keys. */
async function putTags(trx: Db, projectId: string, id: string, tags: readonly ResourceTag[]): Promise<void> {
  for (const tag of tags) {
    await trx
      .insertInto('resource_tags')
      .values({ resource_id: id, project_id: projectId, key: tag.key, value: tag.value })
      .onConflict((oc) => oc.columns(['resource_id', 'key']).doUpdateSet({ value: tag.value }))
      .execute();
  }
  const count = await trx
    .selectFrom('resource_tags')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('resource_id', '=', id)
    .executeTakeFirstOrThrow();
  if (Number(count.n) > MAX_TAGS_PER_RESOURCE) {
    throw NeutronException.invalidInput('tags', `a connection has at most ${MAX_TAGS_PER_RESOURCE} tag keys`);
  }
}
