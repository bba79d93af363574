/**
 * The ESPI (NAESB REQ.21) code values this library reads or writes. Codes travel as the decimal strings the
 * documents carry; these tables name the ones the library knows. They are not the full ESPI enumerations.
 */

/** ESPI `uom` (UnitSymbolKind) codes met in Green Button data. Only 72 (Wh) is converted by `readingsInWh`. */
export const UOM: Readonly<Record<string, string>> = {
  '0': 'none',
  '5': 'A',
  '29': 'V',
  '31': 'J',
  '38': 'W',
  '42': 'm3',
  '61': 'VA',
  '63': 'VAr',
  '71': 'VAh',
  '72': 'Wh',
  '73': 'VArh',
  '119': 'ft3',
  '128': 'usGal',
  '132': 'btu',
  '169': 'therm',
};

/** ESPI uom code for watt-hours. */
export const UOM_WH = '72';
/** ESPI uom code for watts. */
export const UOM_W = '38';

/** ESPI `flowDirection` codes the writer uses. */
export const FLOW_DIRECTION = {
  /** 1 = forward: energy delivered to the customer (import). */
  import: '1',
  /** 19 = reverse: energy received from the customer (export). */
  export: '19',
} as const;

/** ESPI `accumulationBehaviour` 4 = deltaData: each value is the quantity over its own interval. */
export const ACCUMULATION_DELTA_DATA = '4';

/** ESPI ReadingType `kind` 12 = energy. */
export const KIND_ENERGY = '12';

/** ESPI ReadingQuality `quality` codes (QualityOfReading). */
export const READING_QUALITY: Readonly<Record<string, string>> = {
  '0': 'valid',
  '7': 'manually edited',
  '8': 'estimated using reference day',
  '9': 'estimated using linear interpolation',
  '10': 'questionable',
  '11': 'derived',
  '12': 'projected (forecast)',
  '13': 'mixed',
  '14': 'raw',
  '15': 'normalized for weather',
  '16': 'other',
  '17': 'validated',
  '18': 'verified',
  '19': 'revenue-quality',
};

/** ESPI UsagePoint `ServiceCategory/kind` (ServiceKind) codes. */
export const SERVICE_KIND: Readonly<Record<string, string>> = {
  '0': 'electricity',
  '1': 'gas',
  '2': 'water',
  '3': 'time',
  '4': 'heat',
  '5': 'refuse',
  '6': 'sewerage',
  '7': 'rates',
  '8': 'tvLicence',
  '9': 'internet',
};

/** The commodities the writer knows, with their ESPI ReadingType `commodity` and UsagePoint `ServiceCategory/kind` codes. */
export const COMMODITIES = {
  /** commodity 1 = electricity secondary metered (the customer side of the transformer); service kind 0 = electricity. */
  electricity: { commodity: '1', serviceKind: '0' },
  /** commodity 7 = natural gas; service kind 1 = gas (gas sold by energy, e.g. in kWh). */
  naturalGas: { commodity: '7', serviceKind: '1' },
  /** commodity 12 = heating fluid; service kind 4 = heat (district heating metered in Wh). */
  heat: { commodity: '12', serviceKind: '4' },
} as const;

/** A commodity the writer knows. */
export type Commodity = keyof typeof COMMODITIES;
