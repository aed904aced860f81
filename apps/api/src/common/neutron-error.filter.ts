// Turns every error into a NeutronError body with the right status: the
// service's own exceptions, Nest's (unknown route → 404 or 405) and anything
// unexpected (500, logged, never shown). No stack trace or secret ever reaches a client.
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import { toNeutronError } from '@vpnaas/validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { DatabaseError } from '../database/database-unavailable.error.js';
import type { KnownRoutes } from './known-routes.js';
import { NeutronException } from './neutron.exception.js';

const TYPES_BY_STATUS: Record<number, [string, string]> = {
  // Our own 400s are NeutronExceptions; a framework 400 is a body it could not parse.
  400: ['HTTPBadRequest', 'Body contains invalid data'],
  401: ['HTTPUnauthorized', 'Authentication required'],
  403: ['HTTPForbidden', 'Access was denied to this resource'],
  404: ['HTTPNotFound', 'The resource could not be found.'],
  // Upstream's text (webob's, through neutron's fault map); the Allow header lists the methods.
  405: [
    'HTTPMethodNotAllowed',
    'The server could not comply with the request since it is either malformed or otherwise incorrect.',
  ],
  406: ['HTTPNotAcceptable', 'The requested content type is not available'],
  409: ['HTTPConflict', 'The request conflicts with the state of the resource'],
  413: ['HTTPRequestEntityTooLarge', 'Request is too large.'],
  415: ['HTTPUnsupportedMediaType', 'Unsupported Content-Type: send application/json'],
};

export const INTERNAL_ERROR_MESSAGE = 'Request Failed: internal server error while processing your request.';

/**
 * The client closed the connection before its request was read: its socket is destroyed (the error is
 * Node's 'aborted', ECONNRESET; checking the socket alone covers a reset and a half-close). Not a
 * request whose body was merely read to the end (Node destroys a consumed request stream, not its
 * socket). The service's own refusals and the database's keep their status in the access log.
 */
function clientIsGone(exception: unknown, request: FastifyRequest): boolean {
  if (
    exception instanceof NeutronException ||
    exception instanceof HttpException ||
    exception instanceof DatabaseError
  ) {
    return false;
  }
  return request.raw.socket?.destroyed === true;
}

@Catch()
export class NeutronErrorFilter implements ExceptionFilter {
  constructor(
    private readonly logger: Logger,
    private readonly routes: KnownRoutes,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    this.answer(exception, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>());
  }

  /** Sends the NeutronError answer of an exception (also called by the direct routes). */
  answer(exception: unknown, request: FastifyRequest, reply: FastifyReply): void {
    if (clientIsGone(exception, request)) {
      // Nothing went wrong on our side: a debug line, not an error with a stack. The
      // answer below goes nowhere, but it ends the request's lifecycle (close waits for it).
      this.logger.debug(
        { reqId: request.id, code: (exception as { code?: string }).code },
        'client disconnected',
      );
      void reply.status(400).send();
      return;
    }
    const error = this.describe(exception, request);
    if (error.status === 405) reply.header('allow', this.routes.allowedMethods(request.url).join(', '));
    void reply
      .status(error.status)
      .header('content-type', 'application/json')
      .send(JSON.stringify(toNeutronError(error)));
  }

  describe(exception: unknown, request: FastifyRequest): NeutronException {
    if (exception instanceof NeutronException) return exception;
    // The database's own refusals (unreachable: 503; text PostgreSQL cannot store: 400).
    if (exception instanceof DatabaseError) {
      return new NeutronException(exception.status, exception.type, exception.message);
    }
    if (exception instanceof HttpException) {
      let status = exception.getStatus();
      // Nest answers an unknown route with 404; a known path with another method is a 405.
      if (status === 404 && this.routes.allowedMethods(request.url).length > 0) status = 405;
      const [type, message] = TYPES_BY_STATUS[status] ?? [`HTTP${status}`, exception.message];
      return new NeutronException(status, type, message);
    }
    this.logger.error(
      {
        err:
          exception instanceof Error
            ? { type: exception.name, message: exception.message, stack: exception.stack }
            : exception,
        reqId: request.id,
      },
      'unhandled error',
    );
    return new NeutronException(500, 'HTTPInternalServerError', INTERNAL_ERROR_MESSAGE);
  }
}
