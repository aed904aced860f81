// The probes a load balancer or Kubernetes uses: /healthz (the process answers)
// and /readyz (the database answers and is migrated), with no token needed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/app-config.js';
import { TEST_ENGINE } from './support/test-database.js';
import { call, startServer, type TestServer } from './support/test-server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startServer({
    ...loadConfig({
      VPNAAS_AUTH_MODE: 'token',
      VPNAAS_TOKENS: JSON.stringify({ 'member-token': { project_id: 'p1', roles: [] } }),
    }),
    logLevel: 'silent',
  });
});
afterAll(() => server.close());

describe('health probes', () => {
  it('GET /healthz is 200 without a token', async () => {
    const health = await call(server, 'GET', '/healthz');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok' });
  });

  it('GET /readyz is 200 and names the engine, without a token', async () => {
    const ready = await call(server, 'GET', '/readyz');
    expect(ready.status, ready.text).toBe(200);
    expect(ready.body).toEqual({ status: 'ok', database: TEST_ENGINE });
  });

  it('answers another method with a 405 NeutronError', async () => {
    const wrong = await call(server, 'POST', '/readyz', {});
    expect(wrong.status).toBe(405);
    expect(wrong.body.NeutronError.type).toBe('HTTPMethodNotAllowed');
  });

  it('still protects the API itself', async () => {
    expect((await call(server, 'GET', '/v2.0/vpn/ikepolicies')).status).toBe(401);
  });
});
