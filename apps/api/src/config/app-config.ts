// Everything configurable, from environment variables (documented in the README).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { RESOURCES, type ResourceKey } from '@vpnaas/schema';

export type AuthMode = 'noauth' | 'token';

/** Which data plane driver brings VPN services and connections up (src/dataplane). */
export type DriverName = 'simulated' | 'strongswan';

/** A static token: the project it acts for and its roles (`admin` sees every project). */
export interface TokenGrant {
  readonly project_id: string;
  readonly roles: readonly string[];
}

/**
 * Classic VPN's quotas: 2 VPN services and 12 connections per project (they
 * cannot be raised there); the rest are not limited there (-1).
 */
export const DEFAULT_QUOTAS: Readonly<Record<ResourceKey, number>> = {
  ipsec_site_connection: 12,
  vpnservice: 2,
  ikepolicy: -1,
  ipsecpolicy: -1,
  endpoint_group: -1,
  router: -1,
  subnet: -1,
  network: -1,
};

export interface AppConfig {
  /** VPNAAS_HOST: the address to listen on. */
  readonly host: string;
  /** VPNAAS_PORT: the port (Neutron's usual 9696). */
  readonly port: number;
  /** VPNAAS_DATA_DIR: where the SQLite database lives. */
  readonly dataDir: string;
  /** VPNAAS_ACTIVATION_DELAY_MS: how long services and connections stay PENDING_* before ACTIVE. */
  readonly activationDelayMs: number;
  /** VPNAAS_DRIVER_INTERVAL_MS: how often the built-in driver looks for pending work. */
  readonly driverIntervalMs: number;
  /** VPNAAS_BODY_LIMIT_BYTES: larger request bodies are refused with 413. */
  readonly bodyLimitBytes: number;
  /** VPNAAS_LOG_LEVEL: pino level (fatal, error, warn, info, debug, trace, silent). */
  readonly logLevel: string;
  /** VPNAAS_DEFAULT_PROJECT_ID: the project of requests without X-Project-Id (noauth). */
  readonly defaultProjectId: string;
  /** VPNAAS_AUTH_MODE: noauth (X-Project-Id, X-Roles) or token (X-Auth-Token from a static list). */
  readonly authMode: AuthMode;
  /** VPNAAS_TOKENS (JSON) or VPNAAS_TOKENS_FILE (a JSON file): token → grant, for token mode. */
  readonly tokens: ReadonlyMap<string, TokenGrant>;
  /** VPNAAS_DRIVER: simulated (a timer makes pending work ACTIVE) or strongswan (real IPsec in namespaces). */
  readonly driver: DriverName;
  /** VPNAAS_EXTERNAL_CIDR: the external network's pool; the strongSwan driver takes its prefix length. */
  readonly externalCidr: string;
  /** VPNAAS_NETNS_PREFIX: the start of every network namespace name the strongSwan driver creates. */
  readonly netnsPrefix: string;
  /** VPNAAS_ESTABLISH_TIMEOUT_MS: how long a connection may take to come up before it is DOWN. */
  readonly establishTimeoutMs: number;
  /** VPNAAS_QUOTAS (JSON, e.g. {"ipsec_site_connection": 20}): overrides DEFAULT_QUOTAS; -1 is unlimited. */
  readonly quotas: Readonly<Record<ResourceKey, number>>;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  return {
    host: env.VPNAAS_HOST ?? '127.0.0.1',
    port: integer(env, 'VPNAAS_PORT', 9696, 0, 65535),
    dataDir: resolve(env.VPNAAS_DATA_DIR ?? '.vpnaas-data'),
    activationDelayMs: integer(env, 'VPNAAS_ACTIVATION_DELAY_MS', 2000, 0, 86_400_000),
    driverIntervalMs: integer(env, 'VPNAAS_DRIVER_INTERVAL_MS', 250, 10, 60_000),
    bodyLimitBytes: integer(env, 'VPNAAS_BODY_LIMIT_BYTES', 1_048_576, 1024, 104_857_600),
    logLevel: env.VPNAAS_LOG_LEVEL ?? 'info',
    defaultProjectId: env.VPNAAS_DEFAULT_PROJECT_ID ?? '10039663455a446d8ba2cbb058b0f578',
    ...auth(env),
    ...dataplane(env),
    quotas: quotas(env.VPNAAS_QUOTAS),
  };
}

