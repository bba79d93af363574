import { uuidv7, type TariffDefinition, type Uuid } from '@utilia/contracts';
import type { CommandRunner } from '@utilia/platform';
import { handleTariffCommand } from '../catalog/tariff.handler';
import { SEED_CATALOG, type SeedTariff } from './catalog';

/** Who the seed's versions are by: the catalog file is written and reviewed in the repository (two people, as four eyes ask). */
export const SEED_AUTHOR = 'seed:catalog';
export const SEED_REVIEWER = 'seed:review';

/**
 * Puts the seed catalog's tariffs that are not in the catalog yet into it, each with its versions
 * drafted, approved and published (one transaction per tariff). Running it again changes nothing.
 */
export async function seedCatalog(commands: CommandRunner, catalog: readonly SeedTariff[] = SEED_CATALOG): Promise<{ created: string[]; existing: string[] }> {
  const known = new Set(
    (await commands.read<{ code: string }>('select code from r_tariff where code = any($1::text[])', [catalog.map((t) => t.code)])).map((r) => r.code),
  );
  const created: string[] = [];
  for (const t of catalog) {
    if (known.has(t.code)) continue;
    const tariffId = uuidv7();
    const { versions, source: _source, ...facts } = t;
    await commands.run(async (tx) => {
      await handleTariffCommand(tx, { type: 'create', tariffId, facts, by: SEED_AUTHOR });
      for (const v of versions) {
        const versionId = uuidv7();
        await handleTariffCommand(tx, {
          type: 'draft',
          tariffId,
          versionId,
          effectiveFrom: v.effectiveFrom,
          effectiveTo: v.effectiveTo ?? null,
          definition: v.definition as TariffDefinition,
          supersedes: null,
          origin: 'seed',
          by: SEED_AUTHOR,
        });
        await handleTariffCommand(tx, {
          type: 'approve',
          tariffId,
          versionId: versionId as Uuid,
          note: 'seed catalog, reviewed in the repository',
          by: SEED_REVIEWER,
        });
        await handleTariffCommand(tx, { type: 'publish', tariffId, versionId: versionId as Uuid, by: SEED_REVIEWER });
      }
    });
    created.push(t.code);
  }
  return { created, existing: [...known] };
}
