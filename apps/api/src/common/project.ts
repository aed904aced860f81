import { NeutronException } from './neutron.exception.js';
import type { RequestContext } from './request-context.js';

/**
 * The project a new resource belongs to: the caller's, or, for an admin, the
 * one named by tenant_id/project_id in the body (the validator has checked
 * that the two agree). References are then looked up in that project only.
 */
export function ownerOf(
  context: RequestContext,
  member: { tenant_id?: string; project_id?: string },
): RequestContext {
  const requested = member.project_id ?? member.tenant_id;
  const callerIsAdmin = context.isAdmin;
  if (requested === undefined || requested === context.projectId) {
    return { projectId: context.projectId, isAdmin: false, callerIsAdmin };
  }
  if (!context.isAdmin) {
    throw new NeutronException(
      403,
      'PolicyNotAuthorized',
      `Only an admin may create resources for another project: tenant_id '${requested}' is not the caller's project`,
    );
  }
  return { projectId: requested, isAdmin: false, callerIsAdmin };
}