function auth(env: NodeJS.ProcessEnv): Pick<AppConfig, 'authMode' | 'tokens'> {
  const authMode = env.VPNAAS_AUTH_MODE ?? 'noauth';
  if (authMode !== 'noauth' && authMode !== 'token') {
    throw new Error(`VPNAAS_AUTH_MODE must be noauth or token, not '${authMode}'`);
  }
  const text = env.VPNAAS_TOKENS_FILE
    ? readFileSync(env.VPNAAS_TOKENS_FILE, 'utf8')
    : (env.VPNAAS_TOKENS ?? '{}');
  const tokens = new Map<string, TokenGrant>();
  for (const [token, grant] of Object.entries(
    json(text, 'VPNAAS_TOKENS') as Record<string, Partial<TokenGrant>>,
  )) {
    if (typeof grant?.project_id !== 'string' || grant.project_id === '') {
      throw new Error('VPNAAS_TOKENS: every token needs a project_id');
    }
    tokens.set(token, {
      project_id: grant.project_id,
      roles: Array.isArray(grant.roles) ? grant.roles.map(String) : [],
    });
  }
  if (authMode === 'token' && tokens.size === 0)
    throw new Error('VPNAAS_AUTH_MODE=token needs VPNAAS_TOKENS or VPNAAS_TOKENS_FILE');
  return { authMode, tokens };
}

function dataplane(
  env: NodeJS.ProcessEnv,
): Pick<AppConfig, 'driver' | 'externalCidr' | 'netnsPrefix' | 'establishTimeoutMs'> {
  const driver = env.VPNAAS_DRIVER || 'simulated';
  if (driver !== 'simulated' && driver !== 'strongswan') {
    throw new Error(`VPNAAS_DRIVER must be simulated or strongswan, not '${driver}'`);
  }
  const externalCidr = env.VPNAAS_EXTERNAL_CIDR || '172.24.4.0/24';
  const cidr = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(externalCidr);
  if (!cidr || cidr.slice(1, 5).some((part) => Number(part) > 255) || Number(cidr[5]) > 30) {
    throw new Error(`VPNAAS_EXTERNAL_CIDR must be an IPv4 CIDR up to /30, not '${externalCidr}'`);
  }
  // Interface and namespace names are built from it; keep them short and plain.
  const netnsPrefix = env.VPNAAS_NETNS_PREFIX || 'vpnaas-';
  if (!/^[a-z0-9][a-z0-9-]{0,19}$/.test(netnsPrefix)) {
    throw new Error(`VPNAAS_NETNS_PREFIX must be 1 to 20 of a-z, 0-9 and '-', not '${netnsPrefix}'`);
  }
  return {
    driver,
    externalCidr,
    netnsPrefix,
    establishTimeoutMs: integer(env, 'VPNAAS_ESTABLISH_TIMEOUT_MS', 15_000, 1000, 600_000),
  };
}

function quotas(text: string | undefined): Record<ResourceKey, number> {
  const overrides = (text ? json(text, 'VPNAAS_QUOTAS') : {}) as Record<string, unknown>;
  for (const [resource, limit] of Object.entries(overrides)) {
    if (!(resource in RESOURCES)) throw new Error(`VPNAAS_QUOTAS: unknown resource '${resource}'`);
    if (!Number.isInteger(limit) || (limit as number) < -1) {
      throw new Error(`VPNAAS_QUOTAS: ${resource} must be an integer, -1 for unlimited`);
    }
  }
  return { ...DEFAULT_QUOTAS, ...(overrides as Partial<Record<ResourceKey, number>>) };
}

function json(text: string, name: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${name} is not valid JSON`);
  }
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer from ${min} to ${max}, not '${text}'`);
  }
  return value;
}

/** The Nest injection token of the AppConfig. */
export const APP_CONFIG = Symbol('APP_CONFIG');
