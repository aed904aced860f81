// The request counter and latency histogram. Every request is counted in plain
// numbers kept per method, route and status; prom-client's registry reads them
// only when /metrics is scraped, through the `get()` its own metrics have.
// prom-client's observe() validates and hashes the labels at every call, which
// was 3 % of a show.
import type { MetricObjectWithValues, MetricValue, MetricValueWithName } from 'prom-client';

type Labels = { method: string; route: string; status: string };

interface Series {
  readonly labels: Labels;
  count: number;
  sum: number;
  /** Observations at or below each bucket's bound (not cumulative; summed when read). */
  readonly perBucket: number[];
}

/** What prom-client's Registry needs of a metric: a name, a type, and its values when asked. */
export interface CollectedMetric {
  readonly name: string;
  readonly help: string;
  readonly type: 'counter' | 'histogram';
  readonly aggregator: 'sum';
  get(): Promise<MetricObjectWithValues<MetricValue<string> | MetricValueWithName<string>>>;
  reset(): void;
}

export class RequestMetrics {
  private readonly series = new Map<string, Series>();

  constructor(
    private readonly names: { readonly requests: string; readonly latency: string },
    /** The histogram's bucket bounds in seconds, ascending. */
    private readonly bounds: readonly number[],
  ) {}

  /** Counts one answered request. `route` is the route's pattern (`…/:id`), never the URL with its ids. */
  observe(method: string, route: string, status: number, seconds: number): void {
    const key = `${method} ${status} ${route}`;
    let series = this.series.get(key);
    if (!series) {
      series = {
        labels: { method, route, status: String(status) },
        count: 0,
        sum: 0,
        perBucket: this.bounds.map(() => 0),
      };
      this.series.set(key, series);
    }
    series.count += 1;
    series.sum += seconds;
    const bucket = this.bounds.findIndex((bound) => seconds <= bound);
    if (bucket >= 0) series.perBucket[bucket] = (series.perBucket[bucket] ?? 0) + 1;
  }

  /** The requests counter, as a metric prom-client's registry can read. */
  requestsMetric(help: string): CollectedMetric {
    return this.metric(this.names.requests, help, 'counter', () =>
      [...this.series.values()].map((series) => ({ labels: series.labels, value: series.count })),
    );
  }

  /** The latency histogram (`_bucket` with `le`, cumulative, then `_sum` and `_count`), likewise. */
  latencyMetric(help: string): CollectedMetric {
    const name = this.names.latency;
    return this.metric(name, help, 'histogram', () =>
      [...this.series.values()].flatMap((series) => {
        let cumulative = 0;
        const buckets = this.bounds.map((bound, index) => {
          cumulative += series.perBucket[index] ?? 0;
          return { labels: { le: bound, ...series.labels }, value: cumulative, metricName: `${name}_bucket` };
        });
        return [
          ...buckets,
          { labels: { le: '+Inf', ...series.labels }, value: series.count, metricName: `${name}_bucket` },
          { labels: series.labels, value: series.sum, metricName: `${name}_sum` },
          { labels: series.labels, value: series.count, metricName: `${name}_count` },
        ];
      }),
    );
  }

  private metric(
    name: string,
    help: string,
    type: 'counter' | 'histogram',
    values: () => (MetricValue<string> | MetricValueWithName<string>)[],
  ): CollectedMetric {
    return {
      name,
      help,
      type,
      aggregator: 'sum',
      get: async () => ({ name, help, type, aggregator: 'sum', values: values() }) as never,
      reset: () => this.series.clear(),
    };
  }
}
