// The baseline the benchmark compares with: the same create body validated the
// way NestJS apps do by default (class-transformer + class-validator DTOs).
// The limits are read from the generated schema, so even the baseline writes none twice.
import 'reflect-metadata';
import { loadRuleSetSchema } from '@vpnaas/schema';
import { Type } from 'class-transformer';
import {
  Equals,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import type { JSONSchema7 } from 'json-schema';

const schema = loadRuleSetSchema('otc');
const props = schema.definitions.IpsecSiteConnectionCreate?.properties as Record<string, JSONSchema7>;
const dpdProps = schema.definitions.DpdCreate?.properties as Record<string, JSONSchema7>;
const limit = (property: JSONSchema7 | undefined, key: 'minLength' | 'maxLength' | 'minimum' | 'maximum') =>
  property?.[key] as number;
const enumOf = (name: string) => schema.definitions[name]?.enum as string[];

export class DpdDto {
  @IsOptional()
  @IsIn(enumOf('DpdAction'))
  action?: string;

  @IsOptional()
  @IsInt()
  @Min(limit(dpdProps.interval, 'minimum'))
  @Max(limit(dpdProps.interval, 'maximum'))
  interval?: number;

  @IsOptional()
  @IsInt()
  @Min(limit(dpdProps.timeout, 'minimum'))
  @Max(limit(dpdProps.timeout, 'maximum'))
  timeout?: number;
}

export class IpsecSiteConnectionCreateDto {
  @IsString()
  @Length(limit(props.psk, 'minLength'), limit(props.psk, 'maxLength'))
  @Matches(new RegExp(props.psk?.pattern as string))
  psk!: string;

  @IsOptional()
  @IsIn(enumOf('Initiator'))
  initiator?: string;

  @IsUUID('all') ipsecpolicy_id!: string;
  @IsUUID('all') ikepolicy_id!: string;
  @IsUUID('all') vpnservice_id!: string;
  @IsUUID('all') local_ep_group_id!: string;
  @IsUUID('all') peer_ep_group_id!: string;

  @IsOptional()
  @Equals(true)
  admin_state_up?: boolean;

  @IsOptional()
  @Equals(1500)
  mtu?: number;

  @IsString()
  @Length(limit(props.peer_address, 'minLength'), limit(props.peer_address, 'maxLength'))
  peer_address!: string;

  @IsString()
  @Length(limit(props.peer_id, 'minLength'), limit(props.peer_id, 'maxLength'))
  peer_id!: string;

  @IsOptional()
  @Length(limit(props.name, 'minLength'), limit(props.name, 'maxLength'))
  name?: string;

  @IsOptional()
  @IsString()
  @MaxLength(limit(props.description, 'maxLength'))
  description?: string;

  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  peer_cidrs?: string[];

  @IsOptional()
  @ValidateNested()
  @Type(() => DpdDto)
  dpd?: DpdDto;

  @IsOptional()
  @Length(limit(props.tenant_id, 'minLength'), limit(props.tenant_id, 'maxLength'))
  tenant_id?: string;

  @IsOptional()
  @Length(limit(props.project_id, 'minLength'), limit(props.project_id, 'maxLength'))
  project_id?: string;
}

export class IpsecSiteConnectionCreateRequestDto {
  @ValidateNested()
  @Type(() => IpsecSiteConnectionCreateDto)
  ipsec_site_connection!: IpsecSiteConnectionCreateDto;
}
