import { Controller, Get, Header, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Type, type Static } from '@sinclair/typebox';
import {
  Answers,
  assertCanSeeAccount,
  camel,
  CommandRunner,
  CurrentPrincipal,
  idParam,
  localDateOf,
  notFound,
  Roles,
  ValidationFailed,
  type Principal,
} from '@utilia/platform';
import { formatMoney } from '@utilia/rating';
import Big from 'big.js';
import { stringify } from 'csv-stringify/sync';
import { positionOf } from '../accounts/balance';
import type { PaymentsConfig } from '../config';
import { PAYMENTS_CONFIG } from '../tokens';

const READERS = ['csr', 'csr-supervisor', 'billing-ops', 'admin', 'auditor'] as const;
const FINANCE = ['billing-ops', 'admin', 'auditor'] as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const Money = Type.Object({ amount: Type.String(), currency: Type.String() });
const Position = Type.Object({
  accountId: Type.String(),
  balance: { ...Money, description: 'What the account owes; negative: a credit.' },
  pastDue: Money,
  available: { ...Money, description: 'Credit not used yet (pays the next invoice, or refundable).' },
  openItems: Type.Integer(),
  asOf: Type.String(),
});
const OpenItems = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      kind: Type.String({ description: 'invoice, or a charge kind (late-fee, deposit, ...).' }),
      number: Type.String(),
      description: Type.String(),
      issuedOn: Type.String(),
      dueDate: Type.Union([Type.String(), Type.Null()]),
      amount: Type.String(),
      openAmount: Type.String(),
      daysPastDue: Type.Integer(),
    }),
  ),
});
const Aging = Type.Object({
  asOf: Type.String(),
  currency: Type.String(),
  totals: Type.Record(Type.String(), Type.String(), { description: 'current, 1-30, 31-60, 61-90, 90+ days past due.' }),
  accounts: Type.Array(Type.Object({ accountId: Type.String(), buckets: Type.Record(Type.String(), Type.String()), total: Type.String() })),
});
const Revenue = Type.Object({
  from: Type.String(),
  to: Type.String(),
  lines: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), currency: Type.String(), amount: Type.String() })),
});

const BUCKETS = ['current', '1-30', '31-60', '61-90', '90+'] as const;
const BUCKET_SQL = `case when o.due_date is null or o.due_date >= $1::date then 'current'
  when $1::date - o.due_date <= 30 then '1-30' when $1::date - o.due_date <= 60 then '31-60' when $1::date - o.due_date <= 90 then '61-90' else '90+' end`;

function dateParam(name: string, value: string | undefined, fallback?: string): string {
  const v = value ?? fallback;
  if (!v || !DATE.test(v)) throw new ValidationFailed([{ field: name, message: 'is a date (YYYY-MM-DD)' }]);
  return v;
}

@ApiTags('ledger')
@Controller()
export class LedgerController {
  constructor(
    private readonly commands: CommandRunner,
    @Inject(PAYMENTS_CONFIG) private readonly config: PaymentsConfig,
  ) {}

  private today(): string {
    return localDateOf(this.commands.now(), this.config.timeZone);
  }

  @Get('accounts/:accountId/balance')
  @Roles(...READERS, 'customer')
  @ApiOperation({ summary: "An account's balance, past-due part, credit and open items" })
  @ApiQuery({ name: 'asOf', required: false })
  @Answers(Position)
  async balance(@Param('accountId') id: string, @Query('asOf') asOf?: string, @CurrentPrincipal() p?: Principal): Promise<Static<typeof Position>> {
    const accountId = idParam('accountId', id);
    assertCanSeeAccount(p, accountId);
    const on = dateParam('asOf', asOf, this.today());
    const position = await this.commands.run((tx) => positionOf(tx, accountId, on));
    if (!position) {
      const [account] = await this.commands.read<{ currency: string }>('select currency from p_account where id = $1', [accountId]);
      if (!account) throw notFound('account', accountId);
      const zero = { amount: '0', currency: account.currency };
      return { accountId, balance: zero, pastDue: zero, available: zero, openItems: 0, asOf: on };
    }
    const money = (amount: string) => ({ amount, currency: position.currency });
    return {
      accountId,
      balance: money(position.balance),
      pastDue: money(position.pastDue),
      available: money(position.available),
      openItems: position.openItems,
      asOf: on,
    };
  }

  @Get('accounts/:accountId/open-items')
  @Roles(...READERS, 'customer')
  @ApiOperation({ summary: "An account's invoices and charges not paid in full, oldest first" })
  @Answers(OpenItems)
  async openItems(@Param('accountId') id: string, @CurrentPrincipal() p?: Principal): Promise<Static<typeof OpenItems>> {
    const accountId = idParam('accountId', id);
    assertCanSeeAccount(p, accountId);
    const rows = await this.commands.read(
      `select id, kind, number, description, issued_on::text as issued_on, due_date::text as due_date, currency, amount::text as amount, open_amount::text as open_amount,
              greatest(0, $2::date - coalesce(due_date, $2::date))::int as days_past_due
         from open_item where account_id = $1 and open_amount > 0 order by due_date nulls last, issued_on, id`,
      [accountId, this.today()],
    );
    const money = (amount: unknown, currency: unknown) => formatMoney(new Big(amount as string), currency as string);
    return {
      items: rows.map((r) => {
        const { currency, ...item } = camel(r) as Static<typeof OpenItems>['items'][number] & { currency: string };
        return { ...item, amount: money(item.amount, currency), openAmount: money(item.openAmount, currency) };
      }),
    };
  }

