// Every error the service answers is a NeutronException: an HTTP status, the
// upstream error type and a message that says which field or object and why.
import { RESOURCES, type ResourceKey } from '@vpnaas/schema';
import { invalidInput, type RequestError } from '@vpnaas/validator';

export class NeutronException extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }

  /** A request body the validator refused: the same type and message the published validator gives. */
  static fromValidation(error: RequestError): NeutronException {
    return new NeutronException(error.status, error.type, error.message);
  }

  /** `Invalid input for <field>. Reason: <reason>.`, the validator's (and upstream's) template. */
  static invalidInput(field: string, reason: string, type = 'HTTPBadRequest'): NeutronException {
    return NeutronException.fromValidation(invalidInput(field, reason, type));
  }

  static badRequest(type: string, message: string): NeutronException {
    return new NeutronException(400, type, message);
  }

  static conflict(type: string, message: string): NeutronException {
    return new NeutronException(409, type, message);
  }

  /** A missing object, or one of another project: the resource's own NotFound type. */
  static notFound(resource: ResourceKey, id: string): NeutronException {
    const { notFoundType, notFoundMessage } = RESOURCES[resource];
    return new NeutronException(404, notFoundType, notFoundMessage.replace('{id}', id));
  }
}
