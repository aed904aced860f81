import { type DynamicModule, Module } from '@nestjs/common';
import type { ResourceKey } from '@vpnaas/schema';
import type { Logger } from 'pino';
import { LOGGER } from './common/pino.logger.js';
import { PskSealer } from './common/psk-sealer.js';
import { QuotaService } from './common/quota.service.js';
import { type ResourceServices, resourceController } from './common/resource.controller.js';
import { APP_CONFIG, type AppConfig } from './config/app-config.js';
import { prepareDataDir } from './config/data-dir.js';
import { keyFromDataDir } from './config/secret-key.js';
import { DatabaseService } from './database/database.service.js';
import { DataplaneDriver } from './dataplane/dataplane.driver.js';
import { SimulatedDriver } from './dataplane/simulated/simulated.driver.js';
import { StrongswanDriver } from './dataplane/strongswan/strongswan.driver.js';
import { HealthController } from './health/health.controller.js';
import { MetricsController } from './metrics/metrics.controller.js';
import { Metrics } from './metrics/metrics.registry.js';
import { NetworkService } from './networking/networks/network.service.js';
import { PortController } from './networking/ports/port.controller.js';
import { RouterService } from './networking/routers/router.service.js';
import { RouterInterfaceController } from './networking/routers/router-interface.controller.js';
import { SubnetService } from './networking/subnets/subnet.service.js';
import { VersionController } from './version/version.controller.js';
import { EndpointGroupService } from './vpn/endpoint-groups/endpoint-group.service.js';
import { IkePolicyService } from './vpn/ike-policies/ike-policy.service.js';
import { IpsecPolicyService } from './vpn/ipsec-policies/ipsec-policy.service.js';
import { IpsecSiteConnectionService } from './vpn/ipsec-site-connections/ipsec-site-connection.service.js';
import { TagController } from './vpn/tags/tag.controller.js';
import { VpnServiceService } from './vpn/vpn-services/vpn-service.service.js';

/** Every resource, by its key, and the service that implements it (typed: a wrong pairing does not compile). */
const RESOURCE_SERVICES: ResourceServices = {
  ipsec_site_connection: IpsecSiteConnectionService,
  ikepolicy: IkePolicyService,
  ipsecpolicy: IpsecPolicyService,
  vpnservice: VpnServiceService,
  endpoint_group: EndpointGroupService,
  router: RouterService,
  subnet: SubnetService,
  network: NetworkService,
};

@Module({})
// biome-ignore lint/complexity/noStaticOnlyClass: a Nest dynamic module is a class with a static factory.
export class AppModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      controllers: [
        VersionController,
        HealthController,
        MetricsController,
        RouterInterfaceController,
        PortController,
        TagController,
        ...(Object.keys(RESOURCE_SERVICES) as ResourceKey[]).map((resource) =>
          resourceController(resource, RESOURCE_SERVICES[resource]),
        ),
      ],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        {
          provide: PskSealer,
          useFactory: () => {
            prepareDataDir(config.dataDir);
            return new PskSealer(
              config.secretKey ?? keyFromDataDir(config.dataDir),
              config.previousSecretKeys,
            );
          },
        },
        DatabaseService,
        QuotaService,
        {
          provide: DataplaneDriver,
          useClass: config.driver === 'strongswan' ? StrongswanDriver : SimulatedDriver,
        },
        Metrics,
        ...Object.values(RESOURCE_SERVICES),
      ],
    };
  }
}
