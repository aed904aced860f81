// @vpnaas/validator: the service's verdicts and error messages, offline.
export {
  badRequest,
  invalidInput,
  type RequestError,
  toNeutronError,
  type ValidationResult,
} from './errors/request-error.js';
export { convertToBoolean, convertToInteger } from './request/conversion.js';
export { RequestValidator } from './request/request.validator.js';
export { checkCidrList } from './rules/address-format.check.js';
export { type CidrParse, type IpVersion, parseCidr, parseIpv4, parseIpv6 } from './rules/ip-address.js';
export { checkDpdTimeout } from './rules/request.rules.js';
export type { Operation } from './schema/operation-fields.js';
export {
  type RequestBodies,
  requestValidator,
  resourceOfBody,
  validateEndpointGroupCreate,
  validateEndpointGroupUpdate,
  validateIkePolicyCreate,
  validateIkePolicyUpdate,
  validateIpsecPolicyCreate,
  validateIpsecPolicyUpdate,
  validateIpsecSiteConnectionCreate,
  validateIpsecSiteConnectionUpdate,
  validateNetworkCreate,
  validateNetworkUpdate,
  validateRequest,
  validateResourceInstancesAction,
  validateRouterCreate,
  validateRouterInterface,
  validateRouterUpdate,
  validateSubnetCreate,
  validateSubnetUpdate,
  validateTagAction,
  validateTagCreate,
  validateVpnServiceCreate,
  validateVpnServiceUpdate,
} from './validators.js';
