// The API documentation: Swagger UI at /docs (swagger-ui-dist's own assets) and the
// OpenAPI document at /openapi.json and /openapi.yaml. The document is built on
// its first request and kept; until then neither it nor @nestjs/swagger is in
// memory (swagger.decorators.ts says why). Served straight from Fastify, like
// Nest's SwaggerModule did, so the routes exist before the server listens.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** The swagger-ui-dist files the page loads, and their media types. */
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
};

/**
 * The page, with its links relative to where it is served: `docs/…` from `/docs`, `./…` from
 * `/docs/`, so that it also works behind a proxy that serves the API under a path of its own.
 */
function swaggerUiPage(base: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <title>vpnaas — Classic VPN v2.0 API</title>
  <link rel="stylesheet" type="text/css" href="${base}swagger-ui.css">
  <link rel="icon" type="image/png" href="${base}favicon-32x32.png" sizes="32x32">
  <link rel="icon" type="image/png" href="${base}favicon-16x16.png" sizes="16x16">
  <style>body { margin: 0; background: #fafafa; }</style>
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="${base}swagger-ui-bundle.js" charset="UTF-8"></script>
  <script>
    window.ui = SwaggerUIBundle({ url: '${base}../openapi.json', dom_id: '#swagger-ui', deepLinking: true });
  </script>
</body>
</html>
`;
}

export function registerDocsRoutes(
  fastify: FastifyInstance,
  buildDocument: () => Promise<OpenAPIObject>,
): void {
  let document: Promise<OpenAPIObject> | undefined;
  const built = () => {
    document ??= buildDocument().catch((error: unknown) => {
      document = undefined; // a failed build is tried again by the next request
      throw error;
    });
    return document;
  };
  const assetsDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

  fastify.get('/docs', (request, reply) => page(request, reply));
  fastify.get('/docs/', (request, reply) => page(request, reply));
  // One route per file, so that any other path under /docs is a plain 404.
  for (const [asset, type] of Object.entries(ASSETS)) {
    fastify.get(`/docs/${asset}`, async (_request, reply) =>
      reply.type(type).send(await readFile(join(assetsDir, asset))),
    );
  }
  fastify.get('/openapi.json', async (_request, reply) =>
    reply.type('application/json').send(JSON.stringify(await built())),
  );
  fastify.get('/openapi.yaml', async (_request, reply) => {
    const [yaml, openApi] = await Promise.all([import('js-yaml'), built()]);
    return reply.type('text/yaml').send(yaml.dump(openApi, { skipInvalid: true, noRefs: true }));
  });
}

function page(request: FastifyRequest, reply: FastifyReply) {
  const base = request.url.split('?')[0]?.endsWith('/') ? './' : 'docs/';
  return reply.type('text/html; charset=utf-8').send(swaggerUiPage(base));
}
