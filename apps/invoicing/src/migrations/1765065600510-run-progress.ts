import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A bill run starts in chunks, each its own transaction (a cycle of 100,000 agreements is never one
 * transaction or held in memory): `status` starting → started, `cursor` the last agreement id done,
 * so a run cut off by a crash continues where it stopped; `announced` once BillRunStarted is out. A bill keeps who estimated its usage
 * (`estimated_by` 'invoicing' when metering did not answer in time) and the register reads and
 * demand metering sent, for the document.
 */
export class RunProgress1765065600510 implements MigrationInterface {
  name = 'RunProgress1765065600510';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table bill_run add column status text not null default 'started', add column cursor uuid, add column bills integer not null default 0,
      add column chunked_at timestamptz not null default now(), add column announced boolean not null default true`);
    await q.query(`alter table bill add column estimated_by text`);
    await q.query(`create index bill_awaiting on bill (requested_at) where status = 'awaiting-usage'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('drop index bill_awaiting');
    await q.query('alter table bill drop column estimated_by');
    await q.query('alter table bill_run drop column status, drop column cursor, drop column bills, drop column chunked_at, drop column announced');
  }
}
