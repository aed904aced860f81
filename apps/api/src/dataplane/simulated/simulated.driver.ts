// The simulated driver (VPNAAS_DRIVER=simulated, the default): what an agent
// does upstream, without a data plane. New and changed VPN services and
// connections are PENDING_*; after the configured delay the driver makes them
// ACTIVE. The due time is stored, so pending work survives a restart.
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '../../common/pino.logger.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { DatabaseService } from '../../database/database.service.js';
import { DataplaneDriver } from '../dataplane.driver.js';
import { anyDueWork, claimDueWork } from './due-work.claim.js';

@Injectable()
export class SimulatedDriver
  extends DataplaneDriver
  implements OnApplicationBootstrap, OnApplicationShutdown
{
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly database: DatabaseService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    super();
  }

  /** When work started now becomes ACTIVE. */
  dueTime(): number {
    return Date.now() + this.config.activationDelayMs;
  }

  /** Nothing to do at once: the timer finds the due rows. */
  apply(): void {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.tick(), this.config.driverIntervalMs);
    this.tick();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Makes every due service and connection ACTIVE (one run at a time). */
  tick(): Promise<void> {
    this.running ??= this.activateDue()
      .catch((error: unknown) => this.logger.error({ err: error }, 'status driver failed'))
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  private async activateDue(): Promise<void> {
    const now = Date.now();
    if (!(await anyDueWork(this.database.query, now))) return;
    await this.database.lockingTransaction(async (trx) => {
      for (const table of ['vpnservices', 'ipsec_site_connections'] as const) {
        const ids = await claimDueWork(trx, table, now);
        if (ids.length === 0) continue;
        await trx
          .updateTable(table)
          .set({ status: 'ACTIVE', pending_until: null })
          .where('id', 'in', ids)
          .execute();
        this.logger.info({ table, ids }, 'activated');
      }
    });
  }
}