  @Get('aging')
  @Roles(...FINANCE)
  @ApiOperation({ summary: 'Receivables by days past due (current, 1-30, 31-60, 61-90, 90+) per account and in total, for one currency' })
  @ApiQuery({ name: 'asOf', required: false })
  @ApiQuery({ name: 'currency', required: false })
  @Answers(Aging)
  async aging(@Query('asOf') asOf?: string, @Query('currency') currency = 'USD'): Promise<Static<typeof Aging>> {
    const on = dateParam('asOf', asOf, this.today());
    if (!/^[A-Z]{3}$/.test(currency)) throw new ValidationFailed([{ field: 'currency', message: 'is an ISO 4217 code' }]);
    const rows = await this.commands.read<{ account_id: string; bucket: string; amount: string }>(
      `select o.account_id, ${BUCKET_SQL} as bucket, sum(o.open_amount)::text as amount
         from open_item o where o.open_amount > 0 and o.currency = $2 and o.issued_on <= $1::date group by 1, 2 order by 1`,
      [on, currency],
    );
    const zero = () => Object.fromEntries(BUCKETS.map((b) => [b, '0'])) as Record<string, string>;
    const totals = zero();
    const accounts = new Map<string, Record<string, string>>();
    for (const r of rows) {
      const buckets = accounts.get(r.account_id) ?? zero();
      buckets[r.bucket] = addDecimal(buckets[r.bucket], r.amount);
      totals[r.bucket] = addDecimal(totals[r.bucket], r.amount);
      accounts.set(r.account_id, buckets);
    }
    // Amounts in the currency's minor unit, as everywhere else ("178.80", not "178.8").
    const formatted = (buckets: Record<string, string>) => Object.fromEntries(Object.entries(buckets).map(([b, v]) => [b, formatMoney(new Big(v), currency)]));
    return {
      asOf: on,
      currency,
      totals: formatted(totals),
      accounts: [...accounts.entries()].map(([accountId, buckets]) => ({
        accountId,
        buckets: formatted(buckets),
        total: formatMoney(new Big(Object.values(buckets).reduce(addDecimal, '0')), currency),
      })),
    };
  }

  @Get('revenue')
  @Roles(...FINANCE)
  @ApiOperation({ summary: 'Revenue by bill component (and tax collected) posted between two dates, the end exclusive' })
  @ApiQuery({ name: 'from' })
  @ApiQuery({ name: 'to' })
  @Answers(Revenue)
  async revenue(@Query('from') from?: string, @Query('to') to?: string): Promise<Static<typeof Revenue>> {
    const f = dateParam('from', from);
    const t = dateParam('to', to);
    const rows = await this.commands.read<{ code: string; name: string; currency: string; amount: string }>(
      `select l.ledger_code as code, a.name, e.currency, sum(l.credit - l.debit)::text as amount
         from journal_line l join journal_entry e on e.id = l.entry_id join ledger_account a on a.code = l.ledger_code
        where e.occurred_on >= $1 and e.occurred_on < $2 and (a.kind = 'revenue' or a.code = '2300')
        group by 1, 2, 3 order by 1, 3`,
      [f, t],
    );
    return { from: f, to: t, lines: rows };
  }

  @Get('journal.csv')
  @Roles(...FINANCE)
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @ApiOperation({
    summary: 'The journal for the general ledger between two dates (end exclusive): one row per line, with account codes, debit, credit and reference',
  })
  @ApiQuery({ name: 'from' })
  @ApiQuery({ name: 'to' })
  async journal(@Query('from') from?: string, @Query('to') to?: string): Promise<string> {
    const f = dateParam('from', from);
    const t = dateParam('to', to);
    const rows = await this.commands.read<Record<string, string | null>>(
      `select e.occurred_on::text as date, e.id as entry, e.kind, e.reference, l.ledger_code as account_code, a.name as account_name,
              l.account_id as customer_account, e.currency, l.debit::text as debit, l.credit::text as credit, e.description
         from journal_entry e join journal_line l on l.entry_id = e.id join ledger_account a on a.code = l.ledger_code
        where e.occurred_on >= $1 and e.occurred_on < $2 order by e.occurred_on, e.created_at, e.id, l.id`,
      [f, t],
    );
    const columns = ['date', 'entry', 'kind', 'reference', 'account_code', 'account_name', 'customer_account', 'currency', 'debit', 'credit', 'description'];
    return stringify(rows, { header: true, columns });
  }
}

/** The sum of two decimal strings, exactly. */
function addDecimal(a: string, b: string): string {
  return new Big(a).plus(b).toFixed();
}
