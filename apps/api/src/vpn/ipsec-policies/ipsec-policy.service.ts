import { Injectable } from '@nestjs/common';
import type { IpsecPolicy, IpsecPolicyCreate, IpsecPolicyUpdate } from '@vpnaas/schema';
import { DatabaseService } from '../../database/database.service.js';
import { DataplaneDriver } from '../../dataplane/dataplane.driver.js';
import { PolicyService } from '../policies/policy.service.js';

@Injectable()
export class IpsecPolicyService extends PolicyService<IpsecPolicyCreate & IpsecPolicyUpdate, IpsecPolicy> {
  constructor(database: DatabaseService, driver: DataplaneDriver) {
    super(database, driver, {
      table: 'ipsecpolicies',
      resource: 'ipsecpolicy',
      connectionColumn: 'ipsecpolicy_id',
      inUseType: 'IPsecPolicyInUse',
    });
  }
}
