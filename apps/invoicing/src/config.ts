import { collectConfig, readServiceConfig, type ServiceConfig } from '@utilia/platform';
import { readDocumentsConfig, type DocumentsConfig } from './documents/documents.config';

/** The invoicing service listens on 3004 unless PORT says otherwise. */
export const DEFAULT_PORT = 3004;

/** The common service settings and those of documents and delivery (their defaults when absent, as tests build it). */
export interface InvoicingConfig extends ServiceConfig {
  documents?: DocumentsConfig;
}

export function loadInvoicingConfig(source: Record<string, string | undefined>): InvoicingConfig {
  const [service, documents] = collectConfig(
    () => readServiceConfig(source, 'invoicing', DEFAULT_PORT),
    () => readDocumentsConfig(source),
  );
  return { ...service, documents };
}
