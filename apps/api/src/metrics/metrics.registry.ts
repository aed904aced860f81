// Prometheus metrics (prom-client): requests by route and status, their
// latency, the VPN objects by status, the driver's pending work, and Node's
// own process metrics. Gauges that count rows are read from the database when
// scraped, so every replica reports the same totals.
import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { DatabaseService } from '../database/database.service.js';
import { RequestMetrics } from './request-metrics.js';

/** The tables whose rows have a status, by the resource name the metrics use. */
const STATUS_TABLES = { vpnservice: 'vpnservices', ipsec_site_connection: 'ipsec_site_connections' } as const;

@Injectable()
export class Metrics {
  readonly registry = new Registry();
  /** Requests by method, route and status, and their latency: tallied per request, read when scraped. */
  private readonly requests = new RequestMetrics(
    { requests: 'vpnaas_http_requests_total', latency: 'vpnaas_http_request_duration_seconds' },
    [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  );

  constructor(database: DatabaseService) {
    // prom-client's registry takes any metric that answers get(); its types only name its own classes.
    this.registry.registerMetric(
      this.requests.requestsMetric('HTTP requests answered, by method, route and status') as never,
    );
    this.registry.registerMetric(
      this.requests.latencyMetric(
        'Time from the request to the end of the answer, by method, route and status',
      ) as never,
    );
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'vpnaas_resources',
      help: 'VPN services and IPsec site connections, by status',
      labelNames: ['resource', 'status'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const [resource, table] of Object.entries(STATUS_TABLES)) {
          const rows = await database.db
            .selectFrom(table)
            .select(['status', (eb) => eb.fn.countAll<number>().as('count')])
            .groupBy('status')
            .execute();
          for (const row of rows) this.set({ resource, status: row.status }, Number(row.count));
        }
      },
    });
    new Gauge({
      name: 'vpnaas_driver_pending',
      help: 'VPN services and connections waiting for the driver (PENDING_*)',
      registers: [this.registry],
      async collect() {
        let pending = 0;
        for (const table of Object.values(STATUS_TABLES)) {
          const row = await database.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('count'))
            .where('pending_until', 'is not', null)
            .executeTakeFirstOrThrow();
          pending += Number(row.count);
        }
        this.set(pending);
      },
    });
  }

  /** Counts one answered request. `route` is the route's pattern (`…/:id`), never the URL with its ids. */
  observe(method: string, route: string, status: number, seconds: number): void {
    this.requests.observe(method, route, status, seconds);
  }
}
