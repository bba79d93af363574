import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `document_series`: the last number given in each series (invoices, credit notes), gap-free;
 * `bill_cycle`: the cycles accounts are read and billed in (20 by day of month to begin with), with
 * their payment terms.
 */
export class NumberingCycles1765065600100 implements MigrationInterface {
  name = 'NumberingCycles1765065600100';

  async up(q: QueryRunner): Promise<void> {
    await q.query('create table document_series (series text primary key, last bigint not null check (last > 0))');
    await q.query(`create table bill_cycle (
      code text primary key, read_day integer not null check (read_day between 1 and 28), payment_terms_days integer not null check (payment_terms_days between 0 and 90),
      description text not null)`);
    // Cycles 01..20: read on that day of the month, due 21 days after the bill.
    await q.query(`insert into bill_cycle (code, read_day, payment_terms_days, description)
      select lpad(d::text, 2, '0'), d, 21, 'read on day ' || d || ' of each month, due 21 days after the bill' from generate_series(1, 20) d`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('drop table bill_cycle');
    await q.query('drop table document_series');
  }
}
