// Starts the real application on a free port with its own database directory.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type AppOptions, createApp } from '../../src/app.factory.js';
import { type AppConfig, loadConfig } from '../../src/config/app-config.js';
import { createTestDatabase } from './test-database.js';

export interface TestServer {
  app: NestFastifyApplication;
  url: string;
  config: AppConfig;
  close(): Promise<void>;
}

/**
 * The app on the engine under test (test-database.ts): its own SQLite
 * directory, or its own PostgreSQL database, dropped on close. A database
 * URL in the overrides is used instead, and left to its caller to drop.
 */
export async function startServer(
  overrides: Partial<AppConfig> = {},
  options: AppOptions = {},
): Promise<TestServer> {
  // A config from loadConfig() says SQLite: only an explicit URL overrides the engine under test.
  const database = overrides.database?.url
    ? { config: overrides.database, drop: async () => {} }
    : await createTestDatabase();
  const config: AppConfig = {
    ...loadConfig({}),
    port: 0,
    dataDir: mkdtempSync(join(tmpdir(), 'vpnaas-test-')),
    activationDelayMs: 800,
    driverIntervalMs: 20,
    logLevel: 'silent',
    ...overrides,
    database: database.config,
  };
  const app = await createApp(config, options).catch(async (error: unknown) => {
    await database.drop();
    throw error;
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    config,
    url: `http://127.0.0.1:${address.port}`,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  text: string;
  body: T;
}

/** A JSON request to the server; `body` is sent as JSON unless it is a string. */
export async function call<T = Record<string, any>>(
  server: { url: string },
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiResponse<T>> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    body: text ? JSON.parse(text) : undefined,
  };
}

/** Polls until the resource reaches the status, or fails after the timeout. */
export async function waitForStatus(
  server: { url: string },
  path: string,
  key: string,
  status: string,
  timeoutMs = 10_000,
  headers: Record<string, string> = {},
) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const response = await call(server, 'GET', path, undefined, headers);
    last = response.body?.[key]?.status;
    if (last === status) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${path} stayed ${last}, never ${status}`);
}
