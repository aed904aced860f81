// GET /v2.0/ports: router interfaces seen as Neutron ports, read-only. The
// openstack CLI lists a router's ports (device_id=…) to show the router.
import { Controller, Get, Param, Query } from '@nestjs/common';
import type { Port } from '@vpnaas/schema';
import { NeutronException } from '../../common/neutron.exception.js';
import { Context, type RequestContext } from '../../common/request-context.js';
import { DatabaseService } from '../../database/database.service.js';
import { ApiOperation, ApiResponse, ApiTags } from '../../docs/swagger.decorators.js';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const FILTERS = ['id', 'device_id', 'network_id', 'device_owner'] as const;

@ApiTags('port')
@Controller('v2.0/ports')
export class PortController {
  constructor(private readonly database: DatabaseService) {}

  @Get()
  @ApiOperation({ summary: 'List the router interfaces as ports' })
  @ApiResponse({ status: 200, description: 'OK', schema: ref('PortListResponse') })
  async list(
    @Context() context: RequestContext,
    @Query() query: Record<string, string | string[] | undefined>,
  ) {
    let ports = await this.ports(context);
    for (const filter of FILTERS) {
      const wanted = query[filter];
      if (wanted !== undefined)
        ports = ports.filter((port) => ([] as string[]).concat(wanted).includes(port[filter]));
    }
    return { ports };
  }

  @Get(':id')
  @ApiOperation({ summary: 'Show a router interface as a port' })
  @ApiResponse({ status: 200, description: 'OK', schema: ref('PortResponse') })
  @ApiResponse({ status: 404, description: 'No such port', schema: ref('NeutronErrorResponse') })
  async show(@Context() context: RequestContext, @Param('id') id: string) {
    const port = (await this.ports(context, id)).find((candidate) => candidate.id === id);
    if (!port) throw new NeutronException(404, 'PortNotFound', `Port ${id} could not be found.`);
    return { port };
  }

  private async ports(context: RequestContext, id?: string): Promise<Port[]> {
    let select = this.database.query
      .selectFrom('router_interfaces as i')
      .innerJoin('routers as r', 'r.id', 'i.router_id')
      .innerJoin('subnets as s', 's.id', 'i.subnet_id')
      .select(['i.port_id', 'i.router_id', 'i.subnet_id', 's.network_id', 's.cidr', 'r.project_id']);
    if (!context.isAdmin) select = select.where('r.project_id', '=', context.projectId);
    if (id !== undefined) select = select.where('i.port_id', '=', id);
    const rows = await select.orderBy('i.port_id').execute();
    return rows.map((row) => ({
      id: row.port_id,
      name: '',
      device_id: row.router_id,
      device_owner: 'network:router_interface',
      network_id: row.network_id,
      fixed_ips: [{ subnet_id: row.subnet_id, ip_address: gatewayAddress(row.cidr) }],
      mac_address: `fa:16:3e:${row.port_id.slice(0, 2)}:${row.port_id.slice(2, 4)}:${row.port_id.slice(4, 6)}`,
      admin_state_up: true,
      status: 'ACTIVE',
      tenant_id: row.project_id,
      project_id: row.project_id,
    }));
  }
}

/** The router's address on a subnet: the first host (10.0.0.1 in 10.0.0.0/24, 2001:db8::1 in 2001:db8::/64). */
function gatewayAddress(cidr: string): string {
  const [network = ''] = cidr.split('/');
  if (network.includes(':')) return network.endsWith('::') ? `${network}1` : network;
  const octets = network.split('.').map(Number);
  octets[3] = (octets[3] ?? 0) + 1;
  return octets.join('.');
}
