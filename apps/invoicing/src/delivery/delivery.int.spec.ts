import {
  AccountDetailsChangedV1,
  AccountOpenedV1,
  CreditNoteIssuedV1,
  CustomerDetailsChangedV1,
  CustomerRegisteredV1,
  InvoiceDeliveredV1,
  InvoiceIssuedV1,
  PaymentReceivedV1,
  PremiseRegisteredV1,
  ServiceAgreementStartedV2,
  ServiceAgreementStoppedV1,
  ServicePointAddedV1,
  Topics,
  UsageProfileRequestedV1,
  uuidv7,
  type InvoiceLine,
  type Uuid,
} from '@utilia/contracts';
import { CommandRunner, daysBetween, event } from '@utilia/platform';
import { eventually, TopicRecorder, type RecordedMessage } from '@utilia/platform/testing';
import Big from 'big.js';
import { formatDate, formatMoney } from '../documents/format';
import { pdfTextOf } from '../documents/testing';
import { formatDocumentNumber, nextNumber, SERIES } from '../numbering/invoice-number';
import { answerUsage, flatTariff, publishTariff } from '../testing';
import { startDocumentsWorld, TestSmtpServer, type DocumentsWorld } from './testing';

interface Customer {
  name: string;
  email: string;
  customerId: string;
  accountId: string;
  agreementId: string;
}

interface InvoiceView {
  id: string;
  number: string;
  periodFrom: string;
  total: string;
  dueDate: string;
}

