// Algorithms and lifetimes shared by IKE and IPsec policies (Classic VPN values,
// which differ from upstream Neutron: sha2-256 not sha256, group1 and disable).

/** The authentication (hash) algorithm. */
export type AuthAlgorithm = 'md5' | 'sha1' | 'sha2-256' | 'sha2-384' | 'sha2-512';

/** The encryption algorithm. */
export type EncryptionAlgorithm = '3des' | 'aes-128' | 'aes-192' | 'aes-256';

/** The Diffie-Hellman group used for perfect forward secrecy, or `disable`. */
export type Pfs =
  | 'group1'
  | 'group2'
  | 'group5'
  | 'group14'
  | 'group15'
  | 'group16'
  | 'group19'
  | 'group20'
  | 'group21'
  | 'disable';

/** The unit of a lifetime: seconds only. */
export type LifetimeUnits = 'seconds';

/**
 * A security association lifetime in seconds.
 * @TJS-type integer
 * @minimum 60
 * @maximum 604800
 */
export type LifetimeSeconds = number;

/** A lifetime on create: what is left out takes its default. */
export interface LifetimeCreate {
  /**
   * @default "seconds"
   */
  units?: LifetimeUnits;
  /**
   * @default 3600
   */
  value?: LifetimeSeconds;
}

/** A lifetime on update: what is left out keeps its stored value. */
export interface LifetimeUpdate {
  units?: LifetimeUnits;
  value?: LifetimeSeconds;
}

/** A lifetime as returned. */
export interface Lifetime {
  units: LifetimeUnits;
  value: LifetimeSeconds;
}
