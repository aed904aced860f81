// The data plane boundary: what the VPN services tell a driver, and nothing
// else. A change is stored first (rows with a PENDING_* status and a due time);
// then the service calls apply(). The driver's work is asynchronous: it reports
// by writing the rows' status (ACTIVE, DOWN, ERROR), never through the request.
//
// Two drivers implement it, one folder each: simulated/ (a timer, the default)
// and strongswan/ (routers as network namespaces, one charon per router).

/** What changed; the driver reads the stored state itself, so a lost call only delays the work. */
export interface DataplaneChange {
  readonly resource: 'vpnservice' | 'ipsec_site_connection' | 'ikepolicy' | 'ipsecpolicy';
  readonly id: string;
  readonly action: 'create' | 'update' | 'delete';
}

/** The Nest injection token and the interface alike (services inject it by type). */
export abstract class DataplaneDriver {
  /** The `pending_until` stored with a PENDING_* status: when the change is due to be applied. */
  abstract dueTime(): number;

  /**
   * A VPN service or connection was created, updated or deleted (its rows are
   * committed): bring the data plane to what is stored. Returns at once.
   */
  abstract apply(change: DataplaneChange): void;
}
