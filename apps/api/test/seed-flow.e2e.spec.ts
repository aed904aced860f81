import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseService } from '../src/database/database.service.js';
import { SimulatedDriver } from '../src/dataplane/simulated/simulated.driver.js';
import { IkePolicyService } from '../src/vpn/ike-policies/ike-policy.service.js';
import { call, startServer, type TestServer, waitForStatus } from './support/test-server.js';
import { connectionBody, setUpVpn, type VpnObjects } from './support/vpn-setup.js';

const seedResponse = JSON.parse(
  readFileSync(
    createRequire(import.meta.url).resolve(
      '@vpnaas/schema/examples/ipsec-site-connection.create.response.json',
    ),
    'utf8',
  ),
).ipsec_site_connection;

let server: TestServer;
let objects: VpnObjects;

beforeAll(async () => {
  server = await startServer();
  objects = await setUpVpn(server);
});
afterAll(() => server.close());

describe('the seed flow', () => {
  it('wires services by type (decorator metadata reaches Nest’s injector)', () => {
    const service = server.app.get(IkePolicyService) as unknown as { database: unknown; driver: unknown };
    expect(service.database).toBeInstanceOf(DatabaseService);
    expect(service.driver).toBeInstanceOf(SimulatedDriver);
  });

  it('answers the seed request with the seed response', async () => {
    const response = await call(server, 'POST', '/v2.0/vpn/ipsec-site-connections', connectionBody(objects));
    expect(response.status).toBe(201);
    const connection = response.body.ipsec_site_connection;
    const generated = [
      'id',
      'created_at',
      'vpnservice_id',
      'ikepolicy_id',
      'ipsecpolicy_id',
      'local_ep_group_id',
      'peer_ep_group_id',
    ];
    const withoutGenerated = (value: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(value).filter(([key]) => !generated.includes(key)));
    // Every field of the seed response, with the seed's values (the default project is the seed's tenant).
    expect(withoutGenerated(connection)).toEqual({
      ...withoutGenerated(seedResponse),
      project_id: seedResponse.tenant_id,
      // Classic VPN's get and list pages (vpn_api_1025/1026) add tags; every answer carries them.
      tags: [],
    });
    expect(connection).toMatchObject({
      vpnservice_id: objects.vpnserviceId,
      ikepolicy_id: objects.ikepolicyId,
      ipsecpolicy_id: objects.ipsecpolicyId,
      local_ep_group_id: objects.localGroupId,
      peer_ep_group_id: objects.peerGroupId,
    });
    expect(connection.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(connection.created_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$/);
  });

  it('moves services and connections from PENDING_CREATE to ACTIVE, and updates through PENDING_UPDATE', async () => {
    const created = await call(
      server,
      'POST',
      '/v2.0/vpn/ipsec-site-connections',
      connectionBody(objects, { name: 'c2' }),
    );
    const path = `/v2.0/vpn/ipsec-site-connections/${created.body.ipsec_site_connection.id}`;
    expect(created.body.ipsec_site_connection.status).toBe('PENDING_CREATE');
    await waitForStatus(server, path, 'ipsec_site_connection', 'ACTIVE');
    await waitForStatus(server, `/v2.0/vpn/vpnservices/${objects.vpnserviceId}`, 'vpnservice', 'ACTIVE');

    const updated = await call(server, 'PUT', path, {
      ipsec_site_connection: { dpd: { interval: 10 }, mtu: '1500' },
    });
    expect(updated.status).toBe(200);
    // DPD settings left out keep their stored values.
    expect(updated.body.ipsec_site_connection).toMatchObject({
      status: 'PENDING_UPDATE',
      dpd: { action: 'hold', interval: 10, timeout: 120 },
      mtu: 1500,
    });
    await waitForStatus(server, path, 'ipsec_site_connection', 'ACTIVE');
  });

  it('updates every attribute it is sent and keeps the rest', async () => {
    const created = await call(
      server,
      'POST',
      '/v2.0/vpn/ipsec-site-connections',
      connectionBody(objects, { name: 'c6', description: 'first' }),
    );
    expect(created.status).toBe(201);
    expect(created.body.ipsec_site_connection.description).toBe('first');
    const id = created.body.ipsec_site_connection.id;
    const path = `/v2.0/vpn/ipsec-site-connections/${id}`;
    await waitForStatus(server, path, 'ipsec_site_connection', 'ACTIVE');
    const updated = await call(server, 'PUT', path, {
      ipsec_site_connection: {
        name: 'c6-renamed',
        description: 'second',
        psk: 'another-secret',
        initiator: 'response-only',
        peer_address: '172.24.4.240',
        peer_id: '172.24.4.241',
      },
    });
    expect(updated.status).toBe(200);
    const expected = {
      id,
      name: 'c6-renamed',
      description: 'second',
      psk: 'another-secret',
      initiator: 'response-only',
      peer_address: '172.24.4.240',
      peer_id: '172.24.4.241',
      peer_cidrs: [],
      mtu: 1500,
      dpd: { action: 'hold', interval: 30, timeout: 120 },
      local_ep_group_id: objects.localGroupId,
      peer_ep_group_id: objects.peerGroupId,
    };
    expect(updated.body.ipsec_site_connection).toMatchObject({ ...expected, status: 'PENDING_UPDATE' });
    expect((await call(server, 'GET', path)).body.ipsec_site_connection).toMatchObject(expected);
  });

  it('checks merged DPD values on update', async () => {
    const created = await call(
      server,
      'POST',
      '/v2.0/vpn/ipsec-site-connections',
      connectionBody(objects, { name: 'c3' }),
    );
    const path = `/v2.0/vpn/ipsec-site-connections/${created.body.ipsec_site_connection.id}`;
    await waitForStatus(server, path, 'ipsec_site_connection', 'ACTIVE');
    const response = await call(server, 'PUT', path, { ipsec_site_connection: { dpd: { interval: 200 } } });
    expect(response.status).toBe(400);
    expect(response.body.NeutronError).toEqual({
      type: 'IPsecSiteConnectionDpdIntervalValueError',
      message:
        // Upstream's message, then the limit: the interval the (stored) timeout must exceed.
        'ipsec_site_connection dpd_timeout is equal to or less than dpd_interval; the DPD timeout (120) must be greater than the DPD interval (200)',
      detail: '',
    });
    expect((await call(server, 'GET', path)).body.ipsec_site_connection.dpd.interval).toBe(30);
  });

  it('lets an in-use policy change and re-applies its connections', async () => {
    const created = await call(
      server,
      'POST',
      '/v2.0/vpn/ipsec-site-connections',
      connectionBody(objects, { name: 'c4' }),
    );
    const path = `/v2.0/vpn/ipsec-site-connections/${created.body.ipsec_site_connection.id}`;
    await waitForStatus(server, path, 'ipsec_site_connection', 'ACTIVE');
    const policy = await call(server, 'PUT', `/v2.0/vpn/ikepolicies/${objects.ikepolicyId}`, {
      ikepolicy: { pfs: 'group14', lifetime: { value: 7200 } },
    });
    expect(policy.status).toBe(200);
    expect(policy.body.ikepolicy).toMatchObject({
      pfs: 'group14',
      lifetime: { units: 'seconds', value: 7200 },
    });
    expect((await call(server, 'GET', path)).body.ipsec_site_connection.status).toBe('PENDING_UPDATE');
    await waitForStatus(server, path, 'ipsec_site_connection', 'ACTIVE');
  });

  it('lists, shows and deletes, and a deleted connection is gone', async () => {
    const created = await call(
      server,
      'POST',
      '/v2.0/vpn/ipsec-site-connections',
      connectionBody(objects, { name: 'c5' }),
    );
    const id = created.body.ipsec_site_connection.id;
    const listed = await call(server, 'GET', '/v2.0/vpn/ipsec-site-connections?name=c5');
    expect(listed.body.ipsec_site_connections.map((c: { id: string }) => c.id)).toEqual([id]);
    const deleted = await call(server, 'DELETE', `/v2.0/vpn/ipsec-site-connections/${id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    const gone = await call(server, 'GET', `/v2.0/vpn/ipsec-site-connections/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.NeutronError.type).toBe('IPsecSiteConnectionNotFound');
  });
});
