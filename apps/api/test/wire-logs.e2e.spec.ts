// What the service logs about the request edge, and whose forwarded headers it
// believes: a client that hangs up is a debug line (issue 9.8), a psk in a
// query string never reaches a log (9.6), and X-Forwarded-Host/-Proto count only
// from the configured proxies (9.7).
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectedLog } from './support/collected-log.js';
import { call, startServer, type TestServer } from './support/test-server.js';

let server: TestServer;
const log = collectedLog();
beforeAll(async () => {
  server = await startServer({ logLevel: 'debug' }, { logDestination: log.destination });
});
afterAll(() => server.close());

const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe('logs', () => {
  it('logs a client that hangs up mid-body at debug level, with no error line and no stack', async () => {
    const before = log.lines().length;
    const { port } = new URL(server.url);
    await new Promise<void>((resolve) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(
          'POST /v2.0/vpn/ikepolicies HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"ike',
        );
        setTimeout(() => {
          socket.destroy();
          resolve();
        }, 150);
      });
    });
    await settle();
    const written = log.lines().slice(before);
    expect(written.filter((line) => line.level >= 40)).toEqual([]);
    // Node's parser and the request's own error each say so; the request's line names it.
    const disconnected = written
      .filter((line) => line.msg === 'client disconnected')
      .map(({ level, reqId, code }) => ({ level, reqId, code }));
    expect(disconnected).toHaveLength(2);
    expect(disconnected).toEqual(
      expect.arrayContaining([
        { level: 20, reqId: undefined, code: 'HPE_INVALID_EOF_STATE' },
        { level: 20, reqId: expect.stringMatching(/^req-[0-9a-f-]{36}$/), code: 'ECONNRESET' },
      ]),
    );
    expect(JSON.stringify(written)).not.toContain('stack');
  });

  it('redacts the psk of a query string in the request log', async () => {
    const before = log.lines().length;
    await call(server, 'GET', '/v2.0/vpn/ipsec-site-connections?name=a&psk=hunter2secret&PSK=other2secret');
    await call(server, 'GET', '/v2.0/vpn/ipsec-site-connections?%70sk=hunter3secret');
    await settle();
    const written = JSON.stringify(log.lines().slice(before));
    expect(written).toContain('psk=[REDACTED]');
    for (const secret of ['hunter2secret', 'other2secret', 'hunter3secret'])
      expect(written).not.toContain(secret);
  });
});

describe('forwarded headers', () => {
  const forwarded = { 'X-Forwarded-Host': 'evil.example', 'X-Forwarded-Proto': 'javascript' };

  it('ignores X-Forwarded-Host/-Proto when no proxy is trusted', async () => {
    const response = await call(server, 'GET', '/v2.0/vpn/ikepolicies?limit=1', undefined, forwarded);
    for (const link of response.body.ikepolicies_links as { href: string }[]) {
      expect(link.href.startsWith(`${server.url}/v2.0/vpn/ikepolicies?`)).toBe(true);
    }
    const versions = await call(server, 'GET', '/', undefined, forwarded);
    expect(versions.body.versions[0].links[0].href).toBe(`${server.url}/v2.0/`);
  });

  it('believes a trusted proxy (VPNAAS_TRUSTED_PROXIES), still only http or https', async () => {
    const proxied = await startServer({ trustedProxies: ['127.0.0.1'] });
    try {
      const https = await call(proxied, 'GET', '/', undefined, {
        'X-Forwarded-Host': 'vpn.example.com',
        'X-Forwarded-Proto': 'https',
      });
      expect(https.body.versions[0].links[0].href).toBe('https://vpn.example.com/v2.0/');
      const odd = await call(proxied, 'GET', '/', undefined, {
        'X-Forwarded-Host': 'evil.example/path?',
        'X-Forwarded-Proto': 'javascript',
      });
      expect(odd.body.versions[0].links[0].href).toMatch(/^http:\/\/127\.0\.0\.1(:\d+)?\/v2\.0\/$/);
    } finally {
      await proxied.close();
    }
  });
});

describe('the access log in token mode', () => {
  it('writes one line per request, stated literally, with neither the token nor the psk', async () => {
    const tokenLog = collectedLog();
    const tokenServer = await startServer(
      {
        logLevel: 'info',
        authMode: 'token',
        tokens: new Map([['tok-3f9a-secret', { project_id: 'p-token', roles: ['member'] }]]),
      },
      { logDestination: tokenLog.destination },
    );
    try {
      const listed = await call(tokenServer, 'GET', '/v2.0/vpn/ikepolicies?psk=hunter2-psk', undefined, {
        'X-Auth-Token': 'tok-3f9a-secret',
      });
      const refused = await call(tokenServer, 'GET', '/v2.0/vpn/ikepolicies', undefined, {
        'X-Auth-Token': 'tok-wrong-secret',
      });
      const health = await call(tokenServer, 'GET', '/healthz');
      expect([listed.status, refused.status, health.status]).toEqual([200, 401, 200]);
      await settle();
      const text = tokenLog.written.join('');
      for (const secret of ['tok-3f9a-secret', 'tok-wrong-secret', 'hunter2-psk'])
        expect(text).not.toContain(secret);
      const requestLines = tokenLog.lines().filter((line) => line.msg === 'request');
      const strip = ({ latency_ms, ...rest }: Record<string, unknown>) => {
        expect(latency_ms).toEqual(expect.any(Number));
        return rest;
      };
      expect(requestLines.map(strip)).toEqual([
        {
          level: 30,
          reqId: listed.headers.get('x-openstack-request-id'),
          method: 'GET',
          url: '/v2.0/vpn/ikepolicies?psk=[REDACTED]',
          route: '/v2.0/vpn/ikepolicies',
          status: 200,
          project: 'p-token',
          msg: 'request',
        },
        {
          level: 30,
          reqId: refused.headers.get('x-openstack-request-id'),
          method: 'GET',
          url: '/v2.0/vpn/ikepolicies',
          route: '/v2.0/vpn/ikepolicies',
          status: 401,
          error_type: 'HTTPUnauthorized',
          msg: 'request',
        },
        // A public path's caller is anonymous: no project, though the service has a default one.
        {
          level: 30,
          reqId: health.headers.get('x-openstack-request-id'),
          method: 'GET',
          url: '/healthz',
          route: '/healthz',
          status: 200,
          msg: 'request',
        },
      ]);
    } finally {
      await tokenServer.close();
    }
  });
});

describe('the access log at level warn', () => {
  it('writes no request lines, as pino would not', async () => {
    const { written, destination } = collectedLog();
    const quiet = await startServer({ logLevel: 'warn' }, { logDestination: destination });
    try {
      expect((await call(quiet, 'GET', '/v2.0/vpn/ikepolicies')).status).toBe(200);
      expect((await call(quiet, 'GET', '/v2.0/vpn/ikepolicies/nope')).status).toBe(404);
      await settle();
      expect(written.join('')).not.toContain('"msg":"request"');
    } finally {
      await quiet.close();
    }
  });
});
