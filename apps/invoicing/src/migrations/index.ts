import { backboneMigrations } from '@utilia/platform';
import { Copies1765065600000 } from './1765065600000-copies';
import { NumberingCycles1765065600100 } from './1765065600100-numbering-cycles';
import { Bills1765065600200 } from './1765065600200-bills';
import { BillDrafts1765065600300 } from './1765065600300-bill-drafts';
import { FinalBills1765065600400 } from './1765065600400-final-bills';
import { CorrectionsCharges1765065600500 } from './1765065600500-corrections-charges';
import { RunProgress1765065600510 } from './1765065600510-run-progress';
import { DocumentsDelivery1765065600900 } from './1765065600900-documents-delivery';
import { LazyPdf1765065600910 } from './1765065600910-lazy-pdf';
import { InvoiceAgreementIndex1765065600920 } from './1765065600920-invoice-agreement-index';
import { AgreementMetering1765065600930 } from './1765065600930-agreement-metering';

/** This service's schema migrations, in order, after the backbone's (events, outbox, inbox). TypeORM runs the pending ones at start. */
export const migrations: Array<new () => unknown> = [
  ...backboneMigrations,
  Copies1765065600000,
  NumberingCycles1765065600100,
  Bills1765065600200,
  BillDrafts1765065600300,
  FinalBills1765065600400,
  CorrectionsCharges1765065600500,
  RunProgress1765065600510,
  DocumentsDelivery1765065600900,
  LazyPdf1765065600910,
  InvoiceAgreementIndex1765065600920,
  AgreementMetering1765065600930,
];
