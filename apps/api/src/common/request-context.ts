// Who is asking: every request carries a project and whether the caller is an
// admin (sees and may act for every project). Set by the auth hook.
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Transaction } from 'kysely';
import type { Database } from '../database/database.types.js';

export interface RequestContext {
  readonly projectId: string;
  /** Sees and may act on every project. */
  readonly isAdmin: boolean;
  /** The caller is an admin, even where the context is narrowed to one project (an admin's create). */
  readonly callerIsAdmin?: boolean;
  /** The caller's roles where a token carried them (token, keystone, embedded modes); none in noauth. */
  readonly roles?: readonly string[];
  /**
   * The transaction a create joins: the controller checks the quota and the
   * service checks and inserts in one (DatabaseService.transaction's `joining`).
   */
  readonly transaction?: Transaction<Database>;
}

/** Set on every request by the app's onRequest hook. */
export interface ContextualRequest extends FastifyRequest {
  vpnaasContext?: RequestContext;
}

/** The caller of a request, as the onRequest hook set it. */
export function contextOf(request: ContextualRequest): RequestContext {
  if (!request.vpnaasContext) throw new Error('request context missing: the onRequest hook did not run');
  return request.vpnaasContext;
}

export const Context = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): RequestContext =>
    contextOf(ctx.switchToHttp().getRequest<ContextualRequest>()),
);
