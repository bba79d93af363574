import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Answers, camel, CommandRunner, decodeCursor, limitParam, page, Roles, ValidationFailed } from '@utilia/platform';
import { READERS } from '../../shared/access';
import { PageOf, SearchHit } from '../views';
import { normalise, SEARCH_KINDS, type SearchKind } from './customer-search.projection';

/**
 * Matching: account numbers and meter serials by prefix (btree text_pattern_ops), names and
 * addresses by substring (pg_trgm GIN). Each hit is completed with the customer and account it
 * leads to: for an address or a meter, the account of the agreement in force (or the latest).
 */
const SEARCH_SQL = `
with hits as (
  select e.* from search_entry e
  where e.kind = any($1::text[]) and e.term <> ''
    and (case when e.kind in ('account-number', 'meter-serial') then e.term like $2 || '%' else e.term like '%' || $2 || '%' end)
    and ($3::text is null or (e.term, e.id) > ($3::text, $4::text))
  order by e.term, e.id
  limit $5
)
select h.id, h.kind, h.label, h.term, h.premise_id, h.service_point_id,
  coalesce(h.account_id, g.account_id, own.id) as account_id,
  coalesce(h.customer_id, a.customer_id) as customer_id,
  a.account_number, c.display_name as customer_name
from hits h
left join lateral (
  select g.account_id from rm_agreement g join rm_service_point sp on sp.id = g.service_point_id
  where h.account_id is null and (sp.id = h.service_point_id or (h.service_point_id is null and sp.premise_id = h.premise_id))
  order by (g.end_date is null) desc, g.start_date desc limit 1
) g on true
left join lateral (
  select x.id from rm_account x where h.account_id is null and g.account_id is null and x.customer_id = h.customer_id
  order by x.status = 'open' desc, x.opened_on desc limit 1
) own on true
left join rm_account a on a.id = coalesce(h.account_id, g.account_id, own.id)
left join rm_customer c on c.id = coalesce(h.customer_id, a.customer_id)
order by h.term, h.id`;

@ApiTags('search')
@Controller('search')
export class CustomerSearchController {
  constructor(private readonly commands: CommandRunner) {}

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: 'Find customers by name, account number, service address or meter serial prefix' })
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
    const after = decodeCursor(cursor, 2);
    const pattern = term.replace(/[\\%_]/g, (c) => `\\${c}`);
    const rows = await this.commands.read<{ term: string; id: string }>(SEARCH_SQL, [kinds, pattern, after?.[0] ?? null, after?.[1] ?? null, limit + 1]);
    return page(
      rows,
      limit,
      ({ term: _t, ...r }) => camel(r),
      (last) => [last.term, last.id],
    );
  }
}