describe('invoice documents and their delivery: e-mail to a real SMTP server, post in print batches', () => {
  const smtp = new TestSmtpServer();
  const published = new TopicRecorder();
  let world: DocumentsWorld;
  let commands: CommandRunner;
  // Each run of the suite bills its own year, so bill runs and their print batches start empty (the test database is kept between runs).
  const year = 2100 + Math.floor(Math.random() * 800);
  const tag = Date.now().toString(36);
  const code = `T-DOC-${tag}`.toUpperCase();
  const customers: Record<string, Customer> = {};
  const firstInvoices: Record<string, InvoiceView> = {};

  beforeAll(async () => {
    await smtp.start();
    // The mail server is busy for anyone whose address starts with "refuse-".
    smtp.refuse = (to) => (to.startsWith('refuse-') ? { code: 451, message: '4.2.1 mailbox busy, try later' } : undefined);
    await published.start(Topics.invoicingEvents);
    world = await startDocumentsWorld(smtp.url);
    commands = world.api.service.app.get(CommandRunner);
    await publishTariff(world, code, flatTariff('20', '0.25'));
    expect(await eventually(async () => (await world.api.call('GET', `/tariffs/${code}`)).status === 200)).toBe(true);
  });
  afterAll(async () => {
    await world?.close();
    await published.stop();
    await smtp.stop();
  });

  /** A customer as the customer service would publish them: details, premise and point, account with a billing address, two months of service in `cycle`. */
  async function signUp(key: string, o: { name: string; email: string; paperless: boolean; cycle: string }): Promise<Customer> {
    const customerId = uuidv7();
    const accountId = uuidv7();
    const premiseId = uuidv7();
    const servicePointId = uuidv7();
    const agreementId = uuidv7();
    const accountNumber = String(Math.floor(Math.random() * 1e9)).padStart(10, '0');
    await world.publish(CustomerRegisteredV1, { customerId, kind: 'person', displayName: o.name, registeredAt: new Date().toISOString() });
    await world.publish(CustomerDetailsChangedV1, {
      customerId,
      kind: 'person',
      displayName: o.name,
      givenName: null,
      familyName: null,
      organisationName: null,
      contactPoints: [
        { kind: 'phone', value: '+1 555 0199', primary: true },
        { kind: 'email', value: o.email, primary: true },
      ],
      identification: [],
      preferences: { paperless: o.paperless, language: 'en', channels: o.paperless ? ['email'] : ['post'] },
    });
    await world.publish(PremiseRegisteredV1, {
      premiseId,
      address: { line1: `${tag} Elm Street`, city: 'Springfield', region: 'IL', postalCode: '62704', country: 'US' },
      premiseType: 'house',
      landlordAccountId: null,
    });
    await world.publish(ServicePointAddedV1, {
      servicePointId,
      premiseId,
      commodity: 'electricity',
      marketId: `E-${tag}-${key}`,
      connectionStatus: 'connected',
    });
    await world.publish(AccountOpenedV1, { accountId, accountNumber, customerId, currency: 'USD', billCycle: o.cycle, openedOn: `${year}-04-01` });
    await world.publish(AccountDetailsChangedV1, {
      accountId,
      billingAddress: { line1: `PO Box ${key.length}`, city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' },
      billCycle: o.cycle,
      customerClass: 'residential',
      roles: [{ customerId, role: 'main' }],
    });
    const ref = { agreementId, accountId, servicePointId };
    const day = o.cycle;
    await world.publish(ServiceAgreementStartedV2, {
      ...ref,
      commodity: 'electricity',
      tariffCode: code,
      startDate: `${year}-04-${day}`,
      tariffVersionId: null,
    });
    // Service ends with the second period: the agreement is due in this year's runs only.
    await world.publish(ServiceAgreementStoppedV1, {
      ...ref,
      endDate: `${year}-06-${String(Number(day) - 1).padStart(2, '0')}`,
      reason: 'move-out',
      finalBillRequested: false,
    });
    const copied = async () =>
      (
        await commands.read(
          `select 1 from i_account a join i_customer c on c.id = a.customer_id join i_agreement g on g.account_id = a.id
             join i_service_point sp on sp.id = g.service_point_id join i_premise p on p.id = sp.premise_id
            where a.id = $1 and a.billing_address is not null and c.email = $2 and g.end_date is not null`,
          [accountId, o.email],
        )
      ).length === 1;
    expect(await eventually(copied)).toBe(true);
    customers[key] = { name: o.name, email: o.email, customerId, accountId, agreementId };
    return customers[key];
  }

  const requests = (): UsageProfileRequestedV1[] =>
    published.messages.filter((m: RecordedMessage) => m.type === UsageProfileRequestedV1.type).map((m) => m.data as UsageProfileRequestedV1);

  /**
   * Starts the cycle's run and answers, as metering would, every usage request of its period (ours
   * 1 kWh an hour; other tests' agreements of the cycle nothing), but the agreements in `hold`.
   */
  async function billRun(cycle: string, runDate: string, periodFrom: string, hold: string[] = []): Promise<string> {
    const started = await world.api.call('POST', '/bill-runs', { cycle, runDate }, ['billing-ops']);
    expect(started.status).toBe(201);
    const ours = new Set(Object.values(customers).map((c) => c.agreementId));
    const answered = new Set<string>();
    const settled = await eventually(async () => {
      for (const r of requests().filter((q) => q.periodStart >= periodFrom && q.periodEnd < runDate && !hold.includes(q.agreementId))) {
        if (answered.has(r.requestId)) continue;
        answered.add(r.requestId);
        await answerUsage(world, r, daysBetween(r.periodStart, r.periodEnd) + 1, ours.has(r.agreementId) ? 1000 : 0);
      }
      return (await world.api.call('GET', `/bill-runs/${started.body.runId}`)).body.awaitingUsage === hold.length;
    });
    expect(settled).toBe(true);
    return started.body.runId;
  }

  const invoicesOf = async (c: Customer) => (await world.api.call('GET', `/invoices?accountId=${c.accountId}`)).body.items as InvoiceView[];
  const deliveryOf = async (kind: 'invoices' | 'credit-notes', id: string) => (await world.api.call('GET', `/${kind}/${id}/delivery`, undefined, ['csr'])).body;
  const delivered = (documentId: string) =>
    published.messages.filter((m) => m.type === InvoiceDeliveredV1.type && m.data.documentId === documentId).map((m) => m.data as InvoiceDeliveredV1);
  const batchesOf = async (runId: string) =>
    (await world.api.call('GET', `/print-batches?runId=${runId}`, undefined, ['auditor'])).body.items as Array<{ id: string }>;
  const manifestOf = async (batchId: string) => (await world.fetch(`/print-batches/${batchId}/manifest.csv`, ['billing-ops'])).text;

  it('a paperless customer gets the invoice e-mailed with its PDF, whose text shows the amount due and the number; paper and a refused e-mail (three tries, then post) go to the run’s print batch', async () => {
    const ada = await signUp('ada', { name: 'Ada Lovelace', email: `ada-${tag}@example.org`, paperless: true, cycle: '16' });
    const bob = await signUp('bob', { name: '<script>alert("bob")</script> Builder', email: `bob-${tag}@example.org`, paperless: false, cycle: '16' });
    const cleo = await signUp('cleo', { name: 'Cleo Busy', email: `refuse-${tag}@example.org`, paperless: true, cycle: '16' });
    const runId = await billRun('16', `${year}-05-16`, `${year}-04-16`);
    for (const c of [ada, bob, cleo]) {
      expect(await eventually(async () => (await invoicesOf(c)).length === 1)).toBe(true);
      firstInvoices[c.name] = (await invoicesOf(c))[0];
    }

    // Ada: the e-mail the SMTP server received, with the PDF attached.
    const invoice = firstInvoices[ada.name];
    expect(await eventually(async () => smtp.to(ada.email).length === 1)).toBe(true);
    const mail = smtp.to(ada.email)[0];
    expect(mail.from?.text).toContain('billing@utilia.example');
    expect(mail.subject).toContain(invoice.number);
    const pdf = mail.attachments.find((a) => a.contentType === 'application/pdf');
    expect(pdf?.filename).toBe(`${invoice.number}.pdf`);
    const { text } = await pdfTextOf(pdf?.content as Buffer);
    // A first bill: the amount due is the invoice's total (30 days: 20 + 720 kWh × 0.25).
    expect(invoice.total).toBe('200.00');
    expect(text).toContain('Amount due');
    expect(text).toContain(formatMoney(invoice.total, 'USD'));
    expect(text).toContain(invoice.number);
    expect(text).toContain(`Please pay by ${formatDate(invoice.dueDate)}`);
    expect(text).toContain('Ada Lovelace');
    expect(text).toContain(`${tag} Elm Street`);

    // Fetched later, the PDF is the one e-mailed, byte for byte, every time.
    const fetched = await world.fetch(`/invoices/${invoice.id}/pdf`, ['csr']);
    expect(fetched.status).toBe(200);
    expect(fetched.type).toBe('application/pdf');
    expect(fetched.bytes.equals(pdf?.content as Buffer)).toBe(true);
    expect((await world.fetch(`/invoices/${invoice.id}/pdf`, ['auditor'])).bytes.equals(fetched.bytes)).toBe(true);
    expect(await deliveryOf('invoices', invoice.id)).toMatchObject({
      channel: 'email',
      status: 'sent',
      attempts: 1,
      recipient: `a***@example.org`,
      printBatchId: null,
    });
    expect(await eventually(async () => delivered(invoice.id).length === 1)).toBe(true);
    expect(delivered(invoice.id)[0]).toMatchObject({ channel: 'email', documentNumber: invoice.number, accountId: ada.accountId });

    // Cleo: the server answers 451 three times; the invoice then goes by post, with the reason.
    const cleoInvoice = firstInvoices[cleo.name];
    expect(await eventually(async () => (await deliveryOf('invoices', cleoInvoice.id)).channel === 'post')).toBe(true);
    const fallback = await deliveryOf('invoices', cleoInvoice.id);
    expect(fallback).toMatchObject({ attempts: 3 });
    expect(fallback.fallbackReason).toContain('the e-mail failed 3 times');
    expect(fallback.lastError).toContain('451');
    expect(fallback.lastError).not.toContain(cleo.email);
    expect(smtp.attempts.get(cleo.email)).toBe(3);
    expect(smtp.to(cleo.email)).toHaveLength(0);

    // The run's print batches take Bob's paper invoice and Cleo's fallback; the manifest lists both for the mail house.
    const bobInvoice = firstInvoices[bob.name];
    const listed = async () => (await Promise.all((await batchesOf(runId)).map((b) => manifestOf(b.id)))).join('\n');
    expect(await eventually(async () => (await listed()).includes(bobInvoice.number) && (await listed()).includes(cleoInvoice.number))).toBe(true);
    const manifest = await listed();
    expect(manifest).not.toContain(invoice.number);
    const cleoRow = manifest.split('\r\n').find((l) => l.includes(cleoInvoice.number)) as string;
    expect(cleoRow.split(',').slice(1, 5)).toEqual([cleoInvoice.number, expect.stringMatching(/^\d{10}$/), 'Cleo Busy', 'PO Box 4']);
    expect(cleoRow).toContain('"Springfield, IL",62701,US,');
    expect(manifest.split('\r\n')[0]).toBe(
      'sequence,document_number,account_number,name,address_line_1,address_line_2,address_line_3,postal_code,country,pages,first_page',
    );

    const cleoDelivery = await deliveryOf('invoices', cleoInvoice.id);
    expect(cleoDelivery.status).toBe('batched');
    const batch = (await world.api.call('GET', `/print-batches/${cleoDelivery.printBatchId}`, undefined, ['billing-ops'])).body;
    expect(batch).toMatchObject({ id: cleoDelivery.printBatchId, runId, requestedBy: 'bill-run' });
    const batchPdf = await world.fetch(`/print-batches/${batch.id}/pdf`, ['billing-ops']);
    expect(batchPdf.type).toBe('application/pdf');
    const printed = await pdfTextOf(batchPdf.bytes);
    expect(printed.pages).toBe(batch.pages);
    expect(printed.text).toContain(cleoInvoice.number);
    expect(await eventually(async () => delivered(cleoInvoice.id).length === 1 && delivered(bobInvoice.id).length === 1)).toBe(true);
    expect(delivered(cleoInvoice.id)[0]).toMatchObject({ channel: 'post', printBatchId: batch.id, fallbackReason: fallback.fallbackReason });
    expect(delivered(bobInvoice.id)[0]).toMatchObject({ channel: 'post' });
    expect(delivered(bobInvoice.id)[0].fallbackReason).toBeUndefined();
  });

  it('the next invoice brings the balance forward, takes off the payment received since and charts both periods', async () => {
    const ada = customers['ada'];
    const first = firstInvoices[ada.name];
    await world.publish(PaymentReceivedV1, {
      paymentId: uuidv7(),
      accountId: ada.accountId as Uuid,
      amount: { amount: '150.00', currency: 'USD' },
      channel: 'card',
      receivedOn: `${year}-05-20`,
      reference: first.number,
    });
    expect(await eventually(async () => (await commands.read('select 1 from i_payment where account_id = $1', [ada.accountId])).length === 1)).toBe(true);
    await billRun('16', `${year}-06-16`, `${year}-05-16`);
    expect(await eventually(async () => (await invoicesOf(ada)).length === 2)).toBe(true);
    const second = (await invoicesOf(ada)).find((i) => i.periodFrom === `${year}-05-16`) as InvoiceView;
    // 31 days: 20 + 744 kWh × 0.25.
    expect(second.total).toBe('206.00');
    const due = new Big(first.total).minus('150').plus(second.total).toFixed(2);

    expect(await eventually(async () => smtp.to(ada.email).length === 2)).toBe(true);
    const mail = smtp.to(ada.email).find((m) => m.subject?.includes(second.number));
    const { text } = await pdfTextOf(mail?.attachments[0].content as Buffer);
    for (const shown of [
      'Previous balance',
      formatMoney(first.total, 'USD'),
      'USD -150.00',
      `Payment by card, thank you`,
      formatMoney(due, 'USD'),
      `May ${String(year).slice(2)}`,
      `Jun ${String(year).slice(2)}`,
    ])
      expect(text).toContain(shown);

    // Ada, signed in as a customer, reads the same figures as HTML.
    const html = await world.fetch(`/invoices/${second.id}/html`, ['customer'], [ada.accountId]);
    expect(html.status).toBe(200);
    expect(html.type).toContain('text/html');
    expect(html.text).toContain(formatMoney(due, 'USD'));
    expect(html.text).toContain(`This invoice ${second.number}`);
  });

  it("a customer sees only its own accounts' documents; HTML shows a name like <script> escaped", async () => {
    const [ada, bob] = [customers['ada'], customers['bob']];
    const [adaInvoice, bobInvoice] = [firstInvoices[ada.name], firstInvoices[bob.name]];
    expect((await world.fetch(`/invoices/${adaInvoice.id}/pdf`, ['customer'], [ada.accountId])).status).toBe(200);
    const refused = await world.fetch(`/invoices/${bobInvoice.id}/pdf`, ['customer'], [ada.accountId]);
    expect(refused.status).toBe(404);
    expect(refused.type).toContain('application/problem+json');
    expect(JSON.parse(refused.text)).toMatchObject({ code: 'invoice-not-found' });
    expect((await world.fetch(`/invoices/${bobInvoice.id}/html`, ['customer'], [ada.accountId])).status).toBe(404);
    expect((await world.fetch(`/invoices/${adaInvoice.id}/pdf`, ['head-end'])).status).toBe(403);
    expect((await world.fetch(`/invoices/${adaInvoice.id}/delivery`, ['customer'], [ada.accountId])).status).toBe(403);
    expect((await world.fetch(`/invoices/${uuidv7()}/pdf`, ['csr'])).status).toBe(404);

    const html = await world.fetch(`/invoices/${bobInvoice.id}/html`, ['customer'], [bob.accountId]);
    expect(html.status).toBe(200);
    expect(html.text).not.toContain('<script>');
    expect(html.text).toContain('&lt;script&gt;alert(&quot;bob&quot;)&lt;/script&gt; Builder');
    expect(html.text).toContain(bobInvoice.number);
  });

  it('a run with a bill still awaiting usage is not printed yet; billing-ops print its paper invoices on demand, and the rest follow when the run is done', async () => {
    const dora = await signUp('dora', { name: 'Dora Paper', email: `dora-${tag}@example.org`, paperless: false, cycle: '17' });
    const eve = await signUp('eve', { name: 'Eve Late', email: `eve-${tag}@example.org`, paperless: false, cycle: '17' });
    const runId = await billRun('17', `${year}-05-17`, `${year}-04-17`, [eve.agreementId]);
    expect(await eventually(async () => (await invoicesOf(dora)).length === 1)).toBe(true);
    const doraInvoice = (await invoicesOf(dora))[0];
    expect(await eventually(async () => (await deliveryOf('invoices', doraInvoice.id)).status === 'pending')).toBe(true);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await batchesOf(runId)).toEqual([]);

    expect((await world.api.call('POST', '/print-batches', { runId }, ['csr'])).status).toBe(403);
    const made = await world.api.call('POST', '/print-batches', { runId }, ['billing-ops']);
    expect(made.status).toBe(201);
    expect(made.headers.get('location')).toBe(`/api/v1/print-batches/${made.body.id}`);
    expect(made.body).toMatchObject({ runId, documents: 1 });
    expect(await manifestOf(made.body.id)).toContain(doraInvoice.number);
    expect(await deliveryOf('invoices', doraInvoice.id)).toMatchObject({ status: 'batched', printBatchId: made.body.id });
    expect((await world.api.call('POST', '/print-batches', { runId }, ['billing-ops'])).body).toMatchObject({ status: 409, code: 'nothing-to-print' });

    // Eve's usage comes: her invoice goes into the run's next batch by itself.
    const late = requests().find((r) => r.agreementId === eve.agreementId) as UsageProfileRequestedV1;
    await answerUsage(world, late, daysBetween(late.periodStart, late.periodEnd) + 1, 1000);
    expect(await eventually(async () => (await invoicesOf(eve)).length === 1)).toBe(true);
    const eveInvoice = (await invoicesOf(eve))[0];
    expect(await eventually(async () => (await deliveryOf('invoices', eveInvoice.id)).status === 'batched')).toBe(true);
    expect((await batchesOf(runId)).map((b) => b.id)).toContain((await deliveryOf('invoices', eveInvoice.id)).printBatchId);
  });

  it("a credit note's document is made from its CreditNoteIssued and goes by the customer's preference", async () => {
    const dora = customers['dora'];
    const invoice = (await invoicesOf(dora))[0];
    const creditNoteId = uuidv7();
    const number = await commands.run(async (tx) => {
      // As invoicing's corrections would: the credit note, the invoice credited, CreditNoteIssued through the outbox.
      const cn = formatDocumentNumber(SERIES.creditNote, await nextNumber(tx, SERIES.creditNote));
      const [row] = await tx.query<{ bill_id: string; agreement_id: string; period_from: string; period_to: string; lines: InvoiceLine[] }>(
        'select bill_id, agreement_id, period_from::text as period_from, period_to::text as period_to, lines from invoice where id = $1',
        [invoice.id],
      );
      await tx.query(
        `insert into credit_note (id, number, invoice_id, bill_id, account_id, agreement_id, period_from, period_to, issue_date, currency, total, lines, charges, reason)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'USD', $10, $11, '[]', 'a corrected meter reading')`,
        [
          creditNoteId,
          cn,
          invoice.id,
          row.bill_id,
          dora.accountId,
          row.agreement_id,
          row.period_from,
          row.period_to,
          `${year}-05-20`,
          invoice.total,
          JSON.stringify(row.lines),
        ],
      );
      await tx.query('update invoice set credited_by = $2 where id = $1', [invoice.id, creditNoteId]);
      await tx.append(creditNoteId, 'no-stream', [
        event(CreditNoteIssuedV1, {
          creditNoteId: creditNoteId as Uuid,
          creditNoteNumber: cn,
          invoiceId: invoice.id as Uuid,
          invoiceNumber: invoice.number,
          accountId: dora.accountId as Uuid,
          agreementId: row.agreement_id as Uuid,
          periodStart: row.period_from,
          periodEnd: row.period_to,
          issueDate: `${year}-05-20`,
          currency: 'USD',
          lines: row.lines,
          charges: [],
          total: invoice.total,
          reason: 'a corrected meter reading',
        }),
      ]);
      return cn;
    });
    expect(await eventually(async () => (await world.api.call('GET', `/credit-notes/${creditNoteId}/delivery`)).status === 200)).toBe(true);
    expect(await deliveryOf('credit-notes', creditNoteId)).toMatchObject({ documentNumber: number, channel: 'post', status: 'pending' });
    const pdf = await world.fetch(`/credit-notes/${creditNoteId}/pdf`, ['customer'], [dora.accountId]);
    expect(pdf.status).toBe(200);
    const { text } = await pdfTextOf(pdf.bytes);
    for (const shown of ['CREDIT NOTE', number, 'Amount credited', formatMoney(invoice.total, 'USD'), `${invoice.number} in full: a corrected meter reading`])
      expect(text).toContain(shown);
  });

  it('an invoice issued before delivery was installed gets its document, but is not sent again', async () => {
    const dora = customers['dora'];
    const source = (await invoicesOf(dora))[0];
    const invoiceId = uuidv7();
    await commands.run(async (tx) => {
      // An invoice of the history: issued before the migration that began delivery.
      const number = formatDocumentNumber(SERIES.invoice, await nextNumber(tx, SERIES.invoice));
      await tx.query(
        `insert into invoice (id, number, bill_id, account_id, agreement_id, service_point_id, kind, period_from, period_to, issue_date, due_date, currency, total, lines, usage, issued_at)
         select $2, $3, bill_id, account_id, agreement_id, service_point_id, 'final', period_from, period_to, issue_date, due_date, currency, total, lines, usage,
                (select since from delivery_cutover) - interval '1 day'
           from invoice where id = $1`,
        [source.id, invoiceId, number],
      );
      const [i] = await tx.query<{
        agreement_id: string;
        service_point_id: string;
        period_from: string;
        period_to: string;
        issue_date: string;
        due_date: string;
        total: string;
        lines: InvoiceLine[];
      }>(
        `select agreement_id, service_point_id, period_from::text as period_from, period_to::text as period_to, issue_date::text as issue_date, due_date::text as due_date,
                total::text as total, lines from invoice where id = $1`,
        [invoiceId],
      );
      await tx.append(invoiceId, 'no-stream', [
        event(InvoiceIssuedV1, {
          invoiceId: invoiceId as Uuid,
          invoiceNumber: number,
          runId: null,
          accountId: dora.accountId as Uuid,
          agreementId: i.agreement_id as Uuid,
          servicePointId: i.service_point_id as Uuid,
          periodStart: i.period_from,
          periodEnd: i.period_to,
          issueDate: i.issue_date,
          dueDate: i.due_date,
          currency: 'USD',
          lines: i.lines,
          total: i.total,
          usage: { importWh: 0, exportWh: 0, estimatedIntervals: 0 },
          kind: 'final',
        }),
      ]);
    });
    expect(await eventually(async () => (await commands.read('select 1 from document where id = $1', [invoiceId])).length === 1)).toBe(true);
    expect((await world.api.call('GET', `/invoices/${invoiceId}/delivery`)).body).toMatchObject({ status: 404, code: 'delivery-not-found' });
    const { text } = await pdfTextOf((await world.fetch(`/invoices/${invoiceId}/pdf`, ['csr'])).bytes);
    expect(text).toContain('FINAL INVOICE');
  });
});
