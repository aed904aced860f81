// Everything configurable, from environment variables (documented in the README).
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { RESOURCES, type ResourceKey } from '@vpnaas/schema';
import { parseCidr } from '@vpnaas/validator';
import { integer, jsonObject, readText } from './env.js';
import { type IdentityConfig, identityConfig } from './identity-config.js';
import { type KeystoneConfig, keystoneConfig } from './keystone-config.js';
import { parseSecretKey } from './secret-key.js';

export type { IdentityConfig, IdentityProject, IdentityUser } from './identity-config.js';
export type { KeystoneConfig };

/** Which data plane driver brings VPN services and connections up (src/dataplane). */
export type DriverName = 'simulated' | 'strongswan';

export type AuthMode = 'noauth' | 'token' | 'keystone' | 'embedded';

/** A static token: the project it acts for and its roles (`admin` sees every project; default `member`). */
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
  /** VPNAAS_DATABASE_URL (postgres://…): PostgreSQL instead of the embedded SQLite, with its pool settings. */
  readonly database: DatabaseConfig;
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
  /**
   * VPNAAS_AUTH_MODE: noauth (X-Project-Id, X-Roles), token (X-Auth-Token from a static list),
   * keystone (tokens validated by an external Keystone v3) or embedded (our own minimal Keystone v3).
   */
  readonly authMode: AuthMode;
  /** keystone mode: where Keystone is and the service's own credentials (VPNAAS_KEYSTONE_*). */
  readonly keystone?: KeystoneConfig;
  /** embedded mode: the identity's users, projects and token lifetime (VPNAAS_IDENTITY_*). */
  readonly identity?: IdentityConfig;
  /** VPNAAS_TOKENS (JSON) or VPNAAS_TOKENS_FILE (a JSON file): token → grant, for token mode. */
  readonly tokens: ReadonlyMap<string, TokenGrant>;
  /** VPNAAS_REQUEST_TIMEOUT_MS: a request not received in full by then is answered 408 and closed. */
  readonly requestTimeoutMs: number;
  /** VPNAAS_HEADERS_TIMEOUT_MS: the same for the request line and headers alone. */
  readonly headersTimeoutMs: number;
  /** VPNAAS_KEEP_ALIVE_TIMEOUT_MS: an idle kept-alive connection is closed after this long. */
  readonly keepAliveTimeoutMs: number;
  /** VPNAAS_MAX_CONNECTIONS: connections beyond this many open ones are refused (closed at once). */
  readonly maxConnections: number;
  /**
   * VPNAAS_TRUSTED_PROXIES: comma-separated addresses or CIDRs of reverse proxies whose
   * X-Forwarded-Host/-Proto/-For are believed (for the hrefs of links); nobody else's are.
   */
  readonly trustedProxies: readonly string[];
  /** VPNAAS_DRIVER: simulated (a timer makes pending work ACTIVE) or strongswan (real IPsec in namespaces). */
  readonly driver: DriverName;
  /** VPNAAS_NETNS_PREFIX: the start of every network namespace name the strongSwan driver creates. */
  readonly netnsPrefix: string;
  /** VPNAAS_ESTABLISH_TIMEOUT_MS: how long a connection may take to come up before it is DOWN. */
  readonly establishTimeoutMs: number;
  /** VPNAAS_QUOTAS (JSON, e.g. {"ipsec_site_connection": 20}): overrides DEFAULT_QUOTAS; -1 is unlimited. */
  readonly quotas: Readonly<Record<ResourceKey, number>>;
  /** VPNAAS_EXTERNAL_CIDR: the external network, where every router's gateway address comes from. */
  readonly externalCidr: string;
  /**
   * VPNAAS_SECRET_KEY or VPNAAS_SECRET_KEY_FILE: seals pre-shared keys at rest. Unset: a key generated
   * into the data dir on first start.
   */
  readonly secretKey?: Buffer;
  /** VPNAAS_SECRET_KEY_PREVIOUS: comma-separated keys that only open (key rotation). */
  readonly previousSecretKeys: readonly Buffer[];
}

