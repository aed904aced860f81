// The routes the API has, by path pattern: an unknown path is a 404, a known
// path with another method a 405, both as NeutronError bodies.
import { RESOURCES } from '@vpnaas/schema';

const ID = '[^/]+';

const ROUTES: ReadonlyArray<{ pattern: RegExp; methods: readonly string[] }> = [
  { pattern: /^\/$/, methods: ['GET'] },
  { pattern: /^\/(?:healthz|readyz)$/, methods: ['GET'] },
  { pattern: /^\/v2\.0\/?$/, methods: ['GET'] },
  ...Object.values(RESOURCES).flatMap((resource) => [
    { pattern: new RegExp(`^${resource.path}/?$`), methods: ['GET', 'POST'] },
    { pattern: new RegExp(`^${resource.path}/${ID}/?$`), methods: ['GET', 'PUT', 'DELETE'] },
  ]),
  {
    pattern: new RegExp(`^${RESOURCES.router.path}/${ID}/(add|remove)_router_interface/?$`),
    methods: ['PUT'],
  },
  { pattern: /^\/v2\.0\/ports(?:\/[^/]+)?\/?$/, methods: ['GET'] },
];

/** The methods a path answers to; empty when the path is unknown. */
export function allowedMethods(url: string): readonly string[] {
  const path = url.split('?')[0] ?? url;
  return ROUTES.find((route) => route.pattern.test(path))?.methods ?? [];
}
