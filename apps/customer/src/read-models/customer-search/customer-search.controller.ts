import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Answers, camel, CommandRunner, decodeCursor, limitParam, localDateOf, page, Roles, ValidationFailed } from '@utilia/platform';
import type { CustomerConfig } from '../../config';
import { READERS } from '../../shared/access';
import { CUSTOMER_CONFIG } from '../../shared/tokens';
import { PageOf, SearchHit } from '../views';
import { normalise, SEARCH_KINDS, type SearchKind } from './customer-search.projection';

/**
 * Matching: account numbers and meter serials by prefix (btree text_pattern_ops), names and
 * addresses by substring (pg_trgm GIN). An address or a meter leads to every agreement on its
 * points (up to five), one hit each, ranked: the agreement in force on the utility's today ($6)
 * first, then those upcoming (soonest first), then past ones (latest first); each hit says which.
 * A name leads to the customer's account (open first). Pages follow (term, entry, rank, order
 * within the rank, agreement): the cursor is the last hit's.
 */
const SEARCH_SQL = `
with entries as (
  select e.* from search_entry e
  where e.kind = any($1::text[]) and e.term <> ''
    and (case when e.kind in ('account-number', 'meter-serial') then e.term like $2 || '%' else e.term like '%' || $2 || '%' end)
    and ($3::text is null or (e.term, e.id) >= ($3::text, $4::text))
  order by e.term, e.id
  limit $5
), hits as (
  select h.*, g.id as agreement_id, g.account_id as agreement_account_id, coalesce(g.rank, 3) as rank, coalesce(g.within, 0) as within
  from entries h
  left join lateral (
    select g.id, g.account_id, r.rank, case when r.rank = 1 then g.start_date - date '2000-01-01' else date '2000-01-01' - g.start_date end as within
    from rm_agreement g join rm_service_point sp on sp.id = g.service_point_id
    cross join lateral (select case when g.start_date <= $6::date and (g.end_date is null or g.end_date >= $6::date) then 0
                                    when g.start_date > $6::date then 1 else 2 end as rank) r
    where h.account_id is null and (sp.id = h.service_point_id or (h.service_point_id is null and sp.premise_id = h.premise_id))
    order by r.rank, within, g.id limit 5
  ) g on true
)
select h.id, h.kind, h.label, h.term, h.premise_id, h.service_point_id, h.agreement_id, h.rank, h.within,
  case h.rank when 0 then 'current' when 1 then 'upcoming' when 2 then 'past' end as agreement_status,
  coalesce(h.account_id, h.agreement_account_id, own.id) as account_id,
  coalesce(h.customer_id, a.customer_id) as customer_id,
  a.account_number, c.display_name as customer_name
from hits h
left join lateral (
  select x.id from rm_account x where h.account_id is null and h.agreement_account_id is null and x.customer_id = h.customer_id
  order by x.status = 'open' desc, x.opened_on desc limit 1
) own on true
left join rm_account a on a.id = coalesce(h.account_id, h.agreement_account_id, own.id)
left join rm_customer c on c.id = coalesce(h.customer_id, a.customer_id)
where $3::text is null or (h.term, h.id, h.rank, h.within, coalesce(h.agreement_id::text, '')) > ($3::text, $4::text, $7::int, $8::int, $9::text)
order by h.term, h.id, h.rank, h.within, coalesce(h.agreement_id::text, '')
limit $5`;

/** A row of the search query: the hit and its place in the order. */
interface Hit {
  term: string;
  id: string;
  rank: number;
  within: number;
  agreement_id: string | null;
  [column: string]: unknown;
}

@ApiTags('search')
@Controller('search')
export class CustomerSearchController {
  constructor(
    private readonly commands: CommandRunner,
    @Inject(CUSTOMER_CONFIG) private readonly config: CustomerConfig,
  ) {}

  @Get()
  @Roles(...READERS)
  @ApiOperation({
    summary:
      'Find customers by name, account number, service address or meter serial prefix; an address or meter gives a hit per agreement on it, the one in force today first, then upcoming, then past (`agreementStatus`)',
  })
  @ApiQuery({ name: 'q', description: 'at least 3 characters (names, addresses) or 2 (numbers)' })
  @ApiQuery({ name: 'kind', required: false, enum: SEARCH_KINDS })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false })
  @Answers(PageOf(SearchHit))
  async search(
    @Query('q') q?: string,
    @Query('kind') kind?: string,
    @Query('cursor') cursor?: string,
    @Query('limit') limitText?: string,
  ): Promise<{ items: unknown[]; nextCursor: string | null }> {
    const term = normalise(q ?? '');
    if (term.length < 2) throw new ValidationFailed([{ field: 'q', message: 'must have at least 2 characters' }]);
    if (kind !== undefined && !(SEARCH_KINDS as readonly string[]).includes(kind)) {
      throw new ValidationFailed([{ field: 'kind', message: `must be one of ${SEARCH_KINDS.join(', ')}` }]);
    }
    // Substring search with fewer than 3 characters cannot use the trigram index: numbers only.
    const kinds: SearchKind[] = kind ? [kind as SearchKind] : term.length < 3 ? ['account-number', 'meter-serial'] : [...SEARCH_KINDS];
    const limit = limitParam(limitText);
    const after = decodeCursor(cursor, 5);
    const pattern = term.replace(/[\\%_]/g, (c) => `\\${c}`);
    const today = localDateOf(this.commands.now(), this.config.timeZone);
    const rows = await this.commands.read<Hit>(SEARCH_SQL, [
      kinds,
      pattern,
      after?.[0] ?? null,
      after?.[1] ?? null,
      limit + 1,
      today,
      after?.[2] ?? 0,
      after?.[3] ?? 0,
      after?.[4] ?? '',
    ]);
    return page(
      rows,
      limit,
      ({ term: _t, rank: _r, within: _w, ...r }) => camel(r),
      (last) => [last.term, last.id, last.rank, last.within, last.agreement_id ?? ''],
    );
  }
}
