import { loadRatingConfig } from './config';

describe('the rating configuration', () => {
  it('loads the seed catalog at start only when RATING_SEED_CATALOG says true', () => {
    expect(loadRatingConfig({}).seedCatalog).toBe(false);
    expect(loadRatingConfig({ RATING_SEED_CATALOG: 'true' }).seedCatalog).toBe(true);
    expect(() => loadRatingConfig({ RATING_SEED_CATALOG: 'yes' })).toThrow(/RATING_SEED_CATALOG/);
  });
});
