import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A held bill keeps its draft (lines, currency, usage) so billing-ops can release it as rated; the note or reason of who released or cancelled it. */
export class BillDrafts1765065600300 implements MigrationInterface {
  name = 'BillDrafts1765065600300';

  async up(q: QueryRunner): Promise<void> {
    await q.query('alter table bill add column draft jsonb, add column usage jsonb, add column decided_by text, add column decision_note text');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('alter table bill drop column draft, drop column usage, drop column decided_by, drop column decision_note');
  }
}
