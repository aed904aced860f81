// The entry points: one validator per resource and operation, built on first
// use from the ahead-of-time compiled Ajv code and the generated schema.
import {
  definitionName,
  type EndpointGroupCreate,
  type EndpointGroupUpdate,
  type IkePolicyCreate,
  type IkePolicyUpdate,
  type IpsecPolicyCreate,
  type IpsecPolicyUpdate,
  type IpsecSiteConnectionCreate,
  type IpsecSiteConnectionUpdate,
  loadRuleSetSchema,
  type NetworkCreate,
  type NetworkUpdate,
  RESOURCE_KEYS,
  type ResourceInstancesActionRequest,
  type ResourceKey,
  type RouterCreate,
  type RouterInterfaceRequest,
  type RouterUpdate,
  type SubnetCreate,
  type SubnetUpdate,
  type TagActionRequest,
  type TagCreateRequest,
  type VpnServiceCreate,
  type VpnServiceUpdate,
} from '@vpnaas/schema';
import * as compiledOtc from '../generated/otc.validators.js';
import type { ValidationResult } from './errors/request-error.js';
import { RequestValidator } from './request/request.validator.js';
import { type RequestRule, requestRules, tagKeysOnce } from './rules/request.rules.js';
import { definitionFields, type Operation, operationFields } from './schema/operation-fields.js';

/** The normalized member each validator returns: string forms converted, create defaults filled in. */
export interface RequestBodies {
  ipsec_site_connection: { create: IpsecSiteConnectionCreate; update: IpsecSiteConnectionUpdate };
  ikepolicy: { create: IkePolicyCreate; update: IkePolicyUpdate };
  ipsecpolicy: { create: IpsecPolicyCreate; update: IpsecPolicyUpdate };
  vpnservice: { create: VpnServiceCreate; update: VpnServiceUpdate };
  endpoint_group: { create: EndpointGroupCreate; update: EndpointGroupUpdate };
  router: { create: RouterCreate; update: RouterUpdate };
  subnet: { create: SubnetCreate; update: SubnetUpdate };
  network: { create: NetworkCreate; update: NetworkUpdate };
}

/** The compiled Ajv functions of the rule set, by definition name. */
const compiledByName = new Map(Object.entries(compiledOtc));
const validators = new Map<string, RequestValidator<unknown>>();

function compiledValidator(name: string) {
  const compiled = compiledByName.get(name);
  if (!compiled) throw new Error(`no compiled validator ${name}; run pnpm generate`);
  return compiled;
}

/** The validator of one resource and operation (built once, then reused). */
export function requestValidator<R extends ResourceKey, O extends Operation>(
  resource: R,
  operation: O,
): RequestValidator<RequestBodies[R][O]> {
  const cacheKey = `${resource}:${operation}`;
  let validator = validators.get(cacheKey);
  if (!validator) {
    const root = loadRuleSetSchema('otc');
    const name = definitionName(resource, operation === 'create' ? 'Create' : 'Update');
    validator = new RequestValidator(
      resource,
      operation,
      compiledValidator(name),
      operationFields(root, resource, operation),
      requestRules(root, resource),
    );
    validators.set(cacheKey, validator);
  }
  return validator as RequestValidator<RequestBodies[R][O]>;
}

/** Validates a parsed JSON request body, e.g. `validateRequest('ikepolicy', 'create', body)`. */
export function validateRequest<R extends ResourceKey, O extends Operation>(
  resource: R,
  operation: O,
  body: unknown,
): ValidationResult<RequestBodies[R][O]> {
  return requestValidator(resource, operation).validate(body);
}

function entryPoint<R extends ResourceKey, O extends Operation>(resource: R, operation: O) {
  let validator: RequestValidator<RequestBodies[R][O]> | undefined;
  return (body: unknown): ValidationResult<RequestBodies[R][O]> => {
    validator ??= requestValidator(resource, operation);
    return validator.validate(body);
  };
}

