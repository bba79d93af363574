import { CommandRunner } from '@utilia/platform';
import { startServiceApi, testConfig, type ServiceApi } from '@utilia/platform/testing';
import { AppModule } from '../app.module';
import { formatDocumentNumber, nextNumber, SERIES } from './invoice-number';

describe('invoice numbers', () => {
  let api: ServiceApi;
  beforeAll(async () => {
    api = await startServiceApi(testConfig('invoicing'), AppModule.register);
  });
  afterAll(async () => {
    await api?.close();
  });

  it('are gap-free under concurrency: 40 issuers at once, every third rolled back, leave 1..k with no gap and no number twice', async () => {
    const commands = api.service.app.get(CommandRunner);
    const [before] = await commands.read<{ last: string }>('select last::text as last from document_series where series = $1', [SERIES.invoice]);
    const start = BigInt(before?.last ?? '0');
    const kept: bigint[] = [];
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        commands
          .run(async (tx) => {
            const n = await nextNumber(tx, SERIES.invoice);
            // Something later in the issuing transaction fails: the number must come back.
            if (i % 3 === 0) throw new Error('issue failed');
            return n;
          })
          .then((n) => kept.push(n))
          .catch((e: Error) => {
            if (e.message !== 'issue failed') throw e;
          }),
      ),
    );
    kept.sort((a, b) => (a < b ? -1 : 1));
    expect(kept).toHaveLength(26);
    expect(kept).toEqual(Array.from({ length: 26 }, (_, i) => start + BigInt(i + 1)));
  });

  it('read as the series and nine digits; credit notes count on their own', async () => {
    expect(formatDocumentNumber(SERIES.invoice, 42n)).toBe('INV-000000042');
    const commands = api.service.app.get(CommandRunner);
    const [cn] = await commands.read<{ last: string }>('select last::text as last from document_series where series = $1', [SERIES.creditNote]);
    const n = await commands.run((tx) => nextNumber(tx, SERIES.creditNote));
    expect(n).toBe(BigInt(cn?.last ?? '0') + 1n);
  });

  it('the bill cycles are there with their terms and next read dates', async () => {
    const cycles = (await api.call('GET', '/bill-cycles', undefined, ['billing-ops'])).body.items;
    expect(cycles).toHaveLength(20);
    expect(cycles[6]).toMatchObject({ code: '07', readDay: 7, paymentTermsDays: 21 });
    expect(cycles[6].nextReadDates).toHaveLength(3);
  });
});
