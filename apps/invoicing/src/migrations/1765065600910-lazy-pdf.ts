import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A document's PDF is rendered the first time it is needed (fetched, e-mailed), not when the invoice
 * is issued: a bill run issues thousands a minute and most go to print batches, drawn from the model.
 */
export class LazyPdf1765065600910 implements MigrationInterface {
  name = 'LazyPdf1765065600910';

  async up(q: QueryRunner): Promise<void> {
    await q.query('alter table document alter column pdf drop not null, alter column pdf_sha256 drop not null, alter column pages drop not null');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('delete from document where pdf is null');
    await q.query('alter table document alter column pdf set not null, alter column pdf_sha256 set not null, alter column pages set not null');
  }
}
