// Starts the service: `pnpm start` (or `node apps/api/dist/main.js`).
import 'reflect-metadata';
import { setFlagsFromString } from 'node:v8';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type AppConfig, loadConfig } from './config/app-config.js';
import { prepareDataDir } from './config/data-dir.js';

/** A start-up that cannot go on: one line that says why, exit 1, nothing logged as started. */
function refuseToStart(error: unknown): never {
  process.stderr.write(`vpnaas: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}

// No allocation-site pretenuring, set before the application is loaded. Once a
// burst of objects that live a while (start-up used to read every stored psk at
// once) had made V8 allocate the shared sites' objects straight in the old
// generation, every request's short-lived rows and answers went there too:
// on a database of 60,000 connections a show cost 43 µs of CPU instead of 30,
// with a full GC every 0.6 s (docs/BENCHMARKS.md). This service's objects die young.
setFlagsFromString('--no-allocation-site-pretenuring');

let config: AppConfig;
let app: NestFastifyApplication;
try {
  config = loadConfig();
  prepareDataDir(config.dataDir);
  // Loaded after the configuration is checked, so that a bad one is refused at once.
  const { createApp } = await import('./app.factory.js');
  app = await createApp(config);
  await app.listen({ host: config.host, port: config.port });
} catch (error) {
  refuseToStart(error);
}
const log = app.getHttpAdapter().getInstance().log;

// Graceful shutdown: stop accepting requests, let those in flight and the
// status driver finish, close the database, then exit 0.
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, async () => {
    log.info({ signal }, 'shutting down');
    // A client that never finishes reading must not hold the process forever.
    setTimeout(() => {
      log.error('requests still open after 10 s: exiting anyway');
      process.exit(1);
    }, 10_000).unref();
    await app.close();
    log.info('vpnaas stopped');
    process.exit(0);
  });
}

const url = `http://${config.host}:${config.port}`;
log.info({ url, docs: `${url}/docs`, dataDir: config.dataDir }, 'vpnaas is listening');
