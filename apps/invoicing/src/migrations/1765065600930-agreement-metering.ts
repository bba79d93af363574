import type { MigrationInterface, QueryRunner } from 'typeorm';

/** How an agreement's on-site generation is settled (customer's `meteringArrangement`), passed to libs/rating; 'none' for every earlier one. */
export class AgreementMetering1765065600930 implements MigrationInterface {
  name = 'AgreementMetering1765065600930';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table i_agreement add column metering text not null default 'none'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('alter table i_agreement drop column metering');
  }
}
