// The ids the API hands out: time-ordered UUIDs (version 7) for the VPN
// resources, random ones for the networking objects whose ids name interfaces.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startServer, type TestServer } from './support/test-server.js';
import { connectionBody, setUpVpn } from './support/vpn-setup.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** The Unix time in milliseconds that a UUIDv7 begins with. */
const timeOf = (id: string) => Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16);

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

describe('resource ids', () => {
  it('every VPN resource gets a UUIDv7 that begins with its creation time', async () => {
    const before = Date.now();
    const objects = await setUpVpn(server);
    const created = await call(server, 'POST', '/v2.0/vpn/ipsec-site-connections', connectionBody(objects));
    const after = Date.now();
    expect(created.status, created.text).toBe(201);
    const ids = [
      objects.ikepolicyId,
      objects.ipsecpolicyId,
      objects.vpnserviceId,
      objects.localGroupId,
      objects.peerGroupId,
      created.body.ipsec_site_connection.id,
    ];
    for (const id of ids) {
      expect(id).toMatch(UUID_V7);
      expect(timeOf(id)).toBeGreaterThanOrEqual(before);
      expect(timeOf(id)).toBeLessThanOrEqual(after);
    }
    // Made one after another: their times never go back, and no two ids are the same.
    expect(ids.map(timeOf)).toEqual([...ids.map(timeOf)].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('routers made at the same moment differ in the first hex digits that name their interfaces', async () => {
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        call(
          server,
          'POST',
          '/v2.0/routers',
          { router: { name: `same-moment-${index}` } },
          {
            'X-Project-Id': `resource-ids-${index}`,
          },
        ),
      ),
    );
    const ids = answers.map((answer) => {
      expect(answer.status, answer.text).toBe(201);
      return answer.body.router.id as string;
    });
    // The strongSwan data plane names a router's gateway leg `ge-<11 hex of its id>`.
    const prefixes = ids.map((id) => id.replace(/-/g, '').slice(0, 11));
    expect(new Set(prefixes).size).toBe(ids.length);
    for (const id of ids) expect(id).not.toMatch(UUID_V7);
  });
});
