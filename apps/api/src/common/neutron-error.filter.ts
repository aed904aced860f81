// Turns every error into a NeutronError body with the right status: the
// service's own exceptions, Nest's (unknown route → 404 or 405) and anything
// unexpected (500, logged, never shown). No stack trace or secret ever reaches a client.
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import { toNeutronError } from '@vpnaas/validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { DatabaseError } from '../database/database-unavailable.error.js';
import { allowedMethods } from './known-routes.js';
import { NeutronException } from './neutron.exception.js';

const TYPES_BY_STATUS: Record<number, [string, string]> = {
  // Our own 400s are NeutronExceptions; a framework 400 is a body it could not parse.
  400: ['HTTPBadRequest', 'Body contains invalid data'],
  401: ['HTTPUnauthorized', 'Authentication required'],
  403: ['HTTPForbidden', 'Access was denied to this resource'],
  404: ['HTTPNotFound', 'The resource could not be found.'],
  405: ['HTTPMethodNotAllowed', 'The method is not allowed for this resource'],
  406: ['HTTPNotAcceptable', 'The requested content type is not available'],
  409: ['HTTPConflict', 'The request conflicts with the state of the resource'],
  413: ['HTTPRequestEntityTooLarge', 'Request is too large.'],
  415: ['HTTPUnsupportedMediaType', 'Unsupported Content-Type: send application/json'],
};

export const INTERNAL_ERROR_MESSAGE = 'Request Failed: internal server error while processing your request.';

@Catch()
export class NeutronErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const error = this.describe(exception, request);
    if (error.status === 405) reply.header('allow', allowedMethods(request.url).join(', '));
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
      if (status === 404 && allowedMethods(request.url).length > 0) status = 405;
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
