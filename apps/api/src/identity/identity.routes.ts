// The embedded identity's HTTP API under /identity, registered on Fastify
// directly (its errors are Keystone's {"error": …}, not NeutronError):
//   GET  /identity, /identity/v3            version discovery (300 with the list / 200)
//   POST /identity/v3/auth/tokens           password or token authentication → X-Subject-Token
//   GET /identity/v3/auth/tokens            validate (HEAD too, Fastify adds it) X-Subject-Token (admin/service, or the token itself)
//   DELETE /identity/v3/auth/tokens         revoke
//   GET  /identity/v3/auth/catalog, /identity/v3/auth/projects
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { baseUrl } from '../common/base-url.js';
import { IdentityError, type IdentityService, type IssuedToken } from './identity.service.js';
import {
  catalog,
  errorDocument,
  projectDocument,
  tokenDocument,
  versionDocument,
} from './keystone-documents.js';

const header = (request: FastifyRequest, name: string): string => {
  const value = request.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
};

export function registerIdentityRoutes(fastify: FastifyInstance, identity: IdentityService): void {
  const { region } = identity.config;
  const identityUrl = (request: FastifyRequest) => `${baseUrl(request)}/identity`;

  /** Runs a handler; an IdentityError becomes Keystone's error body (a 401 names where to authenticate). */
  const handle =
    (handler: (request: FastifyRequest, reply: FastifyReply) => unknown) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      try {
        return await handler(request, reply);
      } catch (error) {
        if (!(error instanceof IdentityError)) throw error;
        if (error.status === 401)
          void reply.header('www-authenticate', `Keystone uri="${identityUrl(request)}/v3"`);
        return reply.status(error.status).send(errorDocument(error.status, error.message));
      }
    };

  /** The caller's own valid token (X-Auth-Token), else 401. */
  const caller = (request: FastifyRequest): IssuedToken => {
    const token = identity.validate(header(request, 'x-auth-token'));
    if (!token) throw new IdentityError(401, 'The request you have made requires authentication.');
    return token;
  };

  /** The X-Subject-Token, which the caller may look at if it is an admin or a service, or the token itself. */
  const subject = (request: FastifyRequest): IssuedToken => {
    const by = caller(request);
    const id = header(request, 'x-subject-token');
    const privileged = by.roles.includes('admin') || by.roles.includes('service');
    if (!privileged && id !== by.id)
      throw new IdentityError(403, 'You are not authorized to perform the requested action.');
    const token = identity.validate(id);
    if (!token) throw new IdentityError(404, 'Could not find token.');
    return token;
  };

  for (const url of ['/identity', '/identity/']) {
    fastify.get(url, async (request, reply) => {
      const version = versionDocument(identityUrl(request));
      return reply
        .status(300)
        .header('location', version.links[0]?.href)
        .send({ versions: { values: [version] } });
    });
  }
  for (const url of ['/identity/v3', '/identity/v3/']) {
    fastify.get(url, async (request) => ({ version: versionDocument(identityUrl(request)) }));
  }

  fastify.post(
    '/identity/v3/auth/tokens',
    handle(async (request, reply) => {
      const token = identity.issue((request.body as { auth?: never } | undefined)?.auth);
      const withCatalog = !('nocatalog' in (request.query as object));
      return reply
        .status(201)
        .header('x-subject-token', token.id)
        .send(tokenDocument(token, baseUrl(request), region, withCatalog));
    }),
  );
  fastify.get(
    '/identity/v3/auth/tokens',
    handle(async (request) => {
      const withCatalog = !('nocatalog' in (request.query as object));
      const token = subject(request);
      return tokenDocument(token, baseUrl(request), region, withCatalog);
    }),
  );
  fastify.delete(
    '/identity/v3/auth/tokens',
    handle(async (request, reply) => {
      identity.revoke(subject(request).id);
      return reply.status(204).send();
    }),
  );
  fastify.get(
    '/identity/v3/auth/catalog',
    handle(async (request) => {
      caller(request);
      return {
        catalog: catalog(baseUrl(request), region),
        links: { self: `${identityUrl(request)}/v3/auth/catalog` },
      };
    }),
  );
  fastify.get(
    '/identity/v3/auth/projects',
    handle(async (request) => ({
      projects: identity
        .projectsOf(caller(request).user)
        .map((project) => projectDocument(project, identityUrl(request))),
      links: { self: `${identityUrl(request)}/v3/auth/projects`, previous: null, next: null },
    })),
  );
}
