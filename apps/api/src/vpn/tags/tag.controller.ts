// Classic VPN's tag API of IPsec site connections (pages vpn_api_1016 to 1021),
// the only paths with the project in them: the caller's project (an admin may
// name any). Creating is idempotent (a key gets the new value); deleting a tag
// that does not exist succeeds.
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  MAX_TAGS_PER_RESOURCE,
  type ProjectTagListResponse,
  type ResourceTag,
  type TagListResponse,
} from '@vpnaas/schema';
import { validateTagAction, validateTagCreate } from '@vpnaas/validator';
import { NeutronException } from '../../common/neutron.exception.js';
import { Context, type RequestContext } from '../../common/request-context.js';
import { findOwned } from '../../common/rows.js';
import { DatabaseService, type Db } from '../../database/database.service.js';
import { tagsOf } from './tag.store.js';

const BASE = 'v2.0/:project_id/ipsec-site-connections';

@ApiExcludeController()
@Controller(BASE)
export class TagController {
  constructor(@Inject(DatabaseService) private readonly database: DatabaseService) {}

  @Get('tags')
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
