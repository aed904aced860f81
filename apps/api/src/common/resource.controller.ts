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
  type Type,
} from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { definitionName, RESOURCES, type ResourceKey } from '@vpnaas/schema';
import { validateRequest } from '@vpnaas/validator';
import { requestExamples } from '../docs/examples.js';
import { NeutronException } from './neutron.exception.js';
import { Context, type RequestContext } from './request-context.js';

/** What every resource's service does; the controller handles everything HTTP. */
export interface ResourceService<TMember = unknown, TResource = unknown> {
  create(context: RequestContext, member: TMember): Promise<TResource>;
  list(context: RequestContext, query: Record<string, string | string[] | undefined>): Promise<TResource[]>;
  get(context: RequestContext, id: string): Promise<TResource>;
  update(context: RequestContext, id: string, member: TMember): Promise<TResource>;
  delete(context: RequestContext, id: string): Promise<void>;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const errorResponse = (status: number, description: string) =>
  ApiResponse({ status, description, schema: ref('NeutronErrorResponse') });

export function resourceController(resource: ResourceKey, serviceToken: Type<ResourceService>): Type {
  const { key, collectionKey, path, title } = RESOURCES[resource];
  const schema = (role: Parameters<typeof definitionName>[1]) => ref(definitionName(resource, role));
  const idParam = ApiParam({ name: 'id', description: `The ${title}'s id` });
  const examples = requestExamples(resource);

  @ApiTags(title)
  @Controller(path.slice(1))
  class ResourceController {
    constructor(@Inject(serviceToken) readonly service: ResourceService) {}

    @Post()
    @ApiOperation({ summary: `Create a ${title}` })
    @ApiBody({ schema: schema('CreateRequest'), examples: examples.create })
    @ApiResponse({
      status: 201,
      description: 'Created',
      schema: schema('Response'),
      examples: examples.created,
    })
    @errorResponse(400, 'Invalid request body')
    @errorResponse(404, 'A referenced object does not exist')
    async create(@Context() context: RequestContext, @Body() body: unknown) {
      const result = validateRequest(resource, 'create', body ?? {});
      if (!result.ok) throw NeutronException.fromValidation(result.error);
      return { [key]: await this.service.create(context, result.value) };
    }

    @Get()
    @ApiOperation({ summary: `List ${title}s` })
    @ApiResponse({ status: 200, description: 'OK', schema: schema('ListResponse') })
    async list(
      @Context() context: RequestContext,
      @Query() query: Record<string, string | string[] | undefined>,
    ) {
      return { [collectionKey]: await this.service.list(context, query) };
    }

    @Get(':id')
    @idParam
    @ApiOperation({ summary: `Show a ${title}` })
    @ApiResponse({ status: 200, description: 'OK', schema: schema('Response') })
    @errorResponse(404, `No such ${title} in the caller's project`)
    async show(@Context() context: RequestContext, @Param('id') id: string) {
      return { [key]: await this.service.get(context, id) };
    }

    @Put(':id')
    @idParam
    @ApiOperation({ summary: `Update a ${title}` })
    @ApiBody({ schema: schema('UpdateRequest'), examples: examples.update })
    @ApiResponse({ status: 200, description: 'OK', schema: schema('Response') })
    @errorResponse(400, 'Invalid request body')
    @errorResponse(404, `No such ${title} in the caller's project`)
    async update(@Context() context: RequestContext, @Param('id') id: string, @Body() body: unknown) {
      const result = validateRequest(resource, 'update', body ?? {});
      if (!result.ok) throw NeutronException.fromValidation(result.error);
      return { [key]: await this.service.update(context, id, result.value) };
    }

    @Delete(':id')
    @idParam
    @HttpCode(204)
    @ApiOperation({ summary: `Delete a ${title}` })
    @ApiResponse({ status: 204, description: 'Deleted' })
    @errorResponse(404, `No such ${title} in the caller's project`)
    @errorResponse(409, `The ${title} is in use`)
    async remove(@Context() context: RequestContext, @Param('id') id: string): Promise<void> {
      await this.service.delete(context, id);
    }
  }

  Object.defineProperty(ResourceController, 'name', { value: `${definitionName(resource, '')}Controller` });
  return ResourceController;
}
