import type { NeutronErrorResponse } from '@vpnaas/schema';

/** Why a request body was refused: what the service answers, with the field concerned. */
export interface RequestError {
  /** The HTTP status the service answers with. */
  readonly status: 400;
  /** The NeutronError type, e.g. `HTTPBadRequest`, `InvalidInput`, `PeerCidrsInvalid`. */
  readonly type: string;
  /** The NeutronError message. Never contains the pre-shared key. */
  readonly message: string;
  /** The attribute concerned (dotted for nested ones, e.g. `dpd.timeout`), when there is one. */
  readonly field?: string;
}

export type ValidationResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: RequestError };

/** A request-level error in the framework's wording (type HTTPBadRequest). */
export function badRequest(message: string, field?: string): RequestError {
  return field === undefined
    ? { status: 400, type: 'HTTPBadRequest', message }
    : { status: 400, type: 'HTTPBadRequest', message, field };
}

/**
 * `Invalid input for <attribute>. Reason: <reason>.` — the message of every attribute-level
 * error, in upstream's words. `named` is the attribute the message names when it is not
 * `field` itself: upstream validates an object attribute (dpd, lifetime) as a whole.
 */
export function invalidInput(
  field: string,
  reason: string,
  type = 'HTTPBadRequest',
  named = field,
): RequestError {
  return { status: 400, type, message: `Invalid input for ${named}. Reason: ${reason}.`, field };
}

/** The exact body the service answers an error with. */
export function toNeutronError(error: Pick<RequestError, 'type' | 'message'>): NeutronErrorResponse {
  return { NeutronError: { type: error.type, message: error.message, detail: '' } };
}