/** Where the data lives: embedded SQLite (no url) or a PostgreSQL shared by every replica. */
export interface DatabaseConfig {
  /** VPNAAS_DATABASE_URL: a postgres:// or postgresql:// URL; unset means SQLite in dataDir. */
  readonly url: string | undefined;
  /** VPNAAS_DATABASE_POOL_SIZE: connections each replica keeps to PostgreSQL at most. */
  readonly poolSize: number;
  /**
   * VPNAAS_DATABASE_STATEMENT_TIMEOUT_MS: the longest a statement, or the wait
   * for a connection, may take before the request gets a 503.
   */
  readonly statementTimeoutMs: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  return {
    host: env.VPNAAS_HOST ?? '127.0.0.1',
    port: integer(env, 'VPNAAS_PORT', 9696, 0, 65535),
    dataDir: resolve(env.VPNAAS_DATA_DIR ?? '.vpnaas-data'),
    database: database(env),
    activationDelayMs: integer(env, 'VPNAAS_ACTIVATION_DELAY_MS', 2000, 0, 86_400_000),
    driverIntervalMs: integer(env, 'VPNAAS_DRIVER_INTERVAL_MS', 250, 10, 60_000),
    bodyLimitBytes: integer(env, 'VPNAAS_BODY_LIMIT_BYTES', 1_048_576, 1024, 104_857_600),
    requestTimeoutMs: integer(env, 'VPNAAS_REQUEST_TIMEOUT_MS', 30_000, 100, 3_600_000),
    headersTimeoutMs: integer(env, 'VPNAAS_HEADERS_TIMEOUT_MS', 10_000, 100, 3_600_000),
    keepAliveTimeoutMs: integer(env, 'VPNAAS_KEEP_ALIVE_TIMEOUT_MS', 5_000, 100, 3_600_000),
    maxConnections: integer(env, 'VPNAAS_MAX_CONNECTIONS', 1024, 1, 1_000_000),
    trustedProxies: trustedProxies(env.VPNAAS_TRUSTED_PROXIES),
    logLevel: oneOf(env, 'VPNAAS_LOG_LEVEL', LOG_LEVELS, 'info'),
    defaultProjectId: env.VPNAAS_DEFAULT_PROJECT_ID ?? '10039663455a446d8ba2cbb058b0f578',
    ...auth(env, env.VPNAAS_DEFAULT_PROJECT_ID ?? '10039663455a446d8ba2cbb058b0f578'),
    ...dataplane(env),
    quotas: quotas(env.VPNAAS_QUOTAS),
    externalCidr: ipv4Network(env, 'VPNAAS_EXTERNAL_CIDR', '172.24.4.0/24'),
    ...secretKeys(env),
  };
}

const AUTH_MODES: readonly AuthMode[] = ['noauth', 'token', 'keystone', 'embedded'];

function auth(
  env: NodeJS.ProcessEnv,
  defaultProjectId: string,
): Pick<AppConfig, 'authMode' | 'tokens' | 'keystone' | 'identity'> {
  const authMode = (env.VPNAAS_AUTH_MODE ?? 'noauth') as AuthMode;
  if (!AUTH_MODES.includes(authMode)) {
    throw new Error(`VPNAAS_AUTH_MODE must be one of ${AUTH_MODES.join(', ')}, not '${authMode}'`);
  }
  const text = env.VPNAAS_TOKENS_FILE
    ? readText(env.VPNAAS_TOKENS_FILE, 'VPNAAS_TOKENS_FILE')
    : (env.VPNAAS_TOKENS ?? '{}');
  const tokens = new Map<string, TokenGrant>();
  for (const [token, grant] of Object.entries(
    jsonObject(text, env.VPNAAS_TOKENS_FILE ? 'VPNAAS_TOKENS_FILE' : 'VPNAAS_TOKENS') as Record<
      string,
      Partial<TokenGrant>
    >,
  )) {
    if (typeof grant?.project_id !== 'string' || grant.project_id === '') {
      throw new Error(
        'VPNAAS_TOKENS: every token needs a project_id, e.g. {"<token>": {"project_id": "…", "roles": ["member"]}}',
      );
    }
    tokens.set(token, {
      project_id: grant.project_id,
      roles: Array.isArray(grant.roles) ? grant.roles.map(String) : ['member'],
    });
  }
  if (authMode === 'token' && tokens.size === 0)
    throw new Error('VPNAAS_AUTH_MODE=token needs VPNAAS_TOKENS or VPNAAS_TOKENS_FILE');
  return {
    authMode,
    tokens,
    keystone: authMode === 'keystone' ? keystoneConfig(env) : undefined,
    identity: authMode === 'embedded' ? identityConfig(env, defaultProjectId) : undefined,
  };
}

