/**
 * An answer already serialised as JSON: a route sends its text as it is
 * (direct-routes.ts), with JSON's content type.
 */
export class JsonText {
  constructor(readonly text: string) {}
}
