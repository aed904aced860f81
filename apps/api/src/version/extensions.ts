// The Neutron API extensions this service implements, as upstream's
// `GET /v2.0/extensions` describes them (names, descriptions and dates from
// neutron-lib's API definitions). Clients look them up before using a feature:
// `openstack extension list`, openstacksdk's find_extension('vpnaas').
export interface NeutronExtension {
  readonly alias: string;
  readonly name: string;
  readonly description: string;
  readonly updated: string;
  readonly links: readonly never[];
}

const extension = (alias: string, name: string, description: string, updated: string): NeutronExtension => ({
  alias,
  name,
  description,
  updated,
  links: [],
});

export const EXTENSIONS: readonly NeutronExtension[] = [
  extension('vpnaas', 'VPN service', 'Extension for VPN service', '2013-05-29T10:00:00-00:00'),
  extension(
    'vpn-endpoint-groups',
    'VPN Endpoint Groups',
    'VPN endpoint groups support',
    '2015-08-04T10:00:00-00:00',
  ),
  extension(
    'router',
    'Neutron L3 Router',
    'Router abstraction for basic L3 forwarding between L2 Neutron networks and access to external networks via a NAT gateway.',
    '2012-07-20T10:00:00-00:00',
  ),
  extension(
    'external-net',
    'Neutron external network',
    'Adds external network attribute to network resource.',
    '2013-01-14T10:00:00-00:00',
  ),
  extension(
    'pagination',
    'Pagination support',
    'Extension that indicates that pagination is enabled.',
    '2016-06-12T00:00:00-00:00',
  ),
  extension(
    'sorting',
    'Sorting support',
    'Extension that indicates that sorting is enabled.',
    '2016-06-12T00:00:00-00:00',
  ),
  extension(
    'project-id',
    'project_id field enabled',
    'Extension that indicates that project_id field is enabled.',
    '2016-09-09T09:09:09-09:09',
  ),
];
