// IKE policies, /v2.0/vpn/ikepolicies (Classic VPN pages vpn_api_1042 to 1046).
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

/** The IKE version. */
export type IkeVersion = 'v1' | 'v2';

/** The IKE phase 1 negotiation mode. */
export type Phase1NegotiationMode = 'main' | 'aggressive';

/** The body member of POST /v2.0/vpn/ikepolicies. */
export interface IkePolicyCreate {
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
   * @default "v1"
   */
  ike_version?: IkeVersion;
  /**
   * @default "group5"
   */
  pfs?: Pfs;
  /**
   * @default "main"
   */
  phase1_negotiation_mode?: Phase1NegotiationMode;
  /**
   * The IKE security association lifetime; missing settings take their defaults (seconds, 3600).
   * @default {}
   */
  lifetime?: LifetimeCreate;
  tenant_id?: ProjectId;
  project_id?: ProjectId;
}

/** The body member of PUT /v2.0/vpn/ikepolicies/{id}. */
export interface IkePolicyUpdate {
  name?: ResourceName;
  description?: Description;
  auth_algorithm?: AuthAlgorithm;
  encryption_algorithm?: EncryptionAlgorithm;
  ike_version?: IkeVersion;
  pfs?: Pfs;
  phase1_negotiation_mode?: Phase1NegotiationMode;
  /** Missing settings keep their stored values. */
  lifetime?: LifetimeUpdate;
}

/** An IKE policy as the API returns it. */
export interface IkePolicy {
  id: Uuid;
  name: ReturnedName;
  description: Description;
  auth_algorithm: AuthAlgorithm;
  encryption_algorithm: EncryptionAlgorithm;
  ike_version: IkeVersion;
  pfs: Pfs;
  phase1_negotiation_mode: Phase1NegotiationMode;
  lifetime: Lifetime;
  tenant_id: ProjectId;
  project_id?: ProjectId;
}

export interface IkePolicyCreateRequest {
  ikepolicy: IkePolicyCreate;
}

export interface IkePolicyUpdateRequest {
  ikepolicy: IkePolicyUpdate;
}

export interface IkePolicyResponse {
  ikepolicy: IkePolicy;
}

export interface IkePolicyListResponse {
  ikepolicies: IkePolicy[];
  ikepolicies_links?: CollectionLink[];
}
