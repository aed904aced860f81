// IPsec policies, /v2.0/vpn/ipsecpolicies (Classic VPN pages vpn_api_1036 to 1040).
import type {
  CollectionLink,
  Description,
  ProjectId,
  ResourceName,
  ReturnedName,
  Uuid,
} from '../common/scalars.types.js';
import type {
  AuthAlgorithm,
  EncryptionAlgorithm,
  Lifetime,
  LifetimeCreate,
  LifetimeUpdate,
  Pfs,
} from './policy.types.js';

/** The transform protocol. */
export type TransformProtocol = 'esp' | 'ah' | 'ah-esp';

/** The encapsulation mode. */
export type EncapsulationMode = 'tunnel' | 'transport';

/** The body member of POST /v2.0/vpn/ipsecpolicies. */
export interface IpsecPolicyCreate {
  /**
   * The policy's name.
   */
  name?: ResourceName;
  /**
   * @default ""
   */
  description?: Description;
  /**
   * @default "sha1"
   */
  auth_algorithm?: AuthAlgorithm;
  /**
   * @default "aes-128"
   */
  encryption_algorithm?: EncryptionAlgorithm;
  /**
   * @default "group5"
   */
  pfs?: Pfs;
  /**
   * @default "esp"
   */
  transform_protocol?: TransformProtocol;
  /**
   * @default "tunnel"
   */
  encapsulation_mode?: EncapsulationMode;
  /**
   * The IPsec security association lifetime; missing settings take their defaults (seconds, 3600).
   * @default {}
   */
  lifetime?: LifetimeCreate;
  tenant_id?: ProjectId;
  project_id?: ProjectId;
}

/** The body member of PUT /v2.0/vpn/ipsecpolicies/{id}. */
export interface IpsecPolicyUpdate {
  name?: ResourceName;
  description?: Description;
  auth_algorithm?: AuthAlgorithm;
  encryption_algorithm?: EncryptionAlgorithm;
  pfs?: Pfs;
  transform_protocol?: TransformProtocol;
  encapsulation_mode?: EncapsulationMode;
  /** Missing settings keep their stored values. */
  lifetime?: LifetimeUpdate;
}

/** An IPsec policy as the API returns it. */
export interface IpsecPolicy {
  id: Uuid;
  name: ReturnedName;
  description: Description;
  auth_algorithm: AuthAlgorithm;
  encryption_algorithm: EncryptionAlgorithm;
  pfs: Pfs;
  transform_protocol: TransformProtocol;
  encapsulation_mode: EncapsulationMode;
  lifetime: Lifetime;
  tenant_id: ProjectId;
  project_id?: ProjectId;
}

export interface IpsecPolicyCreateRequest {
  ipsecpolicy: IpsecPolicyCreate;
}

export interface IpsecPolicyUpdateRequest {
  ipsecpolicy: IpsecPolicyUpdate;
}

export interface IpsecPolicyResponse {
  ipsecpolicy: IpsecPolicy;
}

export interface IpsecPolicyListResponse {
  ipsecpolicies: IpsecPolicy[];
  ipsecpolicies_links?: CollectionLink[];
}
