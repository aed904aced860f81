// The real service as a process: data and pending work survive a restart,
// SIGTERM shuts it down cleanly, and its JSON logs never hold the pre-shared key.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { killAll, startProcess as startService } from './support/service-process.js';
import { createTestDatabase } from './support/test-database.js';
import { call, waitForStatus } from './support/test-server.js';
import { connectionBody, setUpVpn } from './support/vpn-setup.js';

const dataDir = mkdtempSync(join(tmpdir(), 'vpnaas-restart-'));
// On the PostgreSQL run both processes use one database of their own.
const database = await createTestDatabase();
const startProcess = (env: Record<string, string>) =>
  startService({ VPNAAS_DATA_DIR: dataDir, VPNAAS_DATABASE_URL: database.config.url ?? '', ...env });

afterAll(async () => {
  killAll();
  await database.drop();
});

describe('a restart', () => {
  it('keeps data and pending work, stops cleanly on SIGTERM, and logs no secret', async () => {
    const first = await startProcess({ VPNAAS_ACTIVATION_DELAY_MS: '6000' });
    const objects = await setUpVpn(first);
    const psk = 'Pre-Shared.Key:42';
    const created = await call(
      first,
      'POST',
      '/v2.0/vpn/ipsec-site-connections',
      connectionBody(objects, { psk }),
    );
    expect(created.status, created.text).toBe(201);
    const path = `/v2.0/vpn/ipsec-site-connections/${created.body.ipsec_site_connection.id}`;
    expect(await first.stop()).toBe(0);
    const firstLogs = first.output();

    const second = await startProcess({ VPNAAS_ACTIVATION_DELAY_MS: '6000' });
    const shown = await call(second, 'GET', path);
    expect(shown.status).toBe(200);
    expect(shown.body.ipsec_site_connection).toMatchObject({
      psk,
      status: 'PENDING_CREATE',
      name: 'vpnconnection1',
    });
    // Pending work started before the restart still completes.
    await waitForStatus(second, path, 'ipsec_site_connection', 'ACTIVE', 20_000);
    expect((await call(second, 'GET', '/v2.0/vpn/ikepolicies')).body.ikepolicies).toHaveLength(1);
    expect(await second.stop()).toBe(0);
    expect(second.output()).toContain('vpnaas stopped');

    const logs = firstLogs + second.output();
    const lines = logs.trim().split('\n');
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
    expect(logs).not.toContain(psk);
  }, 60_000);
});
