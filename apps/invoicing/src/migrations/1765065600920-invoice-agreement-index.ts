import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A document shows the agreement's last periods of usage: found by agreement, not by reading every invoice. */
export class InvoiceAgreementIndex1765065600920 implements MigrationInterface {
  name = 'InvoiceAgreementIndex1765065600920';

  async up(q: QueryRunner): Promise<void> {
    await q.query('create index invoice_agreement on invoice (agreement_id, period_from)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('drop index invoice_agreement');
  }
}
