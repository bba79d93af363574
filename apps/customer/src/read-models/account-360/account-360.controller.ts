import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Answers, assertCanSeeAccount, camel, CommandRunner, CurrentPrincipal, idParam, localDateOf, notFound, Roles, type Principal } from '@utilia/platform';
import type { CustomerConfig } from '../../config';
import { ACCOUNT_READERS } from '../../shared/access';
import { CUSTOMER_CONFIG } from '../../shared/tokens';
import { asOf, type AgreementDates } from '../agreements';
import { account360ForCustomer, seesAsCustomer } from '../customer-facing';
import { Account360View } from '../views';
import { ACCOUNT_360_SQL } from './account-360.query';

/**
 * The parts of the view other contexts feed, and which context. Each is null until that context said
 * something of it for the account (`notYetFed` names them), never a made-up zero. Usage is the usage
 * invoicing billed (InvoiceIssued carries it per period).
 */
export const EXTERNAL_PARTS = {
  balance: 'payments',
  lastInvoice: 'invoicing',
  usageSummary: 'invoicing',
  collections: 'payments',
  arrangement: 'payments',
  openVeeExceptions: 'metering',
} as const;

/** The invoicing API's PDF of an invoice (see invoicing's DocumentsController: staff, and customers for their own accounts). */
export function invoiceDocumentUrl(invoicingBaseUrl: string, invoiceId: string): string {
  return `${invoicingBaseUrl}/api/v1/invoices/${invoiceId}/pdf`;
}

@ApiTags('accounts')
@Controller('accounts')
export class Account360Controller {
  constructor(
    private readonly commands: CommandRunner,
    @Inject(CUSTOMER_CONFIG) private readonly config: CustomerConfig,
  ) {}

  @Get(':accountId/360')
  @Roles(...ACCOUNT_READERS)
  @ApiOperation({
    summary:
      'The account 360 view: customer, premises, agreements, open work orders, recent interactions, and from the other contexts the balance and open items, the last invoice with a link to its PDF, the billed usage of the last 13 periods, the collections case, the payment arrangement and the open VEE exceptions. A customer sees their own, with identification masked and nothing internal (CSR notes and ids, protection evidence, work-order notes and crews, collections details, VEE exceptions).',
  })
  @Answers(Account360View)
  async view(@Param('accountId') id: string, @CurrentPrincipal() principal: Principal | undefined): Promise<Record<string, unknown>> {
    const accountId = idParam('accountId', id);
    assertCanSeeAccount(principal, accountId);
    const today = localDateOf(this.commands.now(), this.config.timeZone);
    const [row] = await this.commands.read<Record<string, unknown>>(ACCOUNT_360_SQL, [accountId, today, this.config.timeZone], 'account-360');
    if (!row) throw notFound('account', accountId);
    const view = camel(row) as Record<string, unknown>;
    view.agreements = (view.agreements as Array<AgreementDates & Record<string, unknown>>).map((a) => asOf(a, today));
    const invoice = view.lastInvoice as Record<string, unknown> | null;
    if (invoice) invoice.documentUrl = invoiceDocumentUrl(this.config.invoicingBaseUrl, invoice.id as string);
    // Say which parts are waiting for another context rather than pretend they are zero.
    view.notYetFed = Object.entries(EXTERNAL_PARTS)
      .filter(([part]) => view[part] === null)
      .map(([part, context]) => ({ part, context }));
    return seesAsCustomer(principal) ? account360ForCustomer(view) : view;
  }
}
