import { loadCustomerConfig } from './config';

describe('customer service configuration', () => {
  it('defaults to a 60-day backdate limit, 90 days ahead, in UTC on port 3001', () => {
    expect(loadCustomerConfig({})).toMatchObject({ service: 'customer', port: 3001, backdateLimitDays: 60, aheadLimitDays: 90, timeZone: 'UTC' });
  });

  it('links invoices to the invoicing API on this machine unless INVOICING_BASE_URL says otherwise (a trailing slash dropped)', () => {
    expect(loadCustomerConfig({}).invoicingBaseUrl).toBe('http://127.0.0.1:3004');
    expect(loadCustomerConfig({ INVOICING_BASE_URL: 'https://billing.example.com/' }).invoicingBaseUrl).toBe('https://billing.example.com');
    expect(() => loadCustomerConfig({ INVOICING_BASE_URL: 'ftp://billing' })).toThrow('INVOICING_BASE_URL: expected a URL with scheme http or https');
  });

  it('names every bad variable, common and own, in one error', () => {
    expect(() => loadCustomerConfig({ PORT: 'x', BACKDATE_LIMIT_DAYS: '-1', UTILITY_TIME_ZONE: 'Mars/Olympus' })).toThrow(
      [
        'invalid configuration:',
        '  - PORT: expected a TCP port number from 0 to 65535 (got "x")',
        '  - BACKDATE_LIMIT_DAYS: expected an integer from 0 to 3650 (got "-1")',
        '  - UTILITY_TIME_ZONE: expected an IANA time zone such as America/Chicago (got "Mars/Olympus")',
      ].join('\n'),
    );
  });
});
