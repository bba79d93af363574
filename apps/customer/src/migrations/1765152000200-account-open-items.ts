import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The open items payments lists with an account's balance (Money objects inside the jsonb; null for
 * announcements that did not list them). `if not exists`: a database made by a development build of
 * the 360 migration has the column already.
 */
export class AccountOpenItems1765152000200 implements MigrationInterface {
  name = 'AccountOpenItems1765152000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query('alter table rm_account_balance add column if not exists items jsonb');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('alter table rm_account_balance drop column items');
  }
}
