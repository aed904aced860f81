// Probes for load balancers and Kubernetes, outside authentication:
//   GET /healthz — the process is up and answers HTTP (liveness);
//   GET /readyz  — the database answers and is migrated (readiness), else 503.
import { Controller, Get, HttpCode } from '@nestjs/common';
import { NeutronException } from '../common/neutron.exception.js';
import { DatabaseService } from '../database/database.service.js';
import { DatabaseUnavailableError } from '../database/database-unavailable.error.js';
import { ApiExcludeController } from '../docs/swagger.decorators.js';

@ApiExcludeController()
@Controller()
export class HealthController {
  constructor(private readonly database: DatabaseService) {}

  @Get('healthz')
  @HttpCode(200)
  healthz() {
    return { status: 'ok' };
  }

  @Get('readyz')
  @HttpCode(200)
  async readyz() {
    try {
      await this.database.checkReady();
    } catch (error) {
      const reason = error instanceof DatabaseUnavailableError ? error.reason : String(error);
      throw new NeutronException(503, 'HTTPServiceUnavailable', `Not ready: the database ${reason}`);
    }
    return { status: 'ok', database: this.database.engine };
  }
}