export const validateIpsecSiteConnectionCreate = entryPoint('ipsec_site_connection', 'create');
export const validateIpsecSiteConnectionUpdate = entryPoint('ipsec_site_connection', 'update');
export const validateIkePolicyCreate = entryPoint('ikepolicy', 'create');
export const validateIkePolicyUpdate = entryPoint('ikepolicy', 'update');
export const validateIpsecPolicyCreate = entryPoint('ipsecpolicy', 'create');
export const validateIpsecPolicyUpdate = entryPoint('ipsecpolicy', 'update');
export const validateVpnServiceCreate = entryPoint('vpnservice', 'create');
export const validateVpnServiceUpdate = entryPoint('vpnservice', 'update');
export const validateEndpointGroupCreate = entryPoint('endpoint_group', 'create');
export const validateEndpointGroupUpdate = entryPoint('endpoint_group', 'update');

export const validateRouterCreate = entryPoint('router', 'create');
export const validateRouterUpdate = entryPoint('router', 'update');
export const validateSubnetCreate = entryPoint('subnet', 'create');
export const validateSubnetUpdate = entryPoint('subnet', 'update');
export const validateNetworkCreate = entryPoint('network', 'create');
export const validateNetworkUpdate = entryPoint('network', 'update');

let routerInterfaceValidator: RequestValidator<RouterInterfaceRequest> | undefined;

/** The body of add_router_interface / remove_router_interface: `{"subnet_id": …}`, not wrapped. */
let tagActionValidator: RequestValidator<TagActionRequest> | undefined;
let tagCreateValidator: RequestValidator<TagCreateRequest> | undefined;

/** The body of POST …/ipsec-site-connections/{id}/tags/action (Classic VPN's tag API). */
export function validateTagAction(body: unknown): ValidationResult<TagActionRequest> {
  tagActionValidator ??= unwrappedValidator<TagActionRequest>('TagActionRequest');
  return tagActionValidator.validate(body);
}

/** The body of POST …/ipsec-site-connections/{id}/tags. */
export function validateTagCreate(body: unknown): ValidationResult<TagCreateRequest> {
  tagCreateValidator ??= unwrappedValidator<TagCreateRequest>('TagCreateRequest');
  return tagCreateValidator.validate(body);
}

let resourceInstancesValidator: RequestValidator<ResourceInstancesActionRequest> | undefined;

/**
 * The body of POST …/ipsec-site-connections/resource_instances/action (Classic VPN's query by
 * tag), with its defaults (limit 1000, offset 0) filled in.
 */
export function validateResourceInstancesAction(
  body: unknown,
): ValidationResult<ResourceInstancesActionRequest> {
  resourceInstancesValidator ??= unwrappedValidator<ResourceInstancesActionRequest>(
    'ResourceInstancesActionRequest',
    [tagKeysOnce],
  );
  return resourceInstancesValidator.validate(body);
}

function unwrappedValidator<T>(name: string, rules: readonly RequestRule[] = []): RequestValidator<T> {
  return new RequestValidator<T>(
    undefined,
    'update',
    compiledValidator(name),
    definitionFields(loadRuleSetSchema('otc'), name),
    rules,
  );
}

export function validateRouterInterface(body: unknown): ValidationResult<RouterInterfaceRequest> {
  routerInterfaceValidator ??= new RequestValidator<RouterInterfaceRequest>(
    undefined,
    'update',
    compiledValidator('RouterInterfaceRequest'),
    definitionFields(loadRuleSetSchema('otc'), 'RouterInterfaceRequest'),
    [],
  );
  return routerInterfaceValidator.validate(body);
}

/** The resource a body is for, from its wrapper key (`{"ikepolicy": {...}}` is an IKE policy). */
export function resourceOfBody(body: unknown): ResourceKey | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  return RESOURCE_KEYS.find((key) => key in body);
}
