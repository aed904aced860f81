import type { FastifyRequest } from 'fastify';

/** A host as a URL authority may carry it: a name or address, an optional port; nothing that ends the authority. */
const HOST = /^[A-Za-z0-9.\-_~[\]:%]+$/;

/**
 * The URL the client reached us at, for absolute hrefs. Fastify reads
 * X-Forwarded-Host/-Proto only from the configured trusted proxies
 * (VPNAAS_TRUSTED_PROXIES); anyone else's are ignored.
 */
export function baseUrl(request: FastifyRequest): string {
  const proto = request.protocol === 'https' ? 'https' : 'http';
  const host = HOST.test(request.host) ? request.host : (request.socket.localAddress ?? '127.0.0.1');
  return `${proto}://${host}`;
}
