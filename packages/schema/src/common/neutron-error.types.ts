/** The body of every error response, as Neutron writes it. */
export interface NeutronErrorResponse {
  NeutronError: NeutronError;
}

/** What went wrong. */
export interface NeutronError {
  /** The error class, e.g. `HTTPBadRequest`, `InvalidInput`, `IKEPolicyNotFound`. */
  type: string;
  /** What went wrong, naming the field concerned. */
  message: string;
  /** Always empty, as upstream. */
  detail: string;
}
