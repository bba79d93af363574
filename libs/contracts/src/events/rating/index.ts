import type { EventRegistry } from '../../registry';
import { TariffCreatedV1, TariffVersionApprovedV1, TariffVersionDiscardedV1, TariffVersionDraftedV1, TariffVersionPublishedV1 } from './tariff-events';

export * from './tariff-events';

/** Registers the rating context's event types. */
export function registerRatingEvents(registry: EventRegistry): EventRegistry {
  return registry.register(TariffCreatedV1, TariffVersionDraftedV1, TariffVersionDiscardedV1, TariffVersionApprovedV1, TariffVersionPublishedV1);
}
