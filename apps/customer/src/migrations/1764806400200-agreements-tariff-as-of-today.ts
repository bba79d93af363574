import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An agreement's tariff in force depends on the day it is asked for: the read model keeps only the
 * tariff history (`tariffs`), and the queries say which tariff is in force today and which changes
 * are scheduled. The stored `tariff_code` (the latest change, even one still ahead) goes.
 */
export class AgreementsTariffAsOfToday1764806400200 implements MigrationInterface {
  name = 'AgreementsTariffAsOfToday1764806400200';

  async up(q: QueryRunner): Promise<void> {
    await q.query('alter table rm_agreement drop column tariff_code');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table rm_agreement add column tariff_code text not null default ''`);
    await q.query(`update rm_agreement set tariff_code = tariffs->(jsonb_array_length(tariffs) - 1)->>'tariffCode'`);
    await q.query('alter table rm_agreement alter column tariff_code drop default');
  }
}
