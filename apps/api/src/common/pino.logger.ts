// Structured JSON logs (pino), shared by Fastify's request logs and Nest's own.
// Secrets are redacted wherever they could appear.
import { hostname } from 'node:os';
import type { LoggerService } from '@nestjs/common';
import type { FastifyBaseLogger } from 'fastify';
import { type Bindings, type ChildLoggerOptions, type DestinationStream, type Logger, pino } from 'pino';

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
 * Lines gather in a block of this many bytes, written when the next line would not fit, or after
 * FLUSH_INTERVAL_MS.
 * 64 KiB rather than 4 KiB: a sixteenth of the writes (at 15,000 shows a second, with lines of about
 * 300 bytes, some 75 a second instead of 1,200), which took the writes' share of a show's CPU
 * from 1.3 % to 0.5 %.
 * Nothing else writes to this process's standard output (its children's output is piped or
 * ignored), so a block larger than a pipe's atomic write cannot interleave with another writer.
 */
const BLOCK_SIZE = 64 * 1024;
const FLUSH_INTERVAL_MS = 100;
/** The most bytes one UTF-16 code unit takes in UTF-8. */
const MAX_UTF8_BYTES_PER_UNIT = 3;

/**
 * Standard output, written in blocks: a line waits until 64 KiB have gathered
 * or a tenth of a second has passed, instead of a write per line (a write per
 * request was a twentieth of a show's time). The block goes to pino's own
 * writer (sonic-boom, which copes with a full pipe). What is left is written
 * when the process exits, even on an uncaught error; a kill -9 loses at most
 * the lines of the last tenth of a second, never data.
 */
export function stdoutLog(): DestinationStream {
  // One per process: every app built in it (the tests build many) shares the buffer, its timer and its exit flush.
  stdoutDestination ??= blockWriter();
  return stdoutDestination;
}

let stdoutDestination: DestinationStream | undefined;

/**
 * Each line is encoded into the block as it comes, not kept as a string until
 * the block is written: holding the strings, then joining them, cost a show
 * 0.1–1.8 µs more, 1.1 on average (four runs within one process, switching
 * between the two).
 */
function blockWriter(): DestinationStream {
  const stdout = pino.destination({ dest: 1, sync: true, contentMode: 'buffer' });
  // sonic-boom's types know only strings; in buffer mode its write takes bytes. Looked up at each
  // call: pino replaces it with a no-op once standard output is a broken pipe.
  const bytesOut = stdout as unknown as { write(bytes: Buffer): boolean };
  let block = Buffer.allocUnsafe(BLOCK_SIZE);
  let used = 0;
  const flush = () => {
    if (used === 0) return;
    // The block is handed over, not reused (sonic-boom may keep it after a failed write), and
    // taken off first: if the write throws, the next flush does not write the same lines again.
    const full = block.subarray(0, used);
    block = Buffer.allocUnsafe(BLOCK_SIZE);
    used = 0;
    bytesOut.write(full);
  };
  setInterval(flush, FLUSH_INTERVAL_MS).unref();
  process.on('exit', flush);
  return {
    write(line: string) {
      // Its exact size is counted only near the block's end, where the worst case might not fit.
      if (used + line.length * MAX_UTF8_BYTES_PER_UNIT > BLOCK_SIZE) {
        const bytes = Buffer.byteLength(line);
        if (used + bytes > BLOCK_SIZE) flush();
        if (bytes > BLOCK_SIZE) {
          bytesOut.write(Buffer.from(line));
          return;
        }
      }
      used += block.write(line, used);
    },
  };
}

/** The fields of one access-log line; `url` is already redacted. */
export interface AccessLine {
  readonly reqId: string;
  readonly method: string;
  readonly url: string;
  readonly route: string;
  readonly status: number;
  readonly latency_ms: number;
  readonly project?: string;
  readonly error_type?: string;
}

/**
 * The access log: one line per request, in pino's format (the same fields in
 * the same order as `logger.info({...}, 'request')` writes), built directly.
 * Its fields carry no secret, so it needs neither pino's generic serialisation
 * nor its redaction pass, which cost a tenth of a show's time. Undefined when
 * the level leaves out info lines.
 */
export function createAccessLog(
  level: string,
  destination: DestinationStream,
): ((line: AccessLine) => void) | undefined {
  const INFO = 30;
  if ((pino.levels.values[level] ?? Number.POSITIVE_INFINITY) > INFO) return undefined;
  const quote = JSON.stringify;
  // Methods, routes, projects and error types repeat from line to line: each is quoted once.
  const quoteRepeated = repeatedQuoter(QUOTED_KEPT);
  const origin = `"pid":${process.pid},"hostname":${quote(hostname())}`;
  return (line) => {
    const project = line.project === undefined ? '' : `,"project":${quoteRepeated(line.project)}`;
    const errorType = line.error_type === undefined ? '' : `,"error_type":${quoteRepeated(line.error_type)}`;
    destination.write(
      `{"level":30,"time":${Date.now()},${origin},"reqId":${quote(line.reqId)},"method":${quoteRepeated(line.method)},` +
        `"url":${quote(line.url)},"route":${quoteRepeated(line.route)},"status":${line.status},` +
        `"latency_ms":${line.latency_ms}${project}${errorType},"msg":"request"}\n`,
    );
  };
}

/** Distinct strings an access log keeps quoted (projects are the many; past this, they are quoted each time). */
const QUOTED_KEPT = 1024;

/** JSON.stringify for strings, remembering the first `kept` distinct ones. */
function repeatedQuoter(kept: number): (text: string) => string {
  const quoted = new Map<string, string>();
  return (text) => {
    let json = quoted.get(text);
    if (json === undefined) {
      json = JSON.stringify(text);
      if (quoted.size < kept) quoted.set(text, json);
    }
    return json;
  };
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

/**
 * Fastify's per-request logger (`request.log`), made only when something logs
 * through it: pino's child() costs 2 % of a request, and with the access log
 * written separately (metrics/access-log.hook.ts) most requests log nothing else.
 */
class LazyRequestLogger {
  private made: FastifyBaseLogger | undefined;

  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly bindings: Bindings,
    private readonly options: ChildLoggerOptions,
  ) {}

  private get logger(): FastifyBaseLogger {
    this.made ??= this.parent.child(this.bindings, this.options);
    return this.made;
  }
  get level(): string {
    return this.made?.level ?? this.parent.level;
  }
  set level(level: string) {
    this.logger.level = level;
  }
  fatal(...line: unknown[]): void {
    this.write('fatal', line);
  }
  error(...line: unknown[]): void {
    this.write('error', line);
  }
  warn(...line: unknown[]): void {
    this.write('warn', line);
  }
  info(...line: unknown[]): void {
    this.write('info', line);
  }
  debug(...line: unknown[]): void {
    this.write('debug', line);
  }
  trace(...line: unknown[]): void {
    this.write('trace', line);
  }
  silent(): void {}
  private write(level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace', line: unknown[]): void {
    const logger = this.logger;
    (logger[level] as (...args: unknown[]) => void).apply(logger, line);
  }
  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.logger.child(bindings, options);
  }
}

/** Fastify's `childLoggerFactory`: the request's logger, with its request id, made on first use. */
export function lazyRequestLogger(
  parent: FastifyBaseLogger,
  bindings: Bindings,
  options: ChildLoggerOptions,
): FastifyBaseLogger {
  return new LazyRequestLogger(parent, bindings, options) as unknown as FastifyBaseLogger;
}
