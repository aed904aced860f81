// Neutron's default policies, by role: `reader` may list and show its project's
// objects, `member` may also create, update and delete them, `admin` may do so
// in every project. Keystone's bootstrap makes admin imply member and member
// imply reader; the same implication is applied here, whatever sent the roles.
import { RESOURCES } from '@vpnaas/schema';
import { NeutronException } from '../common/neutron.exception.js';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** A POST that only reads: Classic VPN's query by tag. */
const READING_POST = /\/resource_instances\/action\/?$/;

export function authorize(roles: readonly string[], method: string, path: string): void {
  const isAdmin = roles.includes('admin');
  const isMember = isAdmin || roles.includes('member');
  const isReader = isMember || roles.includes('reader');
  const writes = WRITES.has(method) && !(method === 'POST' && READING_POST.test(path));
  if (writes ? isMember : isReader) return;
  throw new NeutronException(
    403,
    'PolicyNotAuthorized',
    `rule:${actionOf(method, path)} is disallowed by policy`,
  );
}

/** Neutron's policy name of a request, e.g. `create_ipsec_site_connection`. */
export function actionOf(method: string, path: string): string {
  const resource = Object.values(RESOURCES).find((r) => path === r.path || path.startsWith(`${r.path}/`));
  const interfaceAction = /\/(add|remove)_router_interface\/?$/.exec(path);
  if (interfaceAction) return `${interfaceAction[1]}_router_interface`;
  const key = resource?.key ?? (path.startsWith('/v2.0/ports') ? 'port' : undefined);
  if (!key) return `${method.toLowerCase()} ${path}`;
  const verb = { POST: 'create', PUT: 'update', PATCH: 'update', DELETE: 'delete' }[method] ?? 'get';
  return `${verb}_${key}`;
}
