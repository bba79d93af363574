import type { EventRegistry } from '../../registry';
import { MeterReadingsV1 } from './meter-readings';

export * from './meter-readings';

/** Registers the head-end message types (published by systems outside Utilia on `meter.readings`). */
export function registerHeadEndEvents(registry: EventRegistry): EventRegistry {
  return registry.register(MeterReadingsV1);
}
