// Starts the service: `pnpm start` (or `node apps/api/dist/main.js`).
import 'reflect-metadata';
import { createApp } from './app.factory.js';
import { loadConfig } from './config/app-config.js';
import { DataplaneUnavailable } from './dataplane/strongswan/prerequisites.js';

const config = loadConfig();
const app = await createApp(config).catch((error: unknown) => {
  // A data plane that cannot run here: one line saying what is missing.
  if (!(error instanceof DataplaneUnavailable)) throw error;
  process.stderr.write(`vpnaas: ${error.message}\n`);
  process.exit(1);
});
await app.listen({ host: config.host, port: config.port });
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
