// GET /metrics: the Prometheus exposition. Public, like version discovery:
// protect it where the service listens beyond loopback (see the README).
import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '../docs/swagger.decorators.js';
import { Metrics } from './metrics.registry.js';

@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
