// Structured JSON logs (pino), shared by Fastify's request logs and Nest's own.
// Secrets are redacted wherever they could appear.
import type { LoggerService } from '@nestjs/common';
import { type DestinationStream, type Logger, pino } from 'pino';

/** The Nest injection token of the pino logger. */
export const LOGGER = Symbol('LOGGER');

/** `psk=<value>` in a query string (any case, the key percent-encoded or not). */
const PSK_PARAM = /([?&](?:p|%70)(?:s|%73)(?:k|%6b)=)[^&#]*/gi;

/** The URL with the value of every psk parameter replaced: a secret never lands in a log. */
export function redactUrl(url: string): string {
  return url.includes('?') ? url.replace(PSK_PARAM, '$1[REDACTED]') : url;
}

/** Fastify's request serializer (method, url, host, remote address) with the URL redacted. */
function serializeRequest(request: {
  method: string;
  url: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}) {
  // Anything else logged under `req` is left to the redact paths below.
  if (typeof request?.url !== 'string') return request;
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

/**
 * Standard output, written asynchronously: lines logged while a write is under
 * way go out together in the next one, instead of one blocking write per line
 * (a tenth of a request's time under load); a quiet service's lines go out at
 * once. pino writes what is left when the process exits, even on an uncaught
 * error; a kill -9 loses at most the lines of the write under way, never data.
 */
export function stdoutLog(): DestinationStream {
  return pino.destination({ dest: 1, sync: false });
}

/**
 * The access log's own logger: its lines hold only fields that carry no secret
 * (the URL's psk is redacted before), so they skip the redaction pass, which
 * walks every line for psks and tokens.
 */
export function createAccessLogger(level: string, destination: DestinationStream): Logger {
  return pino({ level }, destination);
}

export function createLogger(level: string, destination: DestinationStream = stdoutLog()): Logger {
  const options = {
    level,
    serializers: { req: serializeRequest },
    redact: {
      paths: [
        'psk',
        '*.psk',
        '*.*.psk',
        '*.*.*.psk',
        'req.headers["x-auth-token"]',
        'headers["x-auth-token"]',
        'req.headers["x-subject-token"]',
        'headers["x-subject-token"]',
        'password',
        '*.password',
      ],
      censor: '[REDACTED]',
    },
  };
  return pino(options, destination);
}

/** Nest's logger interface over pino. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string) {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}
