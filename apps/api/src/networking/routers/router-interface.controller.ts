// PUT /v2.0/routers/{id}/add_router_interface and remove_router_interface.
import { Body, Controller, Param, Put } from '@nestjs/common';
import { validateRouterInterface } from '@vpnaas/validator';
import { NeutronException } from '../../common/neutron.exception.js';
import { Context, type RequestContext } from '../../common/request-context.js';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '../../docs/swagger.decorators.js';
import { RouterService } from './router.service.js';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

@ApiTags('router')
@Controller('v2.0/routers/:id')
export class RouterInterfaceController {
  constructor(private readonly routers: RouterService) {}

  @Put('add_router_interface')
  @ApiOperation({ summary: 'Attach a subnet to a router' })
  @ApiBody({ schema: ref('RouterInterfaceRequest') })
  @ApiResponse({ status: 200, description: 'Attached', schema: ref('RouterInterfaceResponse') })
  @ApiResponse({
    status: 400,
    description: 'Invalid body, or the subnet is attached already',
    schema: ref('NeutronErrorResponse'),
  })
  @ApiResponse({ status: 404, description: 'No such router or subnet', schema: ref('NeutronErrorResponse') })
  add(@Context() context: RequestContext, @Param('id') id: string, @Body() body: unknown) {
    return this.routers.addInterface(context, id, subnetOf(body));
  }

  @Put('remove_router_interface')
  @ApiOperation({ summary: 'Detach a subnet from a router' })
  @ApiBody({ schema: ref('RouterInterfaceRequest') })
  @ApiResponse({ status: 200, description: 'Detached', schema: ref('RouterInterfaceResponse') })
  @ApiResponse({
    status: 404,
    description: 'No such router or interface',
    schema: ref('NeutronErrorResponse'),
  })
  @ApiResponse({
    status: 409,
    description: 'A VPN service or connection uses the subnet',
    schema: ref('NeutronErrorResponse'),
  })
  remove(@Context() context: RequestContext, @Param('id') id: string, @Body() body: unknown) {
    return this.routers.removeInterface(context, id, subnetOf(body));
  }
}

function subnetOf(body: unknown): string {
  const result = validateRouterInterface(body ?? {});
  if (!result.ok) throw NeutronException.fromValidation(result.error);
  return result.value.subnet_id;
}
