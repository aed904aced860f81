// Everything configurable, from environment variables (documented in the README).
import { resolve } from 'node:path';

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
  /** VPNAAS_DEFAULT_PROJECT_ID: the project of requests without X-Project-Id. */
  readonly defaultProjectId: string;
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
  };
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
