// Structured JSON logs (pino), shared by Fastify's request logs and Nest's own.
// Secrets are redacted wherever they could appear.
import type { LoggerService } from '@nestjs/common';
import { type DestinationStream, type Logger, pino } from 'pino';

/** The Nest injection token of the pino logger. */
export const LOGGER = Symbol('LOGGER');

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
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
  return destination ? pino(options, destination) : pino(options);
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
