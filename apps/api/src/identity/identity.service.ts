// The embedded identity (VPNAAS_AUTH_MODE=embedded): a minimal Keystone v3 for a
// laptop or a CI job. Password (and token) authentication of the users of the
// configured directory, project-scoped or unscoped tokens that expire, kept in
// memory (a restart logs everyone out), revocation, and validation for the API.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Authenticator, Grant } from '../auth/authenticator.js';
import { baseUrl } from '../common/base-url.js';
import type { IdentityConfig, IdentityProject, IdentityUser } from '../config/app-config.js';

/** Keystone's bootstrap roles imply each other: admin → member → reader. */
const IMPLIED_ROLES: Readonly<Record<string, readonly string[]>> = {
  admin: ['member', 'reader'],
  member: ['reader'],
};
/** Tokens kept at most; the oldest go first once expired ones are gone. */
const MAX_TOKENS = 100_000;

export interface IssuedToken {
  readonly id: string;
  readonly user: IdentityUser;
  readonly project?: IdentityProject;
  readonly roles: readonly string[];
  readonly methods: readonly string[];
  readonly issuedAt: number;
  readonly expiresAt: number;
  readonly auditId: string;
}

/** A refusal in Keystone's terms: its status and message. */
export class IdentityError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404,
    message: string,
  ) {
    super(message);
  }
}

const UNAUTHORIZED = 'The request you have made requires authentication.';

/** The `auth` member of POST /v3/auth/tokens, as far as it is read here. */
interface AuthRequest {
  identity?: {
    methods?: unknown;
    password?: { user?: PasswordUser };
    token?: { id?: string };
  };
  scope?: { project?: Reference & { domain?: Reference } } | string;
}
interface PasswordUser {
  id?: string;
  name?: string;
  password?: string;
  domain?: Reference;
}
interface Reference {
  id?: string;
  name?: string;
}

export class IdentityService implements Authenticator {
  private readonly tokens = new Map<string, IssuedToken>();

  constructor(
    readonly config: IdentityConfig,
    private readonly now: () => number = Date.now,
  ) {}

  identityUri(request: FastifyRequest): string {
    return `${baseUrl(request)}/identity`;
  }

  async grantOf(token: string): Promise<Grant | undefined> {
    const issued = this.validate(token);
    return issued?.project ? { projectId: issued.project.id, roles: issued.roles } : undefined;
  }

  /** POST /v3/auth/tokens. */
  issue(auth: AuthRequest | undefined): IssuedToken {
    const methods = auth?.identity?.methods;
    if (!Array.isArray(methods) || methods.length === 0) {
      throw new IdentityError(400, "Invalid input for field 'identity/methods': expected a list of methods.");
    }
    let user: IdentityUser | undefined;
    if (methods.includes('password')) user = this.checkPassword(auth?.identity?.password?.user);
    else if (methods.includes('token')) user = this.validate(String(auth?.identity?.token?.id ?? ''))?.user;
    else
      throw new IdentityError(
        401,
        `Attempted to authenticate with an unsupported method: ${methods.join(', ')}`,
      );
    if (!user) throw new IdentityError(401, UNAUTHORIZED);

    const project = this.scopedProject(auth?.scope);
    const roles = project ? expand(user.roles[project.name] ?? []) : [];
    if (project && roles.length === 0) throw new IdentityError(401, UNAUTHORIZED);

    this.forgetExpired();
    const issuedAt = this.now();
    const token: IssuedToken = {
      id: `vpn${randomBytes(32).toString('base64url')}`,
      user,
      project,
      roles,
      methods: methods.map(String),
      issuedAt,
      expiresAt: issuedAt + this.config.tokenTtlSeconds * 1000,
      auditId: randomBytes(16).toString('base64url').slice(0, 22),
    };
    this.tokens.set(token.id, token);
    return token;
  }

  /** A token that is known, not revoked and not expired. */
  validate(token: string): IssuedToken | undefined {
    const issued = this.tokens.get(token);
    if (!issued) return undefined;
    if (issued.expiresAt > this.now()) return issued;
    this.tokens.delete(token);
    return undefined;
  }

  /** DELETE /v3/auth/tokens. */
  revoke(token: string): boolean {
    return this.tokens.delete(token);
  }

  /** Which projects a user has roles on (GET /v3/auth/projects). */
  projectsOf(user: IdentityUser): IdentityProject[] {
    return this.config.projects.filter((project) => (user.roles[project.name] ?? []).length > 0);
  }

  private checkPassword(given: PasswordUser | undefined): IdentityUser | undefined {
    if (!given || typeof given.password !== 'string') {
      throw new IdentityError(
        400,
        "Invalid input for field 'identity/password/user': expected a user and a password.",
      );
    }
    if (given.domain && !isDefaultDomain(given.domain)) return undefined;
    const user = this.config.users.find((candidate) =>
      given.id !== undefined ? candidate.id === given.id : candidate.name === given.name,
    );
    // Compare digests, in constant time, so that the answer's timing says nothing about the password.
    const expected = digest(user?.password ?? '');
    return user && timingSafeEqual(expected, digest(given.password)) ? user : undefined;
  }

  private scopedProject(scope: AuthRequest['scope']): IdentityProject | undefined {
    if (scope === undefined) return undefined;
    const wanted = typeof scope === 'object' ? scope.project : undefined;
    if (!wanted) throw new IdentityError(401, 'Only project scope is supported by the embedded identity.');
    if (wanted.domain && !isDefaultDomain(wanted.domain)) throw new IdentityError(401, UNAUTHORIZED);
    const project = this.config.projects.find((candidate) =>
      wanted.id !== undefined ? candidate.id === wanted.id : candidate.name === wanted.name,
    );
    if (!project) throw new IdentityError(401, UNAUTHORIZED);
    return project;
  }

  private forgetExpired(): void {
    if (this.tokens.size < MAX_TOKENS) return;
    const now = this.now();
    for (const [id, token] of this.tokens) if (token.expiresAt <= now) this.tokens.delete(id);
    while (this.tokens.size >= MAX_TOKENS) this.tokens.delete(this.tokens.keys().next().value as string);
  }
}

const digest = (text: string) => createHash('sha256').update(text).digest();

const isDefaultDomain = (domain: Reference) =>
  domain.id !== undefined ? domain.id === 'default' : domain.name === 'Default';

function expand(roles: readonly string[]): string[] {
  return [...new Set(roles.flatMap((role) => [role, ...(IMPLIED_ROLES[role] ?? [])]))];
}
