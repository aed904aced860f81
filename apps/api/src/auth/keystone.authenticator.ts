// keystone mode, as keystonemiddleware does it for neutron-server: each user
// token is validated with GET /v3/auth/tokens (X-Subject-Token), authorized by
// the service's own token, which is obtained with the service's password and
// renewed before it expires or when Keystone refuses it. Validated tokens are
// cached (TokenCache). Keystone unreachable or too slow: 503, never a hang.
import type { Logger } from 'pino';
import { NeutronException } from '../common/neutron.exception.js';
import type { KeystoneConfig } from '../config/app-config.js';
import type { Authenticator, Grant } from './authenticator.js';
import { TokenCache } from './token-cache.js';

/** The part of Keystone's token body that matters here. */
interface KeystoneToken {
  expires_at?: string;
  project?: { id?: string };
  roles?: Array<{ name?: string }>;
}

/** A renewed service token is fetched this long before the old one expires. */
const SERVICE_TOKEN_MARGIN_MS = 60_000;
/** Tokens Keystone never issues: refused without asking it (Fernet tokens are ~200 characters). */
const PLAUSIBLE_TOKEN = /^[\x21-\x7e]{1,8192}$/;

export class KeystoneAuthenticator implements Authenticator {
  private readonly cache: TokenCache;
  private serviceToken?: Promise<{ token: string; expiresAt: number }>;

  constructor(
    private readonly config: KeystoneConfig,
    private readonly logger: Logger,
  ) {
    this.cache = new TokenCache(config.cacheSize, config.cacheTtlSeconds * 1000);
  }

  identityUri(): string {
    return this.config.authUrl;
  }

  async grantOf(token: string): Promise<Grant | undefined> {
    if (!PLAUSIBLE_TOKEN.test(token)) return undefined;
    const cached = this.cache.get(token);
    if (cached) return cached;
    const answer = await this.validate(token, true);
    if (!answer?.project?.id) return undefined; // unknown, expired, revoked, or not scoped to a project
    const grant: Grant = {
      projectId: answer.project.id,
      roles: (answer.roles ?? []).map((role) => String(role.name)),
    };
    const expiresAt = Date.parse(answer.expires_at ?? '');
    this.cache.set(token, grant, Number.isNaN(expiresAt) ? Date.now() : expiresAt);
    return grant;
  }

  private async validate(token: string, mayRenew: boolean): Promise<KeystoneToken | undefined> {
    const { token: serviceToken } = await this.ownToken();
    const response = await this.send('GET', '/v3/auth/tokens?nocatalog', {
      'x-auth-token': serviceToken,
      'x-subject-token': token,
    });
    if (response.status === 200) return ((await response.json()) as { token: KeystoneToken }).token;
    await response.body?.cancel();
    if (response.status === 404) return undefined;
    if ((response.status === 401 || response.status === 403) && mayRenew) {
      // Our own token expired or was revoked: log in again, once.
      this.serviceToken = undefined;
      return this.validate(token, false);
    }
    this.logger.error(
      { status: response.status },
      'Keystone refused to validate a token with the service credentials',
    );
    throw unavailable(`Keystone answered ${response.status} to the service's token validation`);
  }

  /** The service's own token, shared by concurrent requests, renewed ahead of its expiry. */
  private async ownToken(): Promise<{ token: string; expiresAt: number }> {
    const current = this.serviceToken ? await this.serviceToken.catch(() => undefined) : undefined;
    if (current && current.expiresAt - SERVICE_TOKEN_MARGIN_MS > Date.now()) return current;
    this.serviceToken = this.login();
    this.serviceToken.catch(() => {
      this.serviceToken = undefined;
    });
    return this.serviceToken;
  }

  private async login(): Promise<{ token: string; expiresAt: number }> {
    const { username, password, projectName, userDomainName, projectDomainName } = this.config;
    const response = await this.send(
      'POST',
      '/v3/auth/tokens?nocatalog',
      { 'content-type': 'application/json' },
      JSON.stringify({
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { name: username, domain: { name: userDomainName }, password } },
          },
          scope: { project: { name: projectName, domain: { name: projectDomainName } } },
        },
      }),
    );
    const token = response.headers.get('x-subject-token');
    if (response.status !== 201 || !token) {
      await response.body?.cancel();
      this.logger.error({ status: response.status, username }, 'Keystone refused the service credentials');
      throw unavailable(`Keystone refused the service's own credentials (${response.status})`);
    }
    const body = (await response.json()) as { token: KeystoneToken };
    const expiresAt = Date.parse(body.token.expires_at ?? '');
    return { token, expiresAt: Number.isNaN(expiresAt) ? Date.now() + 3_600_000 : expiresAt };
  }

  private async send(method: string, path: string, headers: Record<string, string>, body?: string) {
    try {
      return await fetch(`${this.config.authUrl}${path}`, {
        method,
        headers: { accept: 'application/json', ...headers },
        body,
        signal: AbortSignal.timeout(this.config.timeoutMs),
      });
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      const reason = timedOut ? `no answer within ${this.config.timeoutMs} ms` : 'unreachable';
      this.logger.warn({ url: this.config.authUrl, reason }, 'Keystone unavailable');
      throw unavailable(`Keystone at ${this.config.authUrl} ${timedOut ? 'gave' : 'is'} ${reason}`);
    }
  }
}

const unavailable = (why: string) =>
  new NeutronException(503, 'ServiceUnavailable', `The identity service cannot validate tokens now: ${why}`);
