// The request metrics as prom-client's registry reads them: counts, cumulative
// buckets and the reset the registry's resetMetrics() asks for.
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { RequestMetrics } from '../src/metrics/request-metrics.js';

function registryWith(metrics: RequestMetrics): Registry {
  const registry = new Registry();
  registry.registerMetric(metrics.requestsMetric('requests') as never);
  registry.registerMetric(metrics.latencyMetric('latency') as never);
  return registry;
}

describe('request metrics', () => {
  it('count by method, route and status, with cumulative buckets; a slow request only in +Inf', async () => {
    const metrics = new RequestMetrics({ requests: 'r_total', latency: 'l_seconds' }, [0.01, 0.1]);
    const registry = registryWith(metrics);
    metrics.observe('GET', '/a', 200, 0.005);
    metrics.observe('GET', '/a', 200, 0.05);
    metrics.observe('GET', '/a', 200, 3);
    metrics.observe('POST', '/a', 201, 0.005);
    const text = await registry.metrics();
    expect(text).toContain('r_total{method="GET",route="/a",status="200"} 3\n');
    expect(text).toContain('r_total{method="POST",route="/a",status="201"} 1\n');
    expect(text).toContain('l_seconds_bucket{le="0.01",method="GET",route="/a",status="200"} 1\n');
    expect(text).toContain('l_seconds_bucket{le="0.1",method="GET",route="/a",status="200"} 2\n');
    expect(text).toContain('l_seconds_bucket{le="+Inf",method="GET",route="/a",status="200"} 3\n');
    expect(text).toContain('l_seconds_sum{method="GET",route="/a",status="200"} 3.055\n');
    expect(text).toContain('l_seconds_count{method="GET",route="/a",status="200"} 3\n');
  });

  it('start again from nothing when the registry resets its metrics', async () => {
    const metrics = new RequestMetrics({ requests: 'r_total', latency: 'l_seconds' }, [0.01]);
    const registry = registryWith(metrics);
    metrics.observe('GET', '/a', 200, 0.005);
    registry.resetMetrics();
    const text = await registry.metrics();
    expect(text).not.toContain('r_total{');
    expect(text).not.toContain('l_seconds_count{');
  });
});
