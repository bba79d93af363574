import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A replayed answer is the first answer byte for byte: `json` keeps the text as written, `jsonb` reorders keys. */
export class IdempotencyJson1765152000050 implements MigrationInterface {
  name = 'IdempotencyJson1765152000050';

  async up(q: QueryRunner): Promise<void> {
    await q.query('alter table idempotency_key alter column response type json using response::json');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('alter table idempotency_key alter column response type jsonb using response::jsonb');
  }
}
