import { notFound, RuleViolation, type CommandRunner } from '@utilia/platform';
import { pricingTimeline, type Tariff, type TariffVersion } from '@utilia/rating';

type Reader = Pick<CommandRunner, 'read'>;

export interface TariffRow {
  id: string;
  code: string;
  name: string;
  commodity: 'electricity' | 'gas' | 'water';
  customer_class: 'residential' | 'commercial' | 'industrial';
  currency: string;
  time_zone: string;
  utility: string;
  description: string;
}

export interface VersionRow {
  id: string;
  tariff_id: string;
  status: 'draft' | 'approved' | 'published' | 'discarded';
  effective_from: string;
  effective_to: string | null;
  definition: Record<string, unknown>;
  supersedes: string | null;
  superseded_by: string | null;
  origin: string;
  authored_by: string;
  approved_by: string | null;
  approval_note: string | null;
  published_by: string | null;
  discard_reason: string | null;
}

const TARIFF_COLUMNS = 'id, code, name, commodity, customer_class, currency, time_zone, utility, description';

/** A tariff by its code. @throws RuleViolation 404 */
export async function tariffByCode(db: Reader, code: string): Promise<TariffRow> {
  const [row] = await db.read<TariffRow>(`select ${TARIFF_COLUMNS} from r_tariff where code = $1`, [code]);
  if (!row) throw notFound('tariff', code);
  return row;
}

/** Tariffs, optionally of one commodity and customer class, by code. */
export async function tariffs(db: Reader, filter: { commodity?: string; customerClass?: string }): Promise<TariffRow[]> {
  return db.read<TariffRow>(
    `select ${TARIFF_COLUMNS} from r_tariff where ($1::text is null or commodity = $1) and ($2::text is null or customer_class = $2) order by code`,
    [filter.commodity ?? null, filter.customerClass ?? null],
  );
}

/** The versions of tariffs, each with the published correction that replaced it, by start date. */
export async function versionsOf(db: Reader, tariffIds: readonly string[]): Promise<VersionRow[]> {
  if (tariffIds.length === 0) return [];
  return db.read<VersionRow>(
    `select v.id, v.tariff_id, v.status, v.effective_from::text as effective_from, v.effective_to::text as effective_to, v.definition,
            v.supersedes, s.id as superseded_by, v.origin, v.authored_by, v.approved_by, v.approval_note, v.published_by, v.discard_reason
       from r_tariff_version v
       left join r_tariff_version s on s.supersedes = v.id and s.status = 'published'
      where v.tariff_id = any($1::uuid[]) order by v.effective_from, v.drafted_at`,
    [tariffIds],
  );
}

/** The published versions that price bills: not replaced by a correction. Each with where it ends (libs/rating's rule). */
export function pricingVersions(versions: readonly VersionRow[]) {
  return pricingTimeline(
    versions.filter((v) => v.status === 'published').map((v) => ({ ...v, versionId: v.id, effectiveFrom: v.effective_from, effectiveTo: v.effective_to })),
  );
}

/** The published version in force on a day, if any. */
export function versionInForce(versions: readonly VersionRow[], day: string): VersionRow | undefined {
  return pricingVersions(versions).find((v) => v.effectiveFrom <= day && (v.endsOn === null || day < v.endsOn));
}

/** libs/rating tariffs by code, kept while their published versions stay the same (libs/rating compiles a tariff object once). */
const ratingTariffs = new Map<string, { signature: string; tariff: Tariff }>();

/**
 * Tariffs as libs/rating rates them: each one's published versions that price bills, each ending where
 * the next starts. One query for all the codes. @throws RuleViolation 404 for an unknown code, 422 when
 * nothing of a tariff is published.
 */
export async function publishedTariffs(db: Reader, codes: readonly string[]): Promise<Array<{ row: TariffRow; tariff: Tariff }>> {
  const rows = await db.read<TariffRow>(`select ${TARIFF_COLUMNS} from r_tariff where code = any($1::text[])`, [codes]);
  const byCode = new Map(rows.map((r) => [r.code, r]));
  for (const code of codes) if (!byCode.has(code)) throw notFound('tariff', code);
  const versions = await versionsOf(
    db,
    rows.map((r) => r.id),
  );
  return codes.map((code) => {
    const row = byCode.get(code) as TariffRow;
    const live = pricingVersions(versions.filter((v) => v.tariff_id === row.id));
    if (live.length === 0) throw new RuleViolation('tariff-not-published', `tariff ${code} has no published version`);
    const signature = live.map((v) => `${v.id}:${v.endsOn ?? ''}`).join(',');
    const cached = ratingTariffs.get(code);
    if (cached && cached.signature === signature) return { row, tariff: cached.tariff };
    const tariff: Tariff = {
      id: row.code,
      name: row.name,
      currency: row.currency,
      timeZone: row.time_zone,
      versions: live.map(
        (v) => ({ ...v.definition, id: v.id, effectiveFrom: v.effective_from, ...(v.endsOn ? { effectiveTo: v.endsOn } : {}) }) as TariffVersion,
      ),
    };
    ratingTariffs.set(code, { signature, tariff });
    return { row, tariff };
  });
}
