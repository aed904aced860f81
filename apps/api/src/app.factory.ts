// Builds the application: Fastify with pino logs and request ids, NeutronError
// bodies for every error, the OpenAPI document and Swagger UI. Used by main.ts
// and by the tests, so that they test what runs.
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { toNeutronError } from '@vpnaas/validator';
import { type FastifyError, type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import type { DestinationStream, Logger } from 'pino';
import { AppModule } from './app.module.js';
import { authenticate, Unauthenticated } from './auth/authenticate.js';
import { type Authenticator, StaticTokenAuthenticator } from './auth/authenticator.js';
import { KeystoneAuthenticator } from './auth/keystone.authenticator.js';
import { serveDirectly } from './common/direct-routes.js';
import { KnownRoutes } from './common/known-routes.js';
import type { NeutronException } from './common/neutron.exception.js';
import { NeutronErrorFilter } from './common/neutron-error.filter.js';
import {
  createAccessLog,
  createLogger,
  lazyRequestLogger,
  PinoNestLogger,
  stdoutLog,
} from './common/pino.logger.js';
import type { ContextualRequest, RequestContext } from './common/request-context.js';
import type { AppConfig } from './config/app-config.js';
import { registerDocsRoutes } from './docs/docs.routes.js';
import { buildOpenApiDocument } from './docs/openapi.js';
import { parseJsonBody } from './http/json-body.js';
import { clientErrorHandler, sendFrameworkError } from './http/protocol-errors.js';
import { rewriteUrl } from './http/request-url.js';
import { registerIdentityRoutes } from './identity/identity.routes.js';
import { IdentityService } from './identity/identity.service.js';
import { installAccessLog } from './metrics/access-log.hook.js';
import { Metrics } from './metrics/metrics.registry.js';

/** The longest id a path may carry (ids are UUIDs; upstream looks any length up). */
const MAX_ID_LENGTH = 1024;

export interface AppOptions {
  /** Where the JSON log lines go (standard output by default); tests read them here. */
  readonly logDestination?: DestinationStream;
}

export async function createApp(
  config: AppConfig,
  options: AppOptions = {},
): Promise<NestFastifyApplication> {
  const logDestination = options.logDestination ?? stdoutLog();
  const logger = createLogger(config.logLevel, logDestination);
  const adapter = new FastifyAdapter({
    // No Nest middleware here: without @fastify/middie, no request runs its hook.
    skipMiddie: true,
    loggerInstance: logger,
    bodyLimit: config.bodyLimitBytes,
    genReqId: () => `req-${randomUUID()}`,
    childLoggerFactory: lazyRequestLogger,
    // One access-log line per request instead (metrics/access-log.hook.ts).
    logController: new LogController({ disableRequestLogging: true }),
    // Upstream's `/collection/`, `/collection.json` and `/collection/{id}.json`.
    rewriteUrl,
    // Upstream answers HEAD with 405 (the filter adds the Allow header).
    exposeHeadRoutes: false,
    // Longer ids are a resource's NotFound, as upstream answers; past this, a 414.
    routerOptions: { maxParamLength: MAX_ID_LENGTH },
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) =>
      sendFrameworkError(error, request, reply, MAX_ID_LENGTH),
    // Slow or idle clients cannot hold connections (and file descriptors) for ever.
    requestTimeout: config.requestTimeoutMs,
    keepAliveTimeout: config.keepAliveTimeoutMs,
    connectionTimeout: config.requestTimeoutMs + config.keepAliveTimeoutMs,
    http: {
      headersTimeout: Math.min(config.headersTimeoutMs, config.requestTimeoutMs),
      // How often Node checks the two timeouts above (its default, 30 s, would make them coarse).
      connectionsCheckingInterval: Math.min(1000, config.headersTimeoutMs, config.requestTimeoutMs),
    },
    clientErrorHandler: clientErrorHandler(logger, config.requestTimeoutMs),
    // X-Forwarded-* only from the configured proxies (links are built from them).
    trustProxy: config.trustedProxies.length > 0 ? [...config.trustedProxies] : false,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, logger), adapter, {
    logger: new PinoNestLogger(logger),
    // Fastify's own JSON parser only: no form bodies.
    bodyParser: false,
    // A provider that fails throws to the caller (main.ts says why in one line) instead of aborting.
    abortOnError: false,
  });

  const fastify = app.getHttpAdapter().getInstance();
  // Every route, as it is registered (the controllers' at init, below): the 404/405 answers use them.
  const routes = new KnownRoutes();
  const errors = new NeutronErrorFilter(logger, routes);
  fastify.addHook('onRoute', (route) => {
    routes.add(route.method, route.url ?? route.path);
    serveDirectly(route, (controller) => app.get(controller), errors);
  });
  const identity =
    config.identity && config.authMode === 'embedded' ? new IdentityService(config.identity) : undefined;
  if (identity) registerIdentityRoutes(fastify, identity);
  const authenticator = authenticatorFor(config, identity, logger);
  installAccessLog(fastify, app.get(Metrics), createAccessLog(config.logLevel, logDestination));
  (app.getHttpServer() as Server).maxConnections = config.maxConnections;
  // Like upstream, every body is read as JSON whatever its Content-Type says.
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'string' }, parseJsonBody);
  // A callback hook: in noauth mode the caller is known without waiting, and this runs on every request.
  fastify.addHook('onRequest', (request: ContextualRequest, reply, done) => {
    void reply.header('X-Openstack-Request-Id', request.id);
    const refuse = (error: unknown) => {
      const refusal = error as NeutronException;
      if (refusal instanceof Unauthenticated && refusal.identityUri) {
        void reply.header('www-authenticate', `Keystone uri="${refusal.identityUri}"`);
      }
      void reply
        .status(refusal.status)
        .header('content-type', 'application/json')
        .send(JSON.stringify(toNeutronError(refusal)));
    };
    const accept = (context: RequestContext) => {
      request.vpnaasContext = context;
      done();
    };
    let caller: RequestContext | Promise<RequestContext>;
    try {
      caller = authenticate(config, authenticator, request);
    } catch (error) {
      refuse(error);
      return;
    }
    if (caller instanceof Promise) caller.then(accept, refuse);
    else accept(caller);
  });
  // Nest hands Fastify's own errors (malformed JSON, too large, wrong media
  // type) to its exception filters too, so this one filter shapes every error.
  app.useGlobalFilters(errors);

  registerDocsRoutes(fastify, () => buildOpenApiDocument(app));
  await app.init();
  return app;
}

/** What checks tokens in the configured auth mode (none in noauth). */
function authenticatorFor(
  config: AppConfig,
  identity: IdentityService | undefined,
  logger: Logger,
): Authenticator | undefined {
  switch (config.authMode) {
    case 'token':
      return new StaticTokenAuthenticator(
        new Map(
          [...config.tokens].map(([token, grant]) => [
            token,
            { projectId: grant.project_id, roles: grant.roles },
          ]),
        ),
      );
    case 'keystone':
      if (!config.keystone) throw new Error('VPNAAS_AUTH_MODE=keystone needs the VPNAAS_KEYSTONE_* settings');
      return new KeystoneAuthenticator(config.keystone, logger);
    case 'embedded':
      return identity;
    default:
      return undefined;
  }
}
