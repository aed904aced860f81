// Who is asking, per the configured auth mode:
//   noauth   — the project from X-Project-Id (else the default project); X-Roles: admin makes an admin;
//   token    — X-Auth-Token must be one of the configured static tokens, which carries project and roles;
//   keystone — X-Auth-Token is validated by an external Keystone (KeystoneAuthenticator);
//   embedded — X-Auth-Token was issued by the built-in identity under /identity (IdentityService).
// With a token, the roles then decide what the caller may do (policy.ts).
// Version discovery, the API docs, the metrics, the health probes and the embedded identity need no token, as with Neutron behind Keystone.
import type { FastifyRequest } from 'fastify';
import { NeutronException } from '../common/neutron.exception.js';
import type { RequestContext } from '../common/request-context.js';
import type { AppConfig } from '../config/app-config.js';
import type { Authenticator } from './authenticator.js';
import { authorize } from './policy.js';

type Headers = FastifyRequest['headers'];

const PUBLIC_PATHS = /^\/(?:|docs(?:\/.*)?|openapi\.(?:json|yaml)|metrics|healthz|readyz)$/;
const IDENTITY_PATHS = /^\/identity(?:\/.*)?$/;

const header = (headers: Headers, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * The caller of a request. Without a token to check (noauth) the answer is
 * immediate, not a promise: the hook that calls this runs on every request.
 */
export function authenticate(
  config: AppConfig,
  authenticator: Authenticator | undefined,
  request: FastifyRequest,
): RequestContext | Promise<RequestContext> {
  const { headers } = request;
  if (config.authMode === 'noauth' || !authenticator) {
    const project = header(headers, 'x-project-id');
    const roles = header(headers, 'x-roles');
    // Most callers send no roles: nothing to split.
    const isAdmin = roles?.split(',').some((role) => role.trim() === 'admin') ?? false;
    return { projectId: project || config.defaultProjectId, isAdmin };
  }
  return authenticateToken(config, authenticator, request);
}

async function authenticateToken(
  config: AppConfig,
  authenticator: Authenticator,
  request: FastifyRequest,
): Promise<RequestContext> {
  const { headers } = request;
  const path = request.url.split('?')[0] ?? request.url;
  const publicPath = PUBLIC_PATHS.test(path) || (config.authMode === 'embedded' && IDENTITY_PATHS.test(path));
  // Public paths answer anyone, so their caller has no project (and the access log names none).
  if (publicPath) return { projectId: '', isAdmin: false };
  const token = header(headers, 'x-auth-token');
  const grant = token === undefined ? undefined : await authenticator.grantOf(token);
  if (!grant) {
    throw new Unauthenticated(
      token === undefined
        ? 'Authentication required: send X-Auth-Token'
        : 'Authentication failed: the X-Auth-Token is not valid',
      authenticator.identityUri(request),
    );
  }
  authorize(grant.roles, request.method, path);
  return { projectId: grant.projectId, isAdmin: grant.roles.includes('admin'), roles: grant.roles };
}

/** A 401, naming the identity service to authenticate with (`WWW-Authenticate: Keystone uri="…"`). */
export class Unauthenticated extends NeutronException {
  constructor(
    message: string,
    readonly identityUri: string | undefined,
  ) {
    super(401, 'HTTPUnauthorized', message);
  }
}
