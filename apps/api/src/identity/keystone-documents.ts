// The bodies the embedded identity answers with, shaped as Keystone v3 (Zed)
// answers them: version discovery, tokens with their catalog, errors.
import type { IdentityProject } from '../config/app-config.js';
import { stableId } from '../config/identity-config.js';
import type { IssuedToken } from './identity.service.js';

const DEFAULT_DOMAIN = { id: 'default', name: 'Default' };
const INTERFACES = ['public', 'internal', 'admin'] as const;

/** GET /identity/v3, and the one entry of GET /identity's list. */
export function versionDocument(identityUrl: string) {
  return {
    id: 'v3.14',
    status: 'stable',
    updated: '2020-04-07T00:00:00Z',
    links: [{ rel: 'self', href: `${identityUrl}/v3/` }],
    'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.identity-v3+json' }],
  };
}

/** Keystone's time format: microseconds and a Z. */
const keystoneTime = (ms: number) => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');

/** The catalog: this identity, and this service as the region's `network` endpoint. */
export function catalog(serviceUrl: string, region: string) {
  const service = (type: string, name: string, url: string) => ({
    endpoints: INTERFACES.map((iface) => ({
      id: stableId('endpoint', `${type}:${iface}`),
      interface: iface,
      region_id: region,
      url,
      region,
    })),
    id: stableId('service', type),
    type,
    name,
  });
  return [
    service('identity', 'keystone', `${serviceUrl}/identity`),
    service('network', 'neutron', serviceUrl),
  ];
}

export function tokenDocument(token: IssuedToken, serviceUrl: string, region: string, withCatalog: boolean) {
  return {
    token: {
      methods: token.methods,
      user: { domain: DEFAULT_DOMAIN, id: token.user.id, name: token.user.name, password_expires_at: null },
      audit_ids: [token.auditId],
      expires_at: keystoneTime(token.expiresAt),
      issued_at: keystoneTime(token.issuedAt),
      ...(token.project
        ? {
            project: { domain: DEFAULT_DOMAIN, id: token.project.id, name: token.project.name },
            is_domain: false,
            roles: token.roles.map((name) => ({ id: stableId('role', name), name })),
            ...(withCatalog ? { catalog: catalog(serviceUrl, region) } : {}),
          }
        : {}),
    },
  };
}

export function projectDocument(project: IdentityProject, identityUrl: string) {
  return {
    id: project.id,
    name: project.name,
    domain_id: DEFAULT_DOMAIN.id,
    description: '',
    enabled: true,
    is_domain: false,
    parent_id: DEFAULT_DOMAIN.id,
    tags: [],
    options: {},
    links: { self: `${identityUrl}/v3/projects/${project.id}` },
  };
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
};

export function errorDocument(status: number, message: string) {
  return { error: { code: status, message, title: TITLES[status] ?? 'Error' } };
}
