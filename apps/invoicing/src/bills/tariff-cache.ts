import type { CommandTx } from '@utilia/platform';
import type { Tariff } from '@utilia/rating';
import { tariffOf, type TariffVersionRow } from '../copies/tariff.projections';

/** How many tariffs (a code's set of published versions) stay compiled in memory. */
const CAPACITY = 500;

/**
 * invoicing's tariffs as libs/rating rates them, kept compiled between bills: a bill run prices
 * thousands of bills with a handful of tariffs, and compiling a TOU version (its lookup tables) per
 * bill would cost more than rating it. The key is the code with the ids of its published versions,
 * so a version published since (by this or another instance) is a different key: nothing goes stale.
 */
export class TariffCache {
  private readonly compiled = new Map<string, Tariff>();

  /** The tariff of each code (undefined: nothing of it published), reading definitions only for codes not compiled yet. */
  async tariffs(tx: Pick<CommandTx, 'query'>, codes: readonly string[]): Promise<Map<string, Tariff | undefined>> {
    const out = new Map<string, Tariff | undefined>(codes.map((c) => [c, undefined]));
    if (codes.length === 0) return out;
    const heads = await tx.query<{ code: string; key: string }>(
      `select code, code || ':' || string_agg(id::text, ',' order by id) as key from i_tariff_version where code = any($1) group by code`,
      [[...new Set(codes)]],
      'inv_tariff_heads',
    );
    const missing = heads.filter((h) => !this.compiled.has(h.key));
    if (missing.length > 0) {
      const rows = await tx.query<TariffVersionRow>(
        `select id, code, name, commodity, customer_class, currency, time_zone, effective_from::text as effective_from, effective_to::text as effective_to,
                supersedes, definition
           from i_tariff_version where code = any($1) order by effective_from, id`,
        [missing.map((h) => h.code)],
      );
      for (const h of missing) {
        const tariff = tariffOf(rows.filter((r) => r.code === h.code));
        if (tariff) this.remember(h.key, tariff);
      }
    }
    for (const h of heads) out.set(h.code, this.compiled.get(h.key));
    return out;
  }

  private remember(key: string, tariff: Tariff): void {
    if (this.compiled.size >= CAPACITY) this.compiled.delete(this.compiled.keys().next().value as string);
    this.compiled.set(key, tariff);
  }
}
