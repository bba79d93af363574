import { describeServiceBoot, startServiceApi, testConfig } from '@utilia/platform/testing';
import { AppModule } from './app.module';
import type { RatingConfig } from './config';
import { SEED_CATALOG } from './seed/catalog';

describeServiceBoot('rating', () => testConfig('rating'), AppModule.register);

describe('the rating service at start', () => {
  it('loads the seed catalog when configured to, published and in force', async () => {
    const api = await startServiceApi({ ...testConfig('rating'), seedCatalog: true } as RatingConfig, AppModule.register);
    try {
      const items = (await api.call('GET', '/tariffs?on=2026-06-01')).body.items as Array<{ code: string; inForce: string | null }>;
      for (const t of SEED_CATALOG) expect(items.find((i) => i.code === t.code)?.inForce).toEqual(expect.any(String));
    } finally {
      await api.close();
    }
  });
});
