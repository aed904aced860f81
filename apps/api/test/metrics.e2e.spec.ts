// What an operator sees: one access-log line per request, and Prometheus metrics.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killAll, type ServiceProcess, startProcess } from './support/service-process.js';
import { call } from './support/test-server.js';
import { connectionBody, setUpVpn } from './support/vpn-setup.js';

let service: ServiceProcess;
beforeAll(async () => {
  service = await startProcess({ VPNAAS_LOG_LEVEL: 'info', VPNAAS_ACTIVATION_DELAY_MS: '600000' });
});
afterAll(async () => {
  await service.stop();
  killAll();
});

const accessLines = () =>
  service
    .output()
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line))
    .filter((line) => line.msg === 'request');

describe('the access log', () => {
  it('writes one line per request: method, route, status, latency, request id, project, error type', async () => {
    const missing = await call(
      service,
      'GET',
      '/v2.0/vpn/ikepolicies/1c6b2a0e-3b1e-4d6c-9a55-0d2f9b4f0a11?psk=do-not-log',
      undefined,
      {
        'X-Project-Id': 'p-log',
      },
    );
    expect(missing.status).toBe(404);
    const requestId = missing.headers.get('x-openstack-request-id');
    // The line is written after the answer: wait for it to come through the pipe.
    const deadline = Date.now() + 5000;
    let lines = accessLines().filter((line) => line.reqId === requestId);
    while (lines.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      lines = accessLines().filter((line) => line.reqId === requestId);
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      method: 'GET',
      route: '/v2.0/vpn/ikepolicies/:id',
      status: 404,
      project: 'p-log',
      error_type: 'IKEPolicyNotFound',
    });
    expect(lines[0].latency_ms).toBeGreaterThanOrEqual(0);
    expect(lines[0].url).toBe('/v2.0/vpn/ikepolicies/1c6b2a0e-3b1e-4d6c-9a55-0d2f9b4f0a11?psk=[REDACTED]');
    expect(service.output()).not.toContain('do-not-log');
    // Fastify's own two lines per request are gone.
    expect(service.output()).not.toContain('incoming request');
  });
});

describe('GET /metrics', () => {
  it('counts requests by route and status, and VPN objects by status', async () => {
    const objects = await setUpVpn(service);
    const created = await call(service, 'POST', '/v2.0/vpn/ipsec-site-connections', connectionBody(objects));
    expect(created.status).toBe(201);
    await call(service, 'GET', '/v2.0/vpn/ikepolicies');
    await call(service, 'GET', '/v2.0/vpn/ikepolicies');

    const scrape = await fetch(`${service.url}/metrics`);
    expect(scrape.status).toBe(200);
    expect(scrape.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const text = await scrape.text();
    expect(text).toMatch(
      /vpnaas_http_requests_total\{method="GET",route="\/v2\.0\/vpn\/ikepolicies",status="200"\} 2\n/,
    );
    expect(text).toMatch(
      /vpnaas_http_requests_total\{method="POST",route="\/v2\.0\/vpn\/ipsec-site-connections",status="201"\} 1\n/,
    );
    expect(text).toMatch(
      /vpnaas_http_request_duration_seconds_bucket\{le="0\.1",method="GET",route="\/v2\.0\/vpn\/ikepolicies",status="200"\} 2\n/,
    );
    // Cumulative buckets, then +Inf, _sum and _count of the same series.
    expect(text).toMatch(
      /vpnaas_http_request_duration_seconds_bucket\{le="\+Inf",method="GET",route="\/v2\.0\/vpn\/ikepolicies",status="200"\} 2\n/,
    );
    expect(text).toMatch(
      /vpnaas_http_request_duration_seconds_count\{method="GET",route="\/v2\.0\/vpn\/ikepolicies",status="200"\} 2\n/,
    );
    const sum =
      /vpnaas_http_request_duration_seconds_sum\{method="GET",route="\/v2\.0\/vpn\/ikepolicies",status="200"\} (\S+)\n/.exec(
        text,
      );
    expect(Number(sum?.[1])).toBeGreaterThan(0);
    expect(Number(sum?.[1])).toBeLessThan(10);
    const buckets = [
      ...text.matchAll(
        /vpnaas_http_request_duration_seconds_bucket\{le="[^"]+",method="GET",route="\/v2\.0\/vpn\/ikepolicies",status="200"\} (\d+)\n/g,
      ),
    ].map((match) => Number(match[1]));
    expect(buckets).toHaveLength(12);
    expect(buckets).toEqual([...buckets].sort((a, b) => a - b));
    expect(text).toMatch(/vpnaas_resources\{resource="ipsec_site_connection",status="PENDING_CREATE"\} 1\n/);
    expect(text).toMatch(/vpnaas_resources\{resource="vpnservice",status="PENDING_CREATE"\} 1\n/);
    expect(text).toMatch(/vpnaas_driver_pending 2\n/);
    expect(text).toContain('process_resident_memory_bytes');
    expect(text).not.toContain(created.body.ipsec_site_connection.psk);
  });
});
