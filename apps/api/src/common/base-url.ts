import type { FastifyRequest } from 'fastify';

/** The URL the client reached us at (honouring a proxy's X-Forwarded-*), for absolute hrefs. */
export function baseUrl(request: FastifyRequest): string {
  const proto = String(request.headers['x-forwarded-proto'] ?? request.protocol).split(',')[0];
  return `${proto}://${request.headers['x-forwarded-host'] ?? request.headers.host ?? request.hostname}`;
}
