// What each token-checking auth mode provides: the grant of a token.
import type { FastifyRequest } from 'fastify';

/** What a valid token carries: whose project it acts for, and with which roles. */
export interface Grant {
  readonly projectId: string;
  readonly roles: readonly string[];
}

export interface Authenticator {
  /**
   * The grant of a token, or undefined when the token is not valid (unknown,
   * malformed, expired, revoked, not scoped to a project). Throws a 503
   * NeutronException when it cannot tell (the identity service is unreachable).
   */
  grantOf(token: string): Promise<Grant | undefined>;
  /** The identity service a client should authenticate with, for `WWW-Authenticate: Keystone uri="…"`. */
  identityUri(request: FastifyRequest): string | undefined;
}

/** token mode: the static tokens of VPNAAS_TOKENS. */
export class StaticTokenAuthenticator implements Authenticator {
  constructor(private readonly tokens: ReadonlyMap<string, Grant>) {}

  async grantOf(token: string): Promise<Grant | undefined> {
    return this.tokens.get(token);
  }

  identityUri(): undefined {
    return undefined;
  }
}
