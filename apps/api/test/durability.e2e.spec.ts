// An answered write is on disk. On SQLite, requests that arrive together share
// one commit (database/sqlite-group-commit.ts) and are answered only after it:
// killing the process (kill -9) in the middle of a create load must lose none
// of the creates that got their 201. And a request that fails among others of
// its group leaves no trace while the others stand. Both engines.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_QUOTAS } from '../src/config/app-config.js';
import { killAll, startProcess as startService } from './support/service-process.js';
import { createTestDatabase } from './support/test-database.js';
import { call, startServer } from './support/test-server.js';
import { connectionBody, setUpVpn } from './support/vpn-setup.js';

const database = await createTestDatabase();

afterAll(async () => {
  killAll();
  await database.drop();
});

describe('durability', () => {
  it('keeps every create answered with 201 when the process is killed (kill -9) under load', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vpnaas-crash-'));
    const env = {
      VPNAAS_DATA_DIR: dataDir,
      VPNAAS_DATABASE_URL: database.config.url ?? '',
      VPNAAS_LOG_LEVEL: 'info',
    };
    const first = await startService(env);
    const acknowledged: string[] = [];
    let killed = false;
    // 32 clients create IKE policies as fast as they are answered, until the process dies.
    const clients = Array.from({ length: 32 }, async (_, client) => {
      for (let n = 0; !killed; n++) {
        try {
          const response = await fetch(`${first.url}/v2.0/vpn/ikepolicies`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ ikepolicy: { name: `c${client}-${n}` } }),
          });
          const body = (await response.json()) as { ikepolicy: { id: string } };
          if (response.status === 201) acknowledged.push(body.ikepolicy.id);
        } catch {
          return; // the connection died with the process: not acknowledged
        }
      }
    });
    // Kill it once the load is well under way.
    while (acknowledged.length < 300) await new Promise((resolve) => setTimeout(resolve, 5));
    killed = true;
    expect(await first.kill('SIGKILL')).toBeNull();
    await Promise.all(clients);

    const second = await startService(env);
    const listed = await call<{ ikepolicies: { id: string }[] }>(second, 'GET', '/v2.0/vpn/ikepolicies');
    expect(listed.status).toBe(200);
    const stored = new Set(listed.body.ikepolicies.map((policy) => policy.id));
    const lost = acknowledged.filter((id) => !stored.has(id));
    expect(lost).toEqual([]);
    // Answers still in flight at the kill may have committed too, never the other way round.
    expect(stored.size).toBeGreaterThanOrEqual(acknowledged.length);
    expect(await second.stop()).toBe(0);
  }, 60_000);

  it('rolls back only the request that fails among requests committed together', async () => {
    const server = await startServer({ quotas: { ...DEFAULT_QUOTAS, ipsec_site_connection: -1 } });
    try {
      const objects = await setUpVpn(server);
      const missing = '0c1f6f42-8f7e-4c3e-9a57-1c2d3e4f5a6b';
      // Sent at once: they arrive in the same turn of the event loop and share a commit.
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, n) =>
          call(
            server,
            'POST',
            '/v2.0/vpn/ipsec-site-connections',
            connectionBody(n % 2 === 0 ? objects : { ...objects, vpnserviceId: missing }, {
              name: `together-${n}`,
            }),
          ),
        ),
      );
      expect(answers.map((answer) => answer.status)).toEqual(
        Array.from({ length: 20 }, (_, n) => (n % 2 === 0 ? 201 : 404)),
      );
      expect(answers[1]?.body).toEqual({
        NeutronError: {
          type: 'VPNServiceNotFound',
          message: `VPNService ${missing} could not be found`,
          detail: '',
        },
      });
      const listed = await call(server, 'GET', '/v2.0/vpn/ipsec-site-connections?fields=name');
      expect(listed.body.ipsec_site_connections.map((c: { name: string }) => c.name).sort()).toEqual(
        Array.from({ length: 10 }, (_, n) => `together-${n * 2}`).sort(),
      );
    } finally {
      await server.close();
    }
  });
});
