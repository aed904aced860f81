// Builds the application: Fastify with pino logs and request ids, NeutronError
// bodies for every error, the OpenAPI document and Swagger UI. Used by main.ts
// and by the tests, so that they test what runs.
import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module.js';
import { NeutronErrorFilter } from './common/neutron-error.filter.js';
import { createLogger, PinoNestLogger } from './common/pino.logger.js';
import type { ContextualRequest } from './common/request-context.js';
import type { AppConfig } from './config/app-config.js';
import { buildOpenApiDocument } from './docs/openapi.js';

export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  const logger = createLogger(config.logLevel);
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    bodyLimit: config.bodyLimitBytes,
    genReqId: () => `req-${randomUUID()}`,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, logger), adapter, {
    logger: new PinoNestLogger(logger),
    // Fastify's own JSON parser only: no form bodies.
    bodyParser: false,
  });

  const fastify = app.getHttpAdapter().getInstance();
  // JSON only: any other content type is a 415.
  fastify.removeContentTypeParser('text/plain');
  fastify.addHook('onRequest', (request: ContextualRequest, reply, done) => {
    void reply.header('X-Openstack-Request-Id', request.id);
    const project = request.headers['x-project-id'];
    request.vpnaasContext = {
      projectId: typeof project === 'string' && project !== '' ? project : config.defaultProjectId,
    };
    done();
  });
  // Nest hands Fastify's own errors (malformed JSON, too large, wrong media
  // type) to its exception filters too, so this one filter shapes every error.
  app.useGlobalFilters(new NeutronErrorFilter(logger));

  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'openapi.json',
    yamlDocumentUrl: 'openapi.yaml',
  });
  await app.init();
  return app;
}
