// The OpenAPI 3.1 document: paths from the controllers (Nest's scanner), and
// every schema from the generated JSON Schema, so nothing is written twice.
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { loadRuleSetSchema } from '@vpnaas/schema';

/** The rule set's definitions as OpenAPI components (refs and our annotation renamed). */
export function schemaComponents(): Record<string, object> {
  const { definitions } = loadRuleSetSchema('otc');
  const json = JSON.stringify(definitions).replaceAll('"#/definitions/', '"#/components/schemas/');
  return JSON.parse(json, function (this: Record<string, unknown>, key, value) {
    if (key === 'patternReason') {
      this['x-pattern-reason'] = value; // a vendor extension, as OpenAPI wants unknown keywords named
      return undefined;
    }
    return value;
  });
}

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('vpnaas — Classic VPN v2.0 API')
    .setDescription(
      'The Open Telekom Cloud "Classic VPN" v2.0 API (OpenStack Neutron VPNaaS with that cloud\'s rules), ' +
        'with the minimal routers and subnets it needs. Errors are `{"NeutronError": {type, message, detail}}`.',
    )
    .setVersion('2.0')
    .setOpenAPIVersion('3.1.0')
    .build();
  config.components = { ...config.components, schemas: schemaComponents() };
  return SwaggerModule.createDocument(app, config);
}
