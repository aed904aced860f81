// Version discovery: openstacksdk first GETs / (with no token) and needs
// Neutron's version document with an absolute href it can reach.
import { Controller, Get, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { RESOURCES } from '@vpnaas/schema';
import type { FastifyRequest } from 'fastify';
import { baseUrl } from '../common/base-url.js';

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

  @Get('v2.0')
  resources(@Req() request: FastifyRequest) {
    return {
      resources: Object.values(RESOURCES).map((resource) => ({
        name: resource.key,
        collection: resource.collectionKey,
        links: [{ rel: 'self', href: `${baseUrl(request)}${resource.path}` }],
      })),
    };
  }
}
