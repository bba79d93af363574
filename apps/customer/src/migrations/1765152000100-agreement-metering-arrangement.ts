import type { MigrationInterface, QueryRunner } from 'typeorm';

/** An agreement's metering arrangement (how its on-site generation is settled); 'none' for every earlier one. */
export class AgreementMeteringArrangement1765152000100 implements MigrationInterface {
  name = 'AgreementMeteringArrangement1765152000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table rm_agreement add column metering_arrangement text not null default 'none'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('alter table rm_agreement drop column metering_arrangement');
  }
}