function dataplane(env: NodeJS.ProcessEnv): Pick<AppConfig, 'driver' | 'netnsPrefix' | 'establishTimeoutMs'> {
  const driver = env.VPNAAS_DRIVER || 'simulated';
  if (driver !== 'simulated' && driver !== 'strongswan') {
    throw new Error(`VPNAAS_DRIVER must be simulated or strongswan, not '${driver}'`);
  }
  // Interface and namespace names are built from it; keep them short and plain.
  const netnsPrefix = env.VPNAAS_NETNS_PREFIX || 'vpnaas-';
  if (!/^[a-z0-9][a-z0-9-]{0,19}$/.test(netnsPrefix)) {
    throw new Error(`VPNAAS_NETNS_PREFIX must be 1 to 20 of a-z, 0-9 and '-', not '${netnsPrefix}'`);
  }
  return {
    driver,
    netnsPrefix,
    establishTimeoutMs: integer(env, 'VPNAAS_ESTABLISH_TIMEOUT_MS', 15_000, 1000, 600_000),
  };
}

function database(env: NodeJS.ProcessEnv): DatabaseConfig {
  const url = env.VPNAAS_DATABASE_URL || undefined;
  if (url !== undefined && !/^postgres(?:ql)?:\/\//.test(url)) {
    throw new Error('VPNAAS_DATABASE_URL must be a postgres:// or postgresql:// URL (unset: SQLite)');
  }
  return {
    url,
    poolSize: integer(env, 'VPNAAS_DATABASE_POOL_SIZE', 10, 1, 1000),
    statementTimeoutMs: integer(env, 'VPNAAS_DATABASE_STATEMENT_TIMEOUT_MS', 5000, 100, 3_600_000),
  };
}

function trustedProxies(text: string | undefined): string[] {
  const entries = (text ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  for (const entry of entries) {
    if (isIP(entry) === 0 && parseCidr(entry).ok === false) {
      throw new Error(`VPNAAS_TRUSTED_PROXIES: '${entry}' is not an IP address or CIDR`);
    }
  }
  return entries;
}

function quotas(text: string | undefined): Record<ResourceKey, number> {
  const overrides = (text ? jsonObject(text, 'VPNAAS_QUOTAS') : {}) as Record<string, unknown>;
  for (const [resource, limit] of Object.entries(overrides)) {
    if (!(resource in RESOURCES)) throw new Error(`VPNAAS_QUOTAS: unknown resource '${resource}'`);
    if (!Number.isInteger(limit) || (limit as number) < -1) {
      throw new Error(`VPNAAS_QUOTAS: ${resource} must be an integer, -1 for unlimited`);
    }
  }
  return { ...DEFAULT_QUOTAS, ...(overrides as Partial<Record<ResourceKey, number>>) };
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function oneOf<T extends string>(
  env: NodeJS.ProcessEnv,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  if (!(allowed as readonly string[]).includes(text)) {
    throw new Error(`${name} must be one of ${allowed.join(', ')}, not '${text}'`);
  }
  return text as T;
}

function secretKeys(env: NodeJS.ProcessEnv): Pick<AppConfig, 'secretKey' | 'previousSecretKeys'> {
  const file = env.VPNAAS_SECRET_KEY_FILE;
  const secretKey = env.VPNAAS_SECRET_KEY
    ? parseSecretKey(env.VPNAAS_SECRET_KEY, 'VPNAAS_SECRET_KEY')
    : file
      ? parseSecretKey(readText(file, 'VPNAAS_SECRET_KEY_FILE'), 'VPNAAS_SECRET_KEY_FILE')
      : undefined;
  const previousSecretKeys = (env.VPNAAS_SECRET_KEY_PREVIOUS ?? '')
    .split(',')
    .filter((text) => text.trim() !== '')
    .map((text) => parseSecretKey(text, 'VPNAAS_SECRET_KEY_PREVIOUS'));
  return { secretKey, previousSecretKeys };
}

/** An IPv4 network with room for a gateway and at least one router (a prefix of /30 or shorter). */
function ipv4Network(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const text = env[name] || fallback;
  const parsed = parseCidr(text);
  if (!parsed.ok || parsed.version !== 4 || Number(text.split('/')[1]) > 30) {
    throw new Error(
      `${name} must be an IPv4 network such as 172.24.4.0/24 (prefix /30 or shorter), not '${text}'`,
    );
  }
  return text;
}

/** The Nest injection token of the AppConfig. */
export const APP_CONFIG = Symbol('APP_CONFIG');
