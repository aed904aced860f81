// The OpenAPI decorators the controllers use, recorded when the controllers are
// defined and applied with @nestjs/swagger's own decorators only when the
// document is first built (docs/openapi.ts). Loading @nestjs/swagger costs
// about 10 MB of resident memory (its scanner, plugin and UI helpers), which a
// service whose docs nobody reads should not pay. The metadata is the same: the
// same decorators run on the same targets, in the order TypeScript ran these.
import type * as Swagger from '@nestjs/swagger';

type DecoratorName =
  | 'ApiBody'
  | 'ApiExcludeController'
  | 'ApiOperation'
  | 'ApiParam'
  | 'ApiResponse'
  | 'ApiTags';

interface RecordedDecorator {
  name: DecoratorName;
  options: unknown[];
  target: object;
  key?: string | symbol;
  descriptor?: PropertyDescriptor;
}

const recorded: RecordedDecorator[] = [];

function deferred<Name extends DecoratorName>(name: Name): (typeof Swagger)[Name] {
  const factory =
    (...options: unknown[]) =>
    (target: object, key?: string | symbol, descriptor?: PropertyDescriptor) => {
      recorded.push({ name, options, target, key, descriptor });
    };
  return factory as unknown as (typeof Swagger)[Name];
}

export const ApiBody = deferred('ApiBody');
export const ApiExcludeController = deferred('ApiExcludeController');
export const ApiOperation = deferred('ApiOperation');
export const ApiParam = deferred('ApiParam');
export const ApiResponse = deferred('ApiResponse');
export const ApiTags = deferred('ApiTags');

/** Applies every recorded decorator with @nestjs/swagger's own (once; later calls find none left). */
export function applySwaggerDecorators(swagger: typeof Swagger): void {
  for (const { name, options, target, key, descriptor } of recorded.splice(0)) {
    const decorator = (swagger[name] as (...options: unknown[]) => (...target: unknown[]) => void)(
      ...options,
    );
    if (key === undefined) decorator(target);
    else decorator(target, key, descriptor);
  }
}
