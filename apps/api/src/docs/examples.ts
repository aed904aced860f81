// Request and response examples for the OpenAPI document: the contract page's
// own examples for IPsec site connections, small valid bodies for the rest.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ResourceKey } from '@vpnaas/schema';

const require = createRequire(import.meta.url);
const seedExample = (file: string): unknown =>
  JSON.parse(readFileSync(require.resolve(`@vpnaas/schema/examples/${file}`), 'utf8'));

type Examples = Record<string, { summary: string; value: unknown }>;

const UUID = (n: number) => `5c561d9d-eaea-45f6-ae3e-08d1a708082${n}`;

const CREATE_BODIES: Record<ResourceKey, unknown> = {
  ipsec_site_connection: undefined, // the seed's
  ikepolicy: {
    ikepolicy: {
      name: 'ike1',
      auth_algorithm: 'sha2-256',
      encryption_algorithm: 'aes-256',
      ike_version: 'v2',
      pfs: 'group14',
      lifetime: { units: 'seconds', value: 86400 },
    },
  },
  ipsecpolicy: {
    ipsecpolicy: {
      name: 'ipsec1',
      auth_algorithm: 'sha2-256',
      encryption_algorithm: 'aes-256',
      pfs: 'group14',
      transform_protocol: 'esp',
    },
  },
  vpnservice: { vpnservice: { name: 'vpn1', router_id: UUID(1) } },
  endpoint_group: {
    endpoint_group: { name: 'peer1', type: 'cidr', endpoints: ['10.2.0.0/24', '10.3.0.0/24'] },
  },
  router: { router: { name: 'vpc1' } },
  subnet: { subnet: { name: 'subnet1', cidr: '192.168.1.0/24', ip_version: 4 } },
  network: { network: { name: 'net1' } },
};

const UPDATE_BODIES: Record<ResourceKey, unknown> = {
  ipsec_site_connection: {
    ipsec_site_connection: { name: 'vpnconnection1b', dpd: { action: 'restart', interval: 15, timeout: 60 } },
  },
  ikepolicy: { ikepolicy: { pfs: 'group21', lifetime: { value: 7200 } } },
  ipsecpolicy: { ipsecpolicy: { encryption_algorithm: 'aes-128' } },
  vpnservice: { vpnservice: { description: 'head office' } },
  endpoint_group: { endpoint_group: { name: 'peer1b' } },
  router: { router: { name: 'vpc1b' } },
  subnet: { subnet: { description: 'web tier' } },
  network: { network: { name: 'net1b' } },
};

export function requestExamples(resource: ResourceKey): {
  create: Examples;
  created: Examples;
  update: Examples;
} {
  if (resource === 'ipsec_site_connection') {
    return {
      create: {
        seed: {
          summary: 'The example of vpn_api_1024',
          value: seedExample('ipsec-site-connection.create.request.json'),
        },
      },
      created: {
        seed: {
          summary: 'The example of vpn_api_1024',
          value: seedExample('ipsec-site-connection.create.response.json'),
        },
      },
      update: { rename: { summary: 'Rename and change DPD', value: UPDATE_BODIES[resource] } },
    };
  }
  return {
    create: { example: { summary: 'A typical request', value: CREATE_BODIES[resource] } },
    created: {},
    update: { example: { summary: 'A typical change', value: UPDATE_BODIES[resource] } },
  };
}
