import { createHash } from 'node:crypto';
import { uuidv7 } from '@utilia/contracts';
import { BankFileError, readNacha, type NachaChange, type NachaEntry } from '@utilia/bankfiles';
import { localDateOf, RuleViolation, type CommandTx } from '@utilia/platform';
import type { PaymentsConfig } from '../config';
import { decideEntry } from './matching';
import { bookUnit, emptyOutcomes, importUnit, knownFor, type BankUnit, type ImportSummary } from './statements.handler';

/** A NACHA date (YYMMDD) as a local date; NACHA's years are this century. */
const isoDate = (yymmdd: string, fallback: string) =>
  /^\d{6}$/.test(yymmdd) ? `20${yymmdd.slice(0, 2)}-${yymmdd.slice(2, 4)}-${yymmdd.slice(4, 6)}` : fallback;

/** Applies a bank's notification of change to the mandate of the debit it names: the next file uses the corrected account. */
async function applyChange(tx: Pick<CommandTx, 'query'>, change: NachaChange): Promise<string> {
  const [debit] = await tx.query<{ mandate_id: string }>('select mandate_id from direct_debit where trace_number = $1 order by created_at desc limit 1', [
    change.originalEntryTraceNumber,
  ]);
  if (!debit) return `notification of change ${change.changeCode} for a debit nothing here matches`;
  const data = change.correctedData;
  const code = change.changeCode;
  if (code === 'C01') await tx.query('update mandate set bank_account_number = $2 where id = $1', [debit.mandate_id, data.slice(0, 17).trim()]);
  else if (code === 'C02') await tx.query('update mandate set routing_number = $2 where id = $1', [debit.mandate_id, data.slice(0, 9)]);
  else if (code === 'C03')
    await tx.query('update mandate set routing_number = $2, bank_account_number = $3 where id = $1', [
      debit.mandate_id,
      data.slice(0, 9),
      data.slice(12, 29).trim(),
    ]);
  else if (code === 'C05')
    await tx.query('update mandate set bank_account_type = $2 where id = $1', [debit.mandate_id, data.startsWith('3') ? 'savings' : 'checking']);
  else return `notification of change ${code} recorded; the mandate needs a look`;
  return `notification of change ${code}: the mandate was corrected`;
}

/**
 * Imports a NACHA ACH file: returns (addenda 99) reverse what the debit they name had paid, or close
 * a debit not settled yet; notifications of change (addenda 98) correct the mandate; credits to the
 * utility are payments for the account their identification names (else suspense); the file's own
 * control totals are checked and any problem kept. One transaction; a file imported again books nothing twice.
 */
export async function importNacha(tx: CommandTx, text: string, by: string, config: PaymentsConfig): Promise<ImportSummary> {
  let file;
  try {
    file = readNacha(text);
  } catch (e) {
    if (e instanceof BankFileError) throw new RuleViolation('bank-file-unreadable', e.message.slice(0, 500));
    throw e;
  }
  const today = localDateOf(tx.now, config.timeZone);
  const header = file.header;
  const fileRef = `${header?.immediateOrigin ?? ''}-${header?.fileCreationDate ?? ''}${header?.fileCreationTime ?? ''}${header?.fileIdModifier ?? ''}`;
  const statementId = uuidv7();
  await tx.query(
    `insert into bank_statement (id, format, statement_ref, bank_account, currency, reconciles, problems, file_sha256, imported_by)
     values ($1, 'nacha', $2, $3, 'USD', $4, $5, $6, $7)`,
    [
      statementId,
      fileRef,
      header?.immediateDestination ?? null,
      file.problems.length === 0,
      JSON.stringify(file.problems.map((p) => p.message)),
      createHash('sha256').update(text).digest('hex'),
      by,
    ],
  );
  const summary: ImportSummary = {
    format: 'nacha',
    statements: [{ id: statementId, statementRef: fileRef, reconciles: file.problems.length === 0 }],
    entries: 0,
    alreadyImported: 0,
    outcomes: emptyOutcomes(),
    problems: file.problems.map((p) => p.message),
  };
  const entries = file.batches.flatMap((b) => b.entries.map((e) => ({ e, date: isoDate(b.header.effectiveEntryDate, today) })));
  const traces = entries.map(({ e }) => e.return?.originalEntryTraceNumber).filter((t): t is string => Boolean(t));
  const debits = await tx.query<{ trace_number: string; end_to_end_id: string }>(
    'select trace_number, end_to_end_id from direct_debit where trace_number = any($1)',
    [traces],
  );
  const endToEndOf = new Map(debits.map((d) => [d.trace_number, d.end_to_end_id]));
  const unitOf = ({ e, date }: { e: NachaEntry; date: string }): BankUnit => {
    const e2e = e.return ? endToEndOf.get(e.return.originalEntryTraceNumber) : undefined;
    return {
      key: `nacha|${fileRef}|${e.traceNumber}`,
      amount: e.amount,
      currency: 'USD',
      bookingDate: date,
      reference: `ACH trace ${e.traceNumber}`,
      endToEndId: e2e ?? null,
      keys: {
        creditDebit: e.kind === 'debit' ? 'DBIT' : 'CRDT',
        reversal: e.return !== null,
        endToEndIds: e2e ? [e2e] : [],
        creditorReferences: [],
        remittanceTexts: [e.identificationNumber, ...e.paymentRelatedInformation].filter((t) => t.trim() !== ''),
      },
      returnReason: e.return?.returnReasonCode ?? null,
    };
  };
  const units = entries.filter(({ e }) => !e.prenote).map((x) => ({ x, unit: unitOf(x) }));
  const known = await knownFor(
    tx,
    units.map((u) => u.unit),
  );
  for (const { x, unit } of units) {
    const change = x.e.notificationOfChange;
    await importUnit(tx, statementId, unit, summary, async () =>
      change
        ? { status: 'change', reason: await applyChange(tx, change), outcome: 'ignore' as const }
        : bookUnit(tx, unit, decideEntry(unit.keys, known), config, by),
    );
  }
  return summary;
}
