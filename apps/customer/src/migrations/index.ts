import { backboneMigrations } from '@utilia/platform';
import { CustomerSchema1732800000000 } from './1732800000000-customer-schema';
import { OnePointPerCommodity1732800000001 } from './1732800000001-one-point-per-commodity';
import { ReadModelsKeepStreamVersions1764806400100 } from './1764806400100-read-models-keep-stream-versions';
import { AgreementsTariffAsOfToday1764806400200 } from './1764806400200-agreements-tariff-as-of-today';
import { PremisesByAddressKey1764806400300 } from './1764806400300-premises-by-address-key';
import { TariffCatalog1764979200100 } from './1764979200100-tariff-catalog';
import { Account360OtherContexts1765065600100 } from './1765065600100-account-360-other-contexts';
import { AgreementMeteringArrangement1765152000100 } from './1765152000100-agreement-metering-arrangement';
import { AccountOpenItems1765152000200 } from './1765152000200-account-open-items';

/** This service's schema migrations, in order. TypeORM runs the pending ones at start. */
export const migrations: Array<new () => unknown> = [
  ...backboneMigrations,
  CustomerSchema1732800000000,
  OnePointPerCommodity1732800000001,
  ReadModelsKeepStreamVersions1764806400100,
  AgreementsTariffAsOfToday1764806400200,
  PremisesByAddressKey1764806400300,
  TariffCatalog1764979200100,
  Account360OtherContexts1765065600100,
  AgreementMeteringArrangement1765152000100,
  AccountOpenItems1765152000200,
];
