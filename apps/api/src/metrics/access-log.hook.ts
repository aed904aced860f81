// One access-log line per request (method, URL with any psk redacted, route,
// status, latency, request id, project, error type), and the request metrics.
// Replaces Fastify's two "incoming request"/"request completed" lines. Metrics
// are labelled by the route's pattern, never by the URL and its ids.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type AccessLine, redactUrl } from '../common/pino.logger.js';
import type { ContextualRequest } from '../common/request-context.js';
import type { Metrics } from './metrics.registry.js';

interface LoggedRequest extends ContextualRequest {
  /** The NeutronError type of an error answer. */
  errorType?: string;
}

const ERROR_TYPE = /^\{"NeutronError":\{"type":"([^"]+)"/;

export function installAccessLog(
  fastify: FastifyInstance,
  metrics: Metrics,
  writeLine: ((line: AccessLine) => void) | undefined,
): void {
  // Callback hooks, not async ones: every request runs both, and a promise each is measurable.
  fastify.addHook('onSend', (request: LoggedRequest, reply: FastifyReply, payload: unknown, done) => {
    if (reply.statusCode >= 400 && typeof payload === 'string') {
      request.errorType = ERROR_TYPE.exec(payload)?.[1];
    }
    done(null, payload);
  });
  fastify.addHook('onResponse', (request: LoggedRequest, reply: FastifyReply, done) => {
    const route = routeOf(request);
    const status = reply.statusCode;
    const latencyMs = reply.elapsedTime;
    metrics.observe(request.method, route, status, latencyMs / 1000);
    writeLine?.({
      reqId: request.id,
      method: request.method,
      url: redactUrl(request.url),
      route,
      status,
      latency_ms: Math.round(latencyMs * 100) / 100,
      // A refused caller (401) and an anonymous one on a public path have no project.
      project: request.vpnaasContext?.projectId || undefined,
      error_type: request.errorType,
    });
    done();
  });
}

/** The matched route's pattern; requests that matched none share one label. */
function routeOf(request: FastifyRequest): string {
  return request.routeOptions.url ?? '(unmatched)';
}
