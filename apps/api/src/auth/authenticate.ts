// Who is asking, per the configured auth mode:
//   noauth — the project from X-Project-Id (else the default project); X-Roles: admin makes an admin;
//   token  — X-Auth-Token must be one of the configured static tokens, which carries project and roles.
// Version discovery, the API docs, the metrics and the health probes need no token, as with Neutron behind Keystone.

import { NeutronException } from '../common/neutron.exception.js';
import type { RequestContext } from '../common/request-context.js';
import type { AppConfig } from '../config/app-config.js';

type Headers = Record<string, string | string[] | undefined>;

const PUBLIC_PATHS = /^\/(?:|docs(?:\/.*)?|openapi\.(?:json|yaml)|metrics|healthz|readyz)$/;

const header = (headers: Headers, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

export function authenticate(config: AppConfig, url: string, headers: Headers): RequestContext {
  if (config.authMode === 'noauth') {
    const project = header(headers, 'x-project-id');
    const roles = (header(headers, 'x-roles') ?? '').split(',').map((role) => role.trim());
    return { projectId: project || config.defaultProjectId, isAdmin: roles.includes('admin') };
  }
  const path = url.split('?')[0] ?? url;
  const grant = config.tokens.get(header(headers, 'x-auth-token') ?? '');
  if (!grant) {
    // Public paths still answer; they just have no project of their own.
    if (PUBLIC_PATHS.test(path)) return { projectId: config.defaultProjectId, isAdmin: false };
    throw new NeutronException(
      401,
      'HTTPUnauthorized',
      header(headers, 'x-auth-token') === undefined
        ? 'Authentication required: send X-Auth-Token'
        : 'Authentication failed: the X-Auth-Token is not valid',
    );
  }
  return { projectId: grant.project_id, isAdmin: grant.roles.includes('admin') };
}
