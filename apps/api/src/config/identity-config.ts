// embedded mode: the users, projects and role assignments of the built-in
// identity (one domain, "Default"), the region it names in the catalog and the
// token lifetime. Without VPNAAS_IDENTITY_FILE a laptop default is used.
import { createHash } from 'node:crypto';
import { integer, jsonObject, readText } from './env.js';

export interface IdentityProject {
  readonly id: string;
  readonly name: string;
}

export interface IdentityUser {
  readonly id: string;
  readonly name: string;
  readonly password: string;
  /** Project name → role names on it. */
  readonly roles: Readonly<Record<string, readonly string[]>>;
}

export interface IdentityConfig {
  readonly projects: readonly IdentityProject[];
  readonly users: readonly IdentityUser[];
  /** The region of the catalog's endpoints (VPNAAS_IDENTITY_REGION). */
  readonly region: string;
  /** How long an issued token is valid (VPNAAS_IDENTITY_TOKEN_TTL_S). */
  readonly tokenTtlSeconds: number;
}

/** The VPNAAS_IDENTITY_FILE format; ids are optional (derived from the name). */
interface IdentityFile {
  projects?: Array<{ id?: string; name?: string }>;
  users?: Array<{ id?: string; name?: string; password?: string; roles?: Record<string, string[]> }>;
}

/** A stable Keystone-looking id (32 hex digits) for a name. */
export const stableId = (kind: string, name: string): string =>
  createHash('sha256').update(`${kind}:${name}`).digest('hex').slice(0, 32);

/** For a laptop: admin/admin (admin of project "admin"), demo/demo (member of "demo", the default project). */
function laptopDefault(defaultProjectId: string): IdentityFile {
  return {
    projects: [{ name: 'admin' }, { name: 'demo', id: defaultProjectId }],
    users: [
      { name: 'admin', password: 'admin', roles: { admin: ['admin'] } },
      { name: 'demo', password: 'demo', roles: { demo: ['member'] } },
    ],
  };
}

export function identityConfig(env: NodeJS.ProcessEnv, defaultProjectId: string): IdentityConfig {
  const file = (
    env.VPNAAS_IDENTITY_FILE
      ? jsonObject(readText(env.VPNAAS_IDENTITY_FILE, 'VPNAAS_IDENTITY_FILE'), 'VPNAAS_IDENTITY_FILE')
      : laptopDefault(defaultProjectId)
  ) as IdentityFile;
  const fail = (why: string): never => {
    throw new Error(`VPNAAS_IDENTITY_FILE: ${why}`);
  };
  const projects = (file.projects ?? []).map((project) => {
    if (typeof project?.name !== 'string' || project.name === '') fail('every project needs a name');
    const name = project.name as string;
    return { id: project.id || stableId('project', name), name };
  });
  const projectNames = new Set(projects.map((project) => project.name));
  const users = (file.users ?? []).map((user) => {
    if (typeof user?.name !== 'string' || user.name === '') fail('every user needs a name');
    if (typeof user.password !== 'string' || user.password === '')
      fail(`user '${user.name}' needs a password`);
    for (const [project, roles] of Object.entries(user.roles ?? {})) {
      if (!projectNames.has(project)) fail(`user '${user.name}' has roles on unknown project '${project}'`);
      if (!Array.isArray(roles)) fail(`user '${user.name}': the roles on '${project}' must be a list`);
    }
    return {
      id: user.id || stableId('user', user.name as string),
      name: user.name as string,
      password: user.password as string,
      roles: user.roles ?? {},
    };
  });
  if (users.length === 0) fail('no users');
  return {
    projects,
    users,
    region: env.VPNAAS_IDENTITY_REGION || 'RegionOne',
    tokenTtlSeconds: integer(env, 'VPNAAS_IDENTITY_TOKEN_TTL_S', 3600, 1, 30 * 86_400),
  };
}
