// The resource controllers' routes, called straight from Fastify. Nest's router
// costs about 14 µs of a show's 100 (its parameter decorators, an execution
// context and a response controller for every request), and these routes are
// the hot path. The controller still declares every route with its decorators
// (Nest registers it, the OpenAPI document and the Allow header list it); when
// Fastify registers one that is declared here, its handler becomes a direct
// call of the same controller method, with what the decorators would pass. Its
// errors go to the same NeutronErrorFilter.
import type { Type } from '@nestjs/common';
import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { JsonText } from './json-text.js';
import type { NeutronErrorFilter } from './neutron-error.filter.js';

export interface DirectRoute<TController = never> {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** As Nest registers it: `/v2.0/vpn/ikepolicies/:id`. */
  readonly url: string;
  readonly status: number;
  readonly controller: Type<TController>;
  /** The controller method's call, with the arguments its parameter decorators would give. */
  call(controller: TController, request: FastifyRequest): Promise<unknown>;
}

/** What Fastify sends an object as. */
const JSON_TYPE = 'application/json; charset=utf-8';

const declared = new Map<string, DirectRoute<unknown>>();

/** Declares routes of a controller class as served directly (one class per resource, once per process). */
export function declareDirectRoutes<TController>(routes: readonly DirectRoute<TController>[]): void {
  for (const route of routes) declared.set(`${route.method} ${route.url}`, route as DirectRoute<unknown>);
}

/**
 * Fastify's onRoute hook: a declared route gets its direct handler.
 * `instanceOf` finds the app's controller instance (Nest made it before registering routes).
 */
export function serveDirectly(
  route: RouteOptions,
  instanceOf: <T>(controller: Type<T>) => T,
  errors: NeutronErrorFilter,
): void {
  const methods = ([] as string[]).concat(route.method);
  const direct = methods.length === 1 ? declared.get(`${methods[0]} ${route.url}`) : undefined;
  if (!direct) return;
  const controller = instanceOf(direct.controller);
  const { status } = direct;
  // Not an async function: Fastify would wait on its promise too, one more turn per request.
  route.handler = (request: FastifyRequest, reply: FastifyReply) => {
    // As Nest's Fastify adapter does: an empty path parameter (`/ikepolicies//`) matches no route.
    if ((request.params as { id?: string } | undefined)?.id === '') {
      reply.callNotFound();
      return;
    }
    const answerError = (exception: unknown) => errors.answer(exception, request, reply);
    const answer = (body: unknown) => {
      try {
        if (body instanceof JsonText) reply.code(status).type(JSON_TYPE).send(body.text);
        else reply.code(status).send(body);
      } catch (exception) {
        answerError(exception);
      }
    };
    try {
      direct.call(controller, request).then(answer, answerError);
    } catch (exception) {
      answerError(exception);
    }
  };
}
