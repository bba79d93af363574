import {
  AccountOpenedV1,
  CustomerDetailsChangedV1,
  PremiseRegisteredV1,
  ServicePointAddedV1,
  ServicePointMeterChangedV1,
  type Address,
} from '@utilia/contracts';
import type { Projection, ProjectionEvent, ProjectionRow, ProjectionState } from '@utilia/platform';

/** What a search entry lets a CSR find a customer by. */
export const SEARCH_KINDS = ['name', 'account-number', 'address', 'meter-serial'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

export interface SearchEntryRow extends ProjectionRow {
  id: string;
  kind: SearchKind;
  /** Lower-case, single-spaced: what the query matches against. */
  term: string;
  /** What the CSR sees. */
  label: string;
  customer_id: string | null;
  account_id: string | null;
  premise_id: string | null;
  service_point_id: string | null;
}

/** Search terms are compared lower-case with runs of spaces and punctuation folded. */
export function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\s,]+/g, ' ')
    .trim();
}

/** One line of an address, as people type it. */
export function addressLine(a: Address): string {
  return [a.line1, a.line2, a.city, a.region, a.postalCode].filter(Boolean).join(', ');
}

type Entry = ProjectionState<SearchEntryRow>;
const none = { customer_id: null, account_id: null, premise_id: null, service_point_id: null };

function entryOf(e: ProjectionEvent): Entry | undefined {
  switch (e.type) {
    case CustomerDetailsChangedV1.type: {
      const d = e.data as CustomerDetailsChangedV1;
      return { ...none, id: `name:${d.customerId}`, kind: 'name', term: normalise(d.displayName), label: d.displayName, customer_id: d.customerId };
    }
    case AccountOpenedV1.type: {
      const d = e.data as AccountOpenedV1;
      return {
        ...none,
        id: `account-number:${d.accountId}`,
        kind: 'account-number',
        term: d.accountNumber,
        label: d.accountNumber,
        customer_id: d.customerId,
        account_id: d.accountId,
      };
    }
    case PremiseRegisteredV1.type: {
      const d = e.data as PremiseRegisteredV1;
      const line = addressLine(d.address);
      return { ...none, id: `address:${d.premiseId}`, kind: 'address', term: normalise(line), label: line, premise_id: d.premiseId };
    }
    case ServicePointAddedV1.type: {
      // A point without a meter yet: its row exists so a later meter change has somewhere to land.
      const d = e.data as ServicePointAddedV1;
      return {
        ...none,
        id: `meter-serial:${d.servicePointId}`,
        kind: 'meter-serial',
        term: '',
        label: '',
        premise_id: d.premiseId,
        service_point_id: d.servicePointId,
      };
    }
    case ServicePointMeterChangedV1.type: {
      const d = e.data as ServicePointMeterChangedV1;
      const serial = d.meterSerial ?? '';
      return {
        ...none,
        id: `meter-serial:${d.servicePointId}`,
        kind: 'meter-serial',
        term: serial.toLowerCase(),
        label: serial,
        premise_id: d.premiseId,
        service_point_id: d.servicePointId,
      };
    }
    default:
      return undefined;
  }
}

/**
 * The customer search read model: one entry per name, account number, service address and meter
 * serial. Each entry is fed by one stream (customer, account, premise, service point). The query
 * joins the current agreement to reach the account of an address or a meter.
 */
export const customerSearchView: Projection<SearchEntryRow> = {
  table: 'search_entry',
  rowKey: (e) => entryOf(e)?.id as string | undefined,
  evolve: (_row, e) => entryOf(e),
};
