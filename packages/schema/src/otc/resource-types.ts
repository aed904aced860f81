// Each resource's request members and returned type, by resource key: what a
// service that implements a resource takes and gives (the API types its
// controller-service boundary with this; a wrong service does not compile).
import type {
  Network,
  NetworkCreate,
  NetworkUpdate,
  Router,
  RouterCreate,
  RouterUpdate,
  Subnet,
  SubnetCreate,
  SubnetUpdate,
} from '../common/networking.types.js';
import type { EndpointGroup, EndpointGroupCreate, EndpointGroupUpdate } from './endpoint-group.types.js';
import type { IkePolicy, IkePolicyCreate, IkePolicyUpdate } from './ike-policy.types.js';
import type { IpsecPolicy, IpsecPolicyCreate, IpsecPolicyUpdate } from './ipsec-policy.types.js';
import type {
  IpsecSiteConnection,
  IpsecSiteConnectionCreate,
  IpsecSiteConnectionUpdate,
} from './ipsec-site-connection.types.js';
import type { VpnService, VpnServiceCreate, VpnServiceUpdate } from './vpn-service.types.js';

export interface ResourceTypes {
  ipsec_site_connection: {
    create: IpsecSiteConnectionCreate;
    update: IpsecSiteConnectionUpdate;
    resource: IpsecSiteConnection;
  };
  ikepolicy: { create: IkePolicyCreate; update: IkePolicyUpdate; resource: IkePolicy };
  ipsecpolicy: { create: IpsecPolicyCreate; update: IpsecPolicyUpdate; resource: IpsecPolicy };
  vpnservice: { create: VpnServiceCreate; update: VpnServiceUpdate; resource: VpnService };
  endpoint_group: { create: EndpointGroupCreate; update: EndpointGroupUpdate; resource: EndpointGroup };
  router: { create: RouterCreate; update: RouterUpdate; resource: Router };
  subnet: { create: SubnetCreate; update: SubnetUpdate; resource: Subnet };
  network: { create: NetworkCreate; update: NetworkUpdate; resource: Network };
}
