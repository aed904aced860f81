// Router gateway addresses: handed out from the external pool, unique, chosen only by an admin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startServer, type TestServer } from './support/test-server.js';

const ADMIN = { 'X-Roles': 'admin' };
const gatewayOf = (body: Record<string, any>) =>
  body.router.external_gateway_info.external_fixed_ips[0].ip_address as string;
const routerWithAddress = (address: string) => ({
  router: { name: 'r', external_gateway_info: { external_fixed_ips: [{ ip_address: address }] } },
});

describe('router gateway addresses', () => {
  let server: TestServer;
  beforeAll(async () => {
    // A /29: gateway .1, six usable host addresses minus the gateway = .2 to .6.
    server = await startServer({ externalCidr: '10.99.0.0/29' });
  });
  afterAll(() => server.close());

  it('hands out the lowest free pool address, never the pool gateway, never twice, then 409', async () => {
    const addresses: string[] = [];
    for (let i = 0; i < 5; i++) {
      const created = await call(server, 'POST', '/v2.0/routers', { router: { name: `r${i}` } });
      expect(created.status, created.text).toBe(201);
      addresses.push(gatewayOf(created.body));
    }
    expect(addresses).toEqual(['10.99.0.2', '10.99.0.3', '10.99.0.4', '10.99.0.5', '10.99.0.6']);

    const exhausted = await call(server, 'POST', '/v2.0/routers', { router: { name: 'one too many' } });
    expect(exhausted.status).toBe(409);
    expect(exhausted.body.NeutronError.type).toBe('IpAddressGenerationFailure');
    expect(exhausted.body.NeutronError.message).toContain('10.99.0.0/29');

    // A freed address is handed out again.
    const routers = (await call(server, 'GET', '/v2.0/routers?name=r2')).body.routers;
    expect((await call(server, 'DELETE', `/v2.0/routers/${routers[0].id}`)).status).toBe(204);
    const again = await call(server, 'POST', '/v2.0/routers', { router: { name: 'r2 again' } });
    expect(gatewayOf(again.body)).toBe('10.99.0.4');
  });

  it('refuses a member who picks an address, public or not, and writes nothing', async () => {
    const project = { 'X-Project-Id': 'member-picks' };
    for (const address of ['8.8.8.8', '0.0.0.0', '127.0.0.1', '10.99.0.3']) {
      const refused = await call(server, 'POST', '/v2.0/routers', routerWithAddress(address), project);
      expect(refused.status, address).toBe(403);
      expect(refused.body).toEqual({
        NeutronError: {
          type: 'PolicyNotAuthorized',
          message:
            '(rule:create_router:external_gateway_info:external_fixed_ips) is disallowed by policy: only an admin may choose the gateway address',
          detail: '',
        },
      });
    }
    expect((await call(server, 'GET', '/v2.0/routers', undefined, project)).body.routers).toEqual([]);
  });

  it('lets an admin pick a free pool address, and only that', async () => {
    const fresh = await startServer({ externalCidr: '10.98.0.0/24' });
    try {
      const chosen = await call(fresh, 'POST', '/v2.0/routers', routerWithAddress('10.98.0.200'), ADMIN);
      expect(chosen.status, chosen.text).toBe(201);
      expect(gatewayOf(chosen.body)).toBe('10.98.0.200');

      const taken = await call(fresh, 'POST', '/v2.0/routers', routerWithAddress('10.98.0.200'), ADMIN);
      expect(taken.status).toBe(409);
      expect(taken.body.NeutronError).toEqual({
        type: 'IpAddressInUse',
        message:
          'Unable to complete operation for network 0a2228f2-7f8a-45f1-8e09-9039e1d09975. The IP address 10.98.0.200 is in use.',
        detail: '',
      });

      // The first and last host addresses after the gateway are the pool's edges.
      for (const address of ['10.98.0.2', '10.98.0.254']) {
        const edge = await call(fresh, 'POST', '/v2.0/routers', routerWithAddress(address), ADMIN);
        expect(edge.status, `${address}: ${edge.text}`).toBe(201);
      }
      for (const address of ['8.8.8.8', '10.98.0.0', '10.98.0.1', '10.98.0.255']) {
        const outside = await call(fresh, 'POST', '/v2.0/routers', routerWithAddress(address), ADMIN);
        expect(outside.status, address).toBe(400);
        expect(outside.body.NeutronError.type).toBe('InvalidIpForNetwork');
        expect(outside.body.NeutronError.message).toContain('10.98.0.0/24');
      }
    } finally {
      await fresh.close();
    }
  });

  it('gives racing creates distinct addresses; racing picks of one address: one wins, the rest 409', async () => {
    // On PostgreSQL these transactions really run at once and collide on the unique index.
    const fresh = await startServer({ externalCidr: '10.97.0.0/27' });
    try {
      const racers = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          call(fresh, 'POST', '/v2.0/routers', { router: { name: `race${i}` } }),
        ),
      );
      expect(racers.map((created) => created.status)).toEqual(Array(12).fill(201));
      const addresses = racers
        .map((created) => gatewayOf(created.body))
        .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
      expect(addresses).toEqual(Array.from({ length: 12 }, (_, i) => `10.97.0.${i + 2}`));

      const picks = await Promise.all(
        Array.from({ length: 4 }, () =>
          call(fresh, 'POST', '/v2.0/routers', routerWithAddress('10.97.0.30'), ADMIN),
        ),
      );
      expect(picks.map((pick) => pick.status).sort()).toEqual([201, 409, 409, 409]);
      for (const refused of picks.filter((pick) => pick.status === 409)) {
        expect(refused.body.NeutronError.type).toBe('IpAddressInUse');
      }
      const listed = (await call(fresh, 'GET', '/v2.0/routers')).body.routers as Record<string, any>[];
      expect(listed).toHaveLength(13);
    } finally {
      await fresh.close();
    }
  });

  it('refuses an external gateway on a network that is not the external network', async () => {
    const refused = await call(server, 'POST', '/v2.0/routers', {
      router: { name: 'x', external_gateway_info: { network_id: '6f1e4c4e-94a2-4f55-8f0b-6f3c2a1f3b9d' } },
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({
      NeutronError: {
        type: 'BadRequest',
        message:
          'Bad router request: network 6f1e4c4e-94a2-4f55-8f0b-6f3c2a1f3b9d is not an external network; the external network is 0a2228f2-7f8a-45f1-8e09-9039e1d09975',
        detail: '',
      },
    });
  });

  it('gives a VPN service its router’s pool address as external_v4_ip', async () => {
    const fresh = await startServer({ externalCidr: '10.97.0.0/24' });
    try {
      const router = await call(fresh, 'POST', '/v2.0/routers', { router: { name: 'vpc' } });
      const service = await call(fresh, 'POST', '/v2.0/vpn/vpnservices', {
        vpnservice: { name: 'svc', router_id: router.body.router.id },
      });
      expect(service.status, service.text).toBe(201);
      expect(service.body.vpnservice.external_v4_ip).toBe('10.97.0.2');
    } finally {
      await fresh.close();
    }
  });
});
