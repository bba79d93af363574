import type { Principal } from '@utilia/platform';

/**
 * What a customer sees of their own account differs from what staff see: identification numbers
 * masked, and nothing internal (CSR notes, the evidence a CSR recorded for a protection, work-order
 * notes, staff ids: the CSR of an interaction, who requested a work order, the crew; the details of
 * a collections case; metering's VEE exceptions).
 */

/** True when the caller is a customer and holds no staff role. */
export function seesAsCustomer(principal: Principal | undefined): boolean {
  return principal !== undefined && principal.roles.length > 0 && principal.roles.every((r) => r === 'customer');
}

/** An identification number with all but its last four characters hidden. */
export function masked(value: string): string {
  return value.length <= 4 ? '•'.repeat(value.length) : `${'•'.repeat(value.length - 4)}${value.slice(-4)}`;
}

type Json = Record<string, unknown>;

const without = (o: Json, ...keys: string[]): Json => Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));

/** An interaction as its customer sees it: when, how and why, without the CSR's notes or id. */
export function interactionForCustomer(interaction: Json): Json {
  return without(interaction, 'notes', 'csr');
}

/** A work order as its customer sees it: what and when, without internal notes, who asked for it or the crew. */
export function workOrderForCustomer(order: Json): Json {
  const completion = order.completion as Json | null | undefined;
  return { ...without(order, 'notes', 'requestedBy', 'crew'), ...(completion ? { completion: without(completion, 'notes') } : {}) };
}

/** The customer part of a view as the customer sees it: identification masked, protections without the evidence a CSR noted. */
export function customerForCustomer(customer: Json): Json {
  const details = customer.details as Json;
  const identification = (details.identification as Json[] | undefined)?.map((i) => ({ ...i, value: masked(String(i.value)) })) ?? [];
  const protections = (customer.protections as Json[] | undefined)?.map((p) => without(p, 'evidence')) ?? [];
  return { ...customer, details: { ...details, identification }, protections };
}

/**
 * A collections case as its customer sees it: where it stands (status, step, pay-by date, arrears),
 * without the words staff read (why the customer service refused a disconnection, which exemption
 * held a step back and its threshold).
 */
export function collectionsForCustomer(collections: Json): Json {
  return without(collections, 'detail', 'withheld');
}

/** Parts of the 360 view only staff see: metering's VEE exceptions are the meter-data team's work queue. */
const STAFF_ONLY_PARTS = ['openVeeExceptions'];

/** The account 360 view as its customer sees it. */
export function account360ForCustomer(view: Json): Json {
  return {
    ...without(view, ...STAFF_ONLY_PARTS),
    customer: view.customer ? customerForCustomer(view.customer as Json) : view.customer,
    openWorkOrders: (view.openWorkOrders as Json[]).map(workOrderForCustomer),
    recentInteractions: (view.recentInteractions as Json[]).map(interactionForCustomer),
    collections: view.collections ? collectionsForCustomer(view.collections as Json) : (view.collections ?? null),
    notYetFed: ((view.notYetFed as Json[] | undefined) ?? []).filter((p) => !STAFF_ONLY_PARTS.includes(String(p.part))),
  };
}
