// Upstream Neutron's URL forms that Fastify's router does not know: a trailing
// slash (`/v2.0/vpn/ikepolicies/`) and the `.json` format suffix
// (`…/ikepolicies.json`, `…/{id}.json`) name the same resource as the bare path.
import type { IncomingMessage } from 'node:http';

/** The path Fastify routes for this request URL (the query string is kept). Only the API's own paths change. */
export function canonicalUrl(url: string): string {
  if (!url.startsWith('/v2.0')) return url;
  const queryStart = url.indexOf('?');
  let path = queryStart === -1 ? url : url.slice(0, queryStart);
  const query = queryStart === -1 ? '' : url.slice(queryStart);
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  if (path.endsWith('.json') && path.lastIndexOf('/') < path.length - '.json'.length - 1) {
    path = path.slice(0, -'.json'.length);
  }
  return path + query;
}

export function rewriteUrl(request: IncomingMessage): string {
  return canonicalUrl(request.url ?? '/');
}

/** The path the client sent, before canonicalUrl (Fastify keeps it as originalUrl). */
export function sentPath(request: { originalUrl?: string; url: string }): string {
  const url = request.originalUrl ?? request.url;
  return url.split('?')[0] ?? url;
}
