// keystone mode: where the external Keystone is, the service's own credentials
// (as in a clouds.yaml's auth section), and how long validated tokens are cached.
import { integer, jsonObject, readText } from './env.js';

export interface KeystoneConfig {
  /** The Keystone root URL, without `/v3` (e.g. http://127.0.0.1:5000); sent in WWW-Authenticate. */
  readonly authUrl: string;
  /** The service user that validates tokens (needs Keystone's `service` or `admin` role). */
  readonly username: string;
  readonly password: string;
  readonly projectName: string;
  readonly userDomainName: string;
  readonly projectDomainName: string;
  /** A validated token is trusted this long without asking Keystone again (never past its expiry). */
  readonly cacheTtlSeconds: number;
  /** At most this many validated tokens are cached. */
  readonly cacheSize: number;
  /** Each request to Keystone gives up after this long (then 503). */
  readonly timeoutMs: number;
}

/** The keys of a clouds.yaml `auth:` section, which VPNAAS_KEYSTONE_CREDENTIALS_FILE may hold as JSON. */
interface CredentialsFile {
  auth_url?: string;
  username?: string;
  password?: string;
  project_name?: string;
  user_domain_name?: string;
  project_domain_name?: string;
}

export function keystoneConfig(env: NodeJS.ProcessEnv): KeystoneConfig {
  const file = (
    env.VPNAAS_KEYSTONE_CREDENTIALS_FILE
      ? jsonObject(
          readText(env.VPNAAS_KEYSTONE_CREDENTIALS_FILE, 'VPNAAS_KEYSTONE_CREDENTIALS_FILE'),
          'VPNAAS_KEYSTONE_CREDENTIALS_FILE',
        )
      : {}
  ) as CredentialsFile;
  const pick = (name: string, fromFile: string | undefined, fallback?: string): string => {
    const value = env[name] || fromFile || fallback;
    if (!value) {
      throw new Error(
        `VPNAAS_AUTH_MODE=keystone needs ${name} (or its key in VPNAAS_KEYSTONE_CREDENTIALS_FILE)`,
      );
    }
    return value;
  };
  const authUrl = pick('VPNAAS_KEYSTONE_URL', file.auth_url);
  if (!/^https?:\/\/[^/]/.test(authUrl)) {
    throw new Error(`VPNAAS_KEYSTONE_URL must be an http(s) URL, not '${authUrl}'`);
  }
  return {
    // Accept the root or the /v3 URL, as clouds.yaml files have either.
    authUrl: authUrl.replace(/\/+$/, '').replace(/\/v3$/, ''),
    username: pick('VPNAAS_KEYSTONE_USERNAME', file.username),
    password: pick('VPNAAS_KEYSTONE_PASSWORD', file.password),
    projectName: pick('VPNAAS_KEYSTONE_PROJECT_NAME', file.project_name, 'service'),
    userDomainName: pick('VPNAAS_KEYSTONE_USER_DOMAIN_NAME', file.user_domain_name, 'Default'),
    projectDomainName: pick('VPNAAS_KEYSTONE_PROJECT_DOMAIN_NAME', file.project_domain_name, 'Default'),
    cacheTtlSeconds: integer(env, 'VPNAAS_KEYSTONE_CACHE_TTL_S', 300, 0, 86_400),
    cacheSize: integer(env, 'VPNAAS_KEYSTONE_CACHE_SIZE', 10_000, 0, 1_000_000),
    timeoutMs: integer(env, 'VPNAAS_KEYSTONE_TIMEOUT_MS', 5000, 50, 120_000),
  };
}
