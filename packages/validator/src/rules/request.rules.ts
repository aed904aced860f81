// The rules JSON Schema cannot express, per resource. They run after Ajv has
// accepted the member, so types and limits already hold.
import type { ResourceKey, RuleSetSchema } from '@vpnaas/schema';
import { badRequest, invalidInput, type RequestError } from '../errors/request-error.js';
import { displayValue, pythonText } from '../request/display-value.js';
import type { Operation } from '../schema/operation-fields.js';
import { checkCidrList } from './address-format.check.js';
import { parseCidr } from './ip-address.js';

type Member = Record<string, unknown>;
export type RequestRule = (member: Member, operation: Operation) => RequestError | undefined;

/**
 * The DPD timeout must be greater than the interval. Exported for the service,
 * which checks an update's values merged with the stored ones.
 */
export function checkDpdTimeout(
  dpd: { interval?: unknown; timeout?: unknown } | undefined,
): RequestError | undefined {
  if (typeof dpd?.interval !== 'number' || typeof dpd.timeout !== 'number') return undefined;
  if (dpd.timeout > dpd.interval) return undefined;
  return {
    status: 400,
    type: 'IPsecSiteConnectionDpdIntervalValueError',
    // Upstream's message, then the limit: the interval the timeout must exceed.
    message: `ipsec_site_connection dpd_timeout is equal to or less than dpd_interval; the DPD timeout (${dpd.timeout}) must be greater than the DPD interval (${dpd.interval})`,
    field: 'dpd.timeout',
  };
}

/** An admin creating for another project may send both ids; they must be the same. */
const tenantMatchesProject: RequestRule = (member) =>
  member.tenant_id !== undefined && member.project_id !== undefined && member.tenant_id !== member.project_id
    ? badRequest("'project_id' and 'tenant_id' do not match", 'project_id')
    : undefined;

/** Classic VPN connections always use endpoint groups, and upstream forbids peer_cidrs with them. */
const peerCidrsUnused: RequestRule = (member) =>
  Array.isArray(member.peer_cidrs) && member.peer_cidrs.length > 0
    ? invalidInput(
        'peer_cidrs',
        'peer CIDRs cannot be specified when using endpoint groups; put them in the peer endpoint group (peer_ep_group_id)',
        'PeerCidrsInvalid',
      )
    : undefined;

const dpdTimeoutAboveInterval: RequestRule = (member) => checkDpdTimeout(member.dpd as Member | undefined);

/** `cidr` groups hold CIDRs of one IP version; `subnet` groups hold subnet ids. */
function endpointsMatchType(root: RuleSetSchema): RequestRule {
  const uuidPattern = new RegExp(root.definitions.Uuid?.pattern ?? '^$');
  return (member, operation) => {
    if (operation !== 'create' || !Array.isArray(member.endpoints)) return undefined;
    if (member.type === 'cidr') {
      return checkCidrList('endpoints', member.endpoints, 'MixedIPVersionsForIPSecEndpoints');
    }
    const notUuid = member.endpoints.find((endpoint) => !uuidPattern.test(String(endpoint)));
    // Upstream's InvalidEndpointInEndpointGroup, word for word.
    return notUuid === undefined
      ? undefined
      : {
          status: 400,
          type: 'InvalidEndpointInEndpointGroup',
          message: `Endpoint '${pythonText(notUuid)}' is invalid for group type 'subnet': Invalid UUID`,
          field: 'endpoints',
        };
  };
}

/** A query by tag names each tag key once (vpn_api_1016). */
export const tagKeysOnce: RequestRule = (member) => {
  if (!Array.isArray(member.tags)) return undefined;
  const seen = new Set<unknown>();
  for (const tag of member.tags as { key?: unknown }[]) {
    if (seen.has(tag.key)) return invalidInput('tags', `the key ${displayValue(tag.key)} is given twice`);
    seen.add(tag.key);
  }
  return undefined;
};

/** A subnet's ip_version, when given, is its CIDR's. */
const ipVersionMatchesCidr: RequestRule = (member) => {
  if (member.ip_version === undefined || typeof member.cidr !== 'string') return undefined;
  const parsed = parseCidr(member.cidr);
  return parsed.ok && parsed.version !== member.ip_version
    ? invalidInput(
        'ip_version',
        `${member.ip_version} does not match the CIDR ${displayValue(member.cidr)}, which is IPv${parsed.version}`,
      )
    : undefined;
};

export function requestRules(root: RuleSetSchema, resource: ResourceKey): readonly RequestRule[] {
  const perResource: Record<ResourceKey, RequestRule[]> = {
    ipsec_site_connection: [peerCidrsUnused, dpdTimeoutAboveInterval],
    ikepolicy: [],
    ipsecpolicy: [],
    vpnservice: [],
    endpoint_group: [endpointsMatchType(root)],
    router: [],
    subnet: [ipVersionMatchesCidr],
    network: [],
  };
  return [tenantMatchesProject, ...perResource[resource]];
}
