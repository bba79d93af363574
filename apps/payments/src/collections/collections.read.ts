import type { Static } from '@sinclair/typebox';
import { camel, decodeCursor, page, type CommandRunner } from '@utilia/platform';
import { formatMoney } from '@utilia/rating';
import Big from 'big.js';
import type { AccountCollections, CaseList } from './collections.schemas';

const CASE_VIEW = `c.id, c.account_id, c.currency, c.status, c.opened_on::text as opened_on, c.opened_reason, c.next_step, c.next_due_on::text as next_due_on,
  c.final_notice_on::text as final_notice_on, c.disconnection_requested_on::text as disconnection_requested_on, c.hold_reason, c.held_on::text as held_on,
  c.closed_on::text as closed_on, c.close_reason`;

type Row = Record<string, unknown> & { currency: string };

/** Amounts of a row (and of its nested rows) in the currency's minor unit, as the other payments views show them. */
function formatted<T>(row: Row, fields: string[], nested?: { key: string; fields: string[] }): T {
  const fmt = (v: unknown) => (v === null || v === undefined ? null : formatMoney(new Big(v as string), row.currency));
  const out: Record<string, unknown> = { ...row };
  for (const f of fields) out[f] = fmt(row[f]);
  if (nested)
    out[nested.key] = (row[nested.key] as Row[]).map((n) => Object.fromEntries(Object.entries(n).map(([k, v]) => [k, nested.fields.includes(k) ? fmt(v) : v])));
  return camel(out) as T;
}

/** An account's collections as the account 360 view shows them: its cases with their steps, arrangements with installments, deposits. */
export async function accountCollections(commands: CommandRunner, accountId: string): Promise<Static<typeof AccountCollections>> {
  const cases = await commands.read<Row>(
    `select ${CASE_VIEW},
            coalesce((select jsonb_agg(jsonb_build_object('step', s.step, 'on', s.on_date::text, 'arrears', s.arrears::text, 'payBy', s.pay_by::text, 'detail', s.detail)
                                        order by s.id)
                        from collections_step s where s.case_id = c.id), '[]') as steps
       from collections_case c where c.account_id = $1 order by c.opened_on desc, c.id desc limit 20`,
    [accountId],
  );
  const arrangements = await commands.read<Row>(
    `select a.id, a.status, a.currency, a.arrears::text as arrears, a.made_on::text as made_on, a.ended_on::text as ended_on, a.break_reason,
            (select jsonb_agg(jsonb_build_object('number', i.number, 'amount', i.amount::text, 'billDate', i.bill_date::text,
                                                 'dueDate', coalesce(o.due_date, i.due_date)::text, 'raisedOn', i.raised_on::text, 'chargeId', i.charge_id,
                                                 'open', coalesce(o.open_amount, i.amount)::text) order by i.number)
               from installment i left join open_item o on o.id = i.item_id where i.arrangement_id = a.id) as installments
       from arrangement a where a.account_id = $1 order by a.made_on desc, a.id desc limit 20`,
    [accountId],
  );
  const deposits = await commands.read<Row>(
    `select d.id, d.status, d.currency, d.amount::text as amount, (d.amount - coalesce(o.open_amount, 0))::text as paid, d.basis, d.reason,
            d.required_on::text as required_on, d.applied::text as applied, d.refunded::text as refunded, d.released_on::text as released_on, d.release_reason
       from deposit d left join open_item o on o.source_id = d.charge_id where d.account_id = $1 order by d.required_on desc, d.id desc limit 20`,
    [accountId],
  );
  type View = Static<typeof AccountCollections>;
  return {
    accountId,
    cases: cases.map((c) => formatted<View['cases'][number]>(c, [], { key: 'steps', fields: ['arrears'] })),
    arrangements: arrangements.map((a) => formatted<View['arrangements'][number]>(a, ['arrears'], { key: 'installments', fields: ['amount', 'open'] })),
    deposits: deposits.map((d) => formatted<View['deposits'][number]>(d, ['amount', 'paid', 'applied', 'refunded'])),
  };
}

/** Collections cases, optionally of one status, oldest first, a page at a time (cursor: the last case's id). */
export async function listCases(
  commands: CommandRunner,
  q: { status?: string; cursor?: string; limit: number; today: string },
): Promise<Static<typeof CaseList>> {
  const after = decodeCursor(q.cursor, 1)?.[0] ?? null;
  const rows = await commands.read<Row & { id: string }>(
    `select ${CASE_VIEW},
            (select coalesce(sum(o.open_amount), 0)::text from open_item o where o.account_id = c.account_id and o.open_amount > 0 and o.due_date < $4::date) as past_due
       from collections_case c where ($1::text is null or c.status = $1) and ($2::uuid is null or c.id > $2) order by c.id limit $3`,
    [q.status ?? null, after, q.limit + 1, q.today],
  );
  return page(
    rows,
    q.limit,
    (r) => formatted<Static<typeof CaseList>['items'][number]>(r, ['past_due']),
    (r) => [r.id],
  );
}
