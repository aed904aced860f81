// Starts the service: `pnpm start` (or `node apps/api/dist/main.js`).
import 'reflect-metadata';
import { createApp } from './app.factory.js';
import { loadConfig } from './config/app-config.js';

const config = loadConfig();
const app = await createApp(config);
await app.listen({ host: config.host, port: config.port });
app
  .getHttpAdapter()
  .getInstance()
  .log.info(
    {
      url: `http://${config.host}:${config.port}`,
      docs: `http://${config.host}:${config.port}/docs`,
      dataDir: config.dataDir,
    },
    'vpnaas is listening',
  );
