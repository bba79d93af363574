import { uuidV5 } from './uuid';

describe('uuidV5', () => {
  it('gives the RFC 9562 name-based UUIDs that Python uuid.uuid5 gives', () => {
    expect(uuidV5('python.org', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
    expect(uuidV5('https://example.com/espi/UsagePoint/1')).toBe('bcafc54a-c6a5-5ad3-a6e5-6cf976efc4ff');
  });
});
