import { MeterInstalledV1, MeterRegisteredV1, MeterRemovedV1 } from '@utilia/contracts';
import { isEvent as is, type Projection, type ProjectionRow, type ProjectionState } from '@utilia/platform';

type Row = ProjectionRow & Record<string, unknown>;
type Next = ProjectionState<Row> | undefined;

/** Meters: serial, commodity, kind, registers, and where each is installed now. */
export const meterView: Projection<Row> = {
  table: 'm_meter',
  rowKey: (e) => (is(e, MeterRegisteredV1) || is(e, MeterInstalledV1) || is(e, MeterRemovedV1) ? (e.data as { meterId: string }).meterId : undefined),
  evolve(row, e): Next {
    if (is(e, MeterRegisteredV1)) {
      const d = e.data;
      return { id: d.meterId, serial: d.serial, commodity: d.commodity, kind: d.kind, registers: d.registers, status: 'in-stock', service_point_id: null };
    }
    if (!row) return undefined;
    if (is(e, MeterInstalledV1)) return { ...row, status: 'installed', service_point_id: e.data.servicePointId };
    if (is(e, MeterRemovedV1)) return { ...row, status: 'removed', service_point_id: null };
    return undefined;
  },
};

/** Installations: a meter's time at a service point, with its start and end reads. */
export const installationView: Projection<Row> = {
  table: 'm_installation',
  rowKey: (e) => (is(e, MeterInstalledV1) || is(e, MeterRemovedV1) ? (e.data as { installationId: string }).installationId : undefined),
  evolve(row, e): Next {
    if (is(e, MeterInstalledV1)) {
      const d = e.data;
      return {
        id: d.installationId,
        meter_id: d.meterId,
        serial: d.serial,
        service_point_id: d.servicePointId,
        installed_at: d.installedAt,
        removed_at: null,
        start_reads: d.reads,
        end_reads: null,
        work_order_id: d.workOrderId,
      };
    }
    if (row && is(e, MeterRemovedV1)) return { ...row, removed_at: e.data.removedAt, end_reads: e.data.reads };
    return undefined;
  },
};
