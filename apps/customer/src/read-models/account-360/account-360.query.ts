/**
 * The account 360 view in one round trip: the account, its main customer, its agreements (newest
 * first, each with its service point and premise), open work orders, the ten latest interactions,
 * and what other contexts said about it. Agreement status is computed against `$2` (today in the
 * utility's zone): pending before the start, active until the end date, stopped after.
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
  (select data from rm_account_balance b where b.id = a.id) as balance,
  (select data from rm_account_invoice v where v.id = a.id) as last_invoice,
  (select data from rm_account_usage u where u.id = a.id) as usage_summary
from rm_account a where a.id = $1`;
