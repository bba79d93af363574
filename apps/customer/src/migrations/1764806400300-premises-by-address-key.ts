import type { Address } from '@utilia/contracts';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addressKey } from '../premise/address-key';

/**
 * Premises are found by the folded form of their address (`addressKey`), so a second registration
 * at the same address is caught. Existing rows get their key from the same function as new ones.
 */
export class PremisesByAddressKey1764806400300 implements MigrationInterface {
  name = 'PremisesByAddressKey1764806400300';

  async up(q: QueryRunner): Promise<void> {
    await q.query('alter table rm_premise add column address_key text');
    const rows = (await q.query('select id, address from rm_premise')) as Array<{ id: string; address: Address }>;
    for (let i = 0; i < rows.length; i += 1000) {
      const slice = rows.slice(i, i + 1000);
      await q.query('update rm_premise p set address_key = k.key from unnest($1::uuid[], $2::text[]) as k(id, key) where p.id = k.id', [
        slice.map((r) => r.id),
        slice.map((r) => addressKey(r.address)),
      ]);
    }
    await q.query('alter table rm_premise alter column address_key set not null');
    await q.query('create index rm_premise_address_key on rm_premise (address_key)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('alter table rm_premise drop column address_key');
  }
}
