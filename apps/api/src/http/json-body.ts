// Request bodies: read as JSON whatever the Content-Type says (upstream does),
// an empty body is no body (a DELETE sent with Content-Type: application/json),
// a DELETE with a body is refused, and keys that could reach an object's prototype are refused.
import type { FastifyRequest } from 'fastify';
import { NeutronException } from '../common/neutron.exception.js';

const invalid = (reason?: string) =>
  new NeutronException(400, 'HTTPBadRequest', `Body contains invalid data${reason ? `: ${reason}` : ''}`);

/** Cheap pre-check: only bodies that could spell a dangerous key (also \u-escaped) are revived key by key. */
const MAY_HOLD_PROTO_KEY = /proto|constructor|\\u/;

export function parseJsonBody(
  request: FastifyRequest,
  body: string | Buffer,
  done: (error: Error | null, value?: unknown) => void,
): void {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  if (request.method === 'DELETE' && text.length > 0) {
    done(new NeutronException(400, 'HTTPBadRequest', 'Request body is not supported in DELETE.'));
    return;
  }
  if (text.trim() === '') {
    done(null, undefined);
    return;
  }
  let refusedKey: string | undefined;
  let value: unknown;
  try {
    value = MAY_HOLD_PROTO_KEY.test(text)
      ? JSON.parse(text, function (this: unknown, key: string, item: unknown) {
          if (key === '__proto__' || (key === 'prototype' && item !== null && typeof item === 'object')) {
            refusedKey ??= key;
          }
          return item;
        })
      : JSON.parse(text);
  } catch {
    done(invalid());
    return;
  }
  done(refusedKey === undefined ? null : invalid(`the key '${refusedKey}' is not allowed`), value);
}
