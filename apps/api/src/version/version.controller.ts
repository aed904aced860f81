// Version discovery: openstacksdk first GETs / (with no token) and needs
// Neutron's version document with an absolute href it can reach. Then the
// v2.0 resource list and the extensions, as upstream serves them.
import { Controller, Get, Param, Req } from '@nestjs/common';
import { RESOURCES } from '@vpnaas/schema';
import type { FastifyRequest } from 'fastify';
import { baseUrl } from '../common/base-url.js';
import { NeutronException } from '../common/neutron.exception.js';
import { ApiExcludeController } from '../docs/swagger.decorators.js';
import { sentPath } from '../http/request-url.js';
import { EXTENSIONS } from './extensions.js';

const notFound = (message = 'The resource could not be found.') =>
  new NeutronException(404, 'HTTPNotFound', message);

@ApiExcludeController()
@Controller()
export class VersionController {
  @Get()
  versions(@Req() request: FastifyRequest) {
    return {
      versions: [
        { id: 'v2.0', status: 'CURRENT', links: [{ rel: 'self', href: `${baseUrl(request)}/v2.0/` }] },
      ],
    };
  }

  /** `GET /v2.0/` lists the resources; upstream answers `/v2.0` (no slash) with 404. */
  @Get('v2.0')
  resources(@Req() request: FastifyRequest) {
    if (!sentPath(request).endsWith('/')) throw notFound();
    return {
      resources: Object.values(RESOURCES).map((resource) => ({
        name: resource.key,
        collection: resource.collectionKey,
        links: [{ rel: 'self', href: `${baseUrl(request)}${resource.path}` }],
      })),
    };
  }

  @Get('v2.0/extensions')
  extensions() {
    return { extensions: EXTENSIONS };
  }

  @Get('v2.0/extensions/:alias')
  extension(@Param('alias') alias: string) {
    const found = EXTENSIONS.find((extension) => extension.alias === alias);
    if (!found) throw notFound(`Extension with alias ${alias} does not exist`);
    return { extension: found };
  }
}
