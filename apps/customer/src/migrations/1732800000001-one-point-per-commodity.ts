import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Settles two concurrent adds of one commodity to one premise (the premise decider checks it first). */
export class OnePointPerCommodity1732800000001 implements MigrationInterface {
  name = 'OnePointPerCommodity1732800000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query('create unique index rm_service_point_premise_commodity on rm_service_point (premise_id, commodity)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('drop index if exists rm_service_point_premise_commodity');
  }
}
