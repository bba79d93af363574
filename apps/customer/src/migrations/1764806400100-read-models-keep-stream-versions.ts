import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Every read-model table of the customer service. */
const READ_MODEL_TABLES = [
  'rm_customer',
  'rm_account',
  'rm_premise',
  'rm_service_point',
  'rm_agreement',
  'rm_work_order',
  'rm_interaction',
  'rm_account_balance',
  'rm_account_invoice',
  'rm_account_usage',
  'search_entry',
];

/**
 * Read-model rows remember, per stream that fed them, the last version applied (`stream_versions`)
 * instead of one global position, and carry a `revision` the upsert checks: positions of one
 * database order events per partition key only, and a row fed from Kafka may see one stream's
 * events through several partitions. Each row today was fed by one stream: its version is the one
 * of the row's last event.
 */
export class ReadModelsKeepStreamVersions1764806400100 implements MigrationInterface {
  name = 'ReadModelsKeepStreamVersions1764806400100';

  async up(q: QueryRunner): Promise<void> {
    for (const t of READ_MODEL_TABLES) {
      await q.query(`alter table ${t} add column stream_versions jsonb not null default '{}', add column revision integer not null default 0`);
      await q.query(
        `update ${t} r set stream_versions = jsonb_build_object(e.stream_id, e.stream_version), revision = 1 from events e where e.event_id::text = r.last_event_id`,
      );
      await q.query(`alter table ${t} drop column last_position`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of READ_MODEL_TABLES) {
      await q.query(`alter table ${t} add column last_position bigint not null default 0`);
      await q.query(`update ${t} r set last_position = e.position from events e where e.event_id::text = r.last_event_id`);
      await q.query(`alter table ${t} alter column last_position drop default, drop column stream_versions, drop column revision`);
    }
  }
}
