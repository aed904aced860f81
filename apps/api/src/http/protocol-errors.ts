// Answers for requests that never reach a route: a URL Fastify cannot decode,
// an id over the parameter limit (Fastify's frameworkErrors), and HTTP that
// Node's parser refuses or a client too slow to send its request (the server's
// 'clientError'). Each is a NeutronError, like every other answer of the service.
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { toNeutronError } from '@vpnaas/validator';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';

interface ProtocolAnswer {
  readonly status: number;
  readonly type: string;
  readonly message: string;
}

/** Fastify's routing errors, as NeutronErrors. */
export function frameworkErrorAnswer(error: FastifyError, maxIdLength: number): ProtocolAnswer {
  if (error.code === 'FST_ERR_BAD_URL') {
    return {
      status: 400,
      type: 'HTTPBadRequest',
      message: 'The URL is not valid: a percent-encoded sequence in its path is not UTF-8',
    };
  }
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return {
      status: 414,
      type: 'HTTPRequestURITooLong',
      message: `The URL is too long: an id in the path has more than ${maxIdLength} characters`,
    };
  }
  return { status: 400, type: 'HTTPBadRequest', message: 'The request could not be routed' };
}

export function sendFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
  maxIdLength: number,
): void {
  const answer = frameworkErrorAnswer(error, maxIdLength);
  void reply
    .status(answer.status)
    .header('content-type', 'application/json')
    .header('X-Openstack-Request-Id', request.id)
    .send(JSON.stringify(toNeutronError(answer)));
}

/** What Node's HTTP parser (or its request timer) reports, as a NeutronError. */
export function clientErrorAnswer(error: NodeJS.ErrnoException, requestTimeoutMs: number): ProtocolAnswer {
  switch (error.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return {
        status: 408,
        type: 'HTTPRequestTimeout',
        message: `The request was not received in full within ${requestTimeoutMs} ms`,
      };
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        type: 'HTTPRequestHeaderFieldsTooLarge',
        message: 'The request headers are too large',
      };
    default:
      return {
        status: 400,
        type: 'HTTPBadRequest',
        message: `Malformed HTTP request (${error.code ?? 'parse error'})`,
      };
  }
}

/**
 * The server's 'clientError' listener: writes the NeutronError straight to the
 * socket (no request object exists yet) unless the client is gone or a
 * response has already started, then closes the connection.
 */
export function clientErrorHandler(logger: Logger, requestTimeoutMs: number) {
  return (error: NodeJS.ErrnoException, socket: Socket): void => {
    // A client that closed mid-request (the parser then sees an early end of input).
    if (error.code === 'ECONNRESET' || error.code === 'HPE_INVALID_EOF_STATE' || socket.destroyed) {
      logger.debug({ code: error.code }, 'client disconnected');
      socket.destroy();
      return;
    }
    const answer = clientErrorAnswer(error, requestTimeoutMs);
    logger.debug({ code: error.code, status: answer.status }, 'refused a malformed or slow request');
    const started = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (socket.writable && !started?.headersSent) {
      const body = JSON.stringify(toNeutronError(answer));
      socket.write(
        `HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status]}\r\n` +
          'Content-Type: application/json\r\n' +
          `Content-Length: ${Buffer.byteLength(body)}\r\n` +
          'Connection: close\r\n\r\n' +
          body,
      );
    }
    socket.destroy();
  };
}
