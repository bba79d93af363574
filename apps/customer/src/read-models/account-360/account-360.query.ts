/** How many billing periods of each agreement the usage summary shows. */
export const USAGE_PERIODS = 13;

/** Money as the API shows it: a decimal string and its currency (null when there is no amount). */
const money = (amount: string, currency: string) =>
  `case when ${amount} is null then null else jsonb_build_object('amount', ${amount}::text, 'currency', ${currency}) end`;

/** An instant as ISO-8601 UTC with milliseconds, as events carry them. */
const instant = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The account 360 view in one round trip: the account, its main customer, its agreements (newest
 * first, each with its service point and premise), open work orders, the ten latest interactions,
 * and what other contexts said about it. Agreement status is computed against `$2` (today in the
 * utility's zone): pending before the start, active until the end date, stopped after.
 *
 * From the other contexts (null while nothing was heard of a part): the balance; the newest invoice;
 * the billed usage of each agreement's latest periods (invoices credited or replaced by a rebill left
 * out: the rebill carries the corrected usage); the latest collections case; the latest payment
 * arrangement; and the open VEE exceptions of the account's service points whose readings fall in
 * the account's agreement there (agreement days read in the zone `$3`; an empty list once some
 * exception was heard of, all resolved).
 */
export const ACCOUNT_360_SQL = `
select to_jsonb(a) - 'stream_versions' - 'revision' - 'last_event_id' as account,
  (select to_jsonb(c) - 'stream_versions' - 'revision' - 'last_event_id' from rm_customer c where c.id = a.customer_id) as customer,
  coalesce((select jsonb_agg(to_jsonb(g) - 'stream_versions' - 'revision' - 'last_event_id' || jsonb_build_object(
      'status', case when g.start_date > $2::date then 'pending' when g.end_date is null or g.end_date >= $2::date then 'active' else 'stopped' end,
      'premise_id', sp.premise_id, 'market_id', sp.market_id, 'connection_status', sp.connection_status, 'meter_serial', sp.meter_serial)
    order by g.start_date desc, g.id)
    from rm_agreement g join rm_service_point sp on sp.id = g.service_point_id where g.account_id = a.id), '[]') as agreements,
  coalesce((select jsonb_agg(to_jsonb(p) - 'stream_versions' - 'revision' - 'last_event_id' - 'address_key' order by p.id) from rm_premise p
    where p.id in (select sp.premise_id from rm_agreement g join rm_service_point sp on sp.id = g.service_point_id where g.account_id = a.id)), '[]') as premises,
  coalesce((select jsonb_agg(to_jsonb(w) - 'stream_versions' - 'revision' - 'last_event_id' order by w.scheduled_at) from rm_work_order w
    where w.account_id = a.id and w.status in ('scheduled', 'dispatched')), '[]') as open_work_orders,
  coalesce((select jsonb_agg(to_jsonb(i) - 'stream_versions' - 'revision' - 'last_event_id' order by i.occurred_at desc, i.id desc) from
    (select * from rm_interaction i where i.account_id = a.id order by i.occurred_at desc, i.id desc limit 10) i), '[]') as recent_interactions,
  (select jsonb_build_object('balance', ${money('b.balance', 'b.currency')}, 'pastDue', ${money('b.past_due', 'b.currency')},
      'openItems', b.open_items, 'items', b.items, 'asOf', b.as_of, 'cause', b.cause)
    from rm_account_balance b where b.id = a.id) as balance,
  (select jsonb_build_object('id', v.id, 'number', v.number, 'kind', v.kind, 'agreementId', v.agreement_id, 'servicePointId', v.service_point_id,
      'periodStart', v.period_start, 'periodEnd', v.period_end, 'issueDate', v.issue_date, 'dueDate', v.due_date,
      'amountDue', ${money('v.total', 'v.currency')}, 'replacesInvoiceId', v.replaces_invoice_id,
      'credited', case when v.credit_note_id is null then null else
        jsonb_build_object('creditNoteId', v.credit_note_id, 'creditNoteNumber', v.credit_note_number, 'creditedOn', v.credited_on) end,
      'delivery', case when v.delivery_channel is null then null else
        jsonb_build_object('channel', v.delivery_channel, 'deliveredAt', ${instant('v.delivered_at')}) end)
    from rm_invoice v where v.account_id = a.id and v.number is not null order by v.issue_date desc, v.id desc limit 1) as last_invoice,
  (select jsonb_build_object('periods', jsonb_agg(jsonb_build_object('agreementId', u.agreement_id, 'servicePointId', u.service_point_id,
      'periodStart', u.period_start, 'periodEnd', u.period_end, 'importWh', u.import_wh, 'exportWh', u.export_wh,
      'estimatedIntervals', u.estimated_intervals, 'invoiceId', u.id, 'invoiceNumber', u.number) order by u.period_start desc, u.agreement_id))
    from (select v.*, row_number() over (partition by v.agreement_id order by v.period_start desc, v.issue_date desc, v.id desc) as n
            from rm_invoice v where v.account_id = a.id and v.number is not null and v.credit_note_id is null
             and not exists (select 1 from rm_invoice r where r.account_id = a.id and r.number is not null and r.replaces_invoice_id = v.id)) u
    where u.n <= ${USAGE_PERIODS} having count(*) > 0) as usage_summary,
  (select jsonb_build_object('caseId', k.case_id, 'status', k.status, 'reason', k.reason, 'detail', k.detail, 'arrears', ${money('k.arrears', 'k.currency')},
      'openedOn', k.opened_on, 'changedOn', k.changed_on, 'step', k.step, 'stepOn', k.step_on, 'payBy', k.pay_by,
      'onHold', k.status = 'on-hold', 'protected', k.customer_protected, 'withheld', k.withheld, 'disconnection', k.disconnection,
      'reconnection', k.reconnection)
    from rm_collections k where k.id = a.id) as collections,
  (select jsonb_build_object('id', r.id, 'status', r.status, 'arrears', ${money('r.arrears', 'r.currency')}, 'installments', r.installments,
      'madeOn', r.made_on, 'endedOn', r.ended_on, 'breakReason', r.break_reason, 'missedInstallment', r.missed_installment,
      'owed', ${money('r.owed', 'r.currency')}, 'paid', ${money('r.paid', 'r.currency')})
    from rm_payment_arrangement r where r.account_id = a.id order by r.id desc limit 1) as arrangement,
  (select case when count(*) = 0 then null else coalesce(jsonb_agg(jsonb_build_object('id', x.id, 'meterId', x.meter_id,
      'servicePointId', x.service_point_id, 'rule', x.rule, 'channel', x.channel, 'from', ${instant('x.from_at')}, 'to', ${instant('x.to_at')},
      'detail', x.detail) order by x.from_at, x.id) filter (where x.rule is not null and x.resolution is null), '[]') end
    from rm_vee_exception x
    where x.service_point_id in (select g.service_point_id from rm_agreement g where g.account_id = a.id)
      and exists (select 1 from rm_agreement g where g.account_id = a.id and g.service_point_id = x.service_point_id
      and (x.from_at is null or (x.to_at > (g.start_date::timestamp at time zone $3)
        and (g.end_date is null or x.from_at < ((g.end_date + 1)::timestamp at time zone $3)))))) as open_vee_exceptions
from rm_account a where a.id = $1`;
