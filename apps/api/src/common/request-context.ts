// Who is asking: every request carries a project. In this (noauth) mode the
// project comes from X-Project-Id when given, else the configured default.
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

export interface RequestContext {
  readonly projectId: string;
}

/** Set on every request by the app's onRequest hook. */
export interface ContextualRequest extends FastifyRequest {
  vpnaasContext?: RequestContext;
}

export const Context = createParamDecorator((_data: unknown, ctx: ExecutionContext): RequestContext => {
  const request = ctx.switchToHttp().getRequest<ContextualRequest>();
  if (!request.vpnaasContext) throw new Error('request context missing: the onRequest hook did not run');
  return request.vpnaasContext;
});
