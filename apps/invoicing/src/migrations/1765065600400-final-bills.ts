import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A bill is a cycle's (`cycle`, made by a run) or a final one (at move-out, issued when service ends). */
export class FinalBills1765065600400 implements MigrationInterface {
  name = 'FinalBills1765065600400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table bill add column kind text not null default 'cycle'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('alter table bill drop column kind');
  }
}
