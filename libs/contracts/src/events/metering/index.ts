import type { EventRegistry } from '../../registry';
import { MeterInstalledV1, MeterRegisteredV1, MeterRemovedV1, VeeExceptionRaisedV1, VeeExceptionResolvedV1 } from './meter-events';
import { UsageCorrectedV1, UsageProfileReadyV1 } from './usage-events';

export * from './meter-events';
export * from './usage-events';

/** Registers the metering context's event types. */
export function registerMeteringEvents(registry: EventRegistry): EventRegistry {
  return registry.register(
    MeterRegisteredV1,
    MeterInstalledV1,
    MeterRemovedV1,
    VeeExceptionRaisedV1,
    VeeExceptionResolvedV1,
    UsageProfileReadyV1,
    UsageCorrectedV1,
  );
}
