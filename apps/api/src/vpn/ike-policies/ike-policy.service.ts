import { Injectable } from '@nestjs/common';
import type { IkePolicy, IkePolicyCreate, IkePolicyUpdate } from '@vpnaas/schema';
import { DatabaseService } from '../../database/database.service.js';
import { DataplaneDriver } from '../../dataplane/dataplane.driver.js';
import { PolicyService } from '../policies/policy.service.js';

@Injectable()
export class IkePolicyService extends PolicyService<IkePolicyCreate & IkePolicyUpdate, IkePolicy> {
  constructor(database: DatabaseService, driver: DataplaneDriver) {
    super(database, driver, {
      table: 'ikepolicies',
      resource: 'ikepolicy',
      connectionColumn: 'ikepolicy_id',
      inUseType: 'IKEPolicyInUse',
    });
  }
}
