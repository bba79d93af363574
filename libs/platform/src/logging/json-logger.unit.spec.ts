import { JsonLogger, redactUrl } from './json-logger';

describe('structured logs', () => {
  it('writes one JSON object per line with service, level and context', () => {
    const lines: string[] = [];
    const logger = new JsonLogger('billing', 'info', (l) => lines.push(l));
    logger.log('started', 'Bootstrap');
    logger.info('bill run done', { invoices: 3 });
    const [first, second] = lines.map((l) => JSON.parse(l));
    expect(first).toMatchObject({ level: 'info', service: 'billing', context: 'Bootstrap', msg: 'started' });
    expect(second).toMatchObject({ msg: 'bill run done', invoices: 3 });
    expect(new Date(first.time).toISOString()).toBe(first.time);
  });

  it('drops records below the configured level', () => {
    const lines: string[] = [];
    const logger = new JsonLogger('billing', 'warn', (l) => lines.push(l));
    logger.debug('noise');
    logger.log('info');
    logger.warn('careful');
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['careful']);
  });

  it('never prints the password of a database URL', () => {
    expect(redactUrl('postgres://app:s3cret@db:5432/x')).toBe('postgres://app:***@db:5432/x');
    expect(redactUrl('postgres://postgres@127.0.0.1:5432/x')).toBe('postgres://postgres@127.0.0.1:5432/x');
  });
});
