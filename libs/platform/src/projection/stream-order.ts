/** An event with its place in its stream. */
export interface Sequenced {
  subject: string;
  streamVersion: number;
}

/** What to do with a batch of events so that each stream's events take effect in version order. */
export interface StreamOrderPlan<E> {
  /** Events to apply now: each stream's in version order, with no version skipped. */
  ready: E[];
  /** Events that arrived ahead of a version still missing: kept until it comes. */
  park: E[];
  /** Events that were waiting and are in `ready` now (no longer parked). */
  unparked: E[];
  /** Events at or below the version their stream has applied: already applied, dropped. */
  stale: E[];
  /** The last version applied of each stream that changed. */
  progress: Map<string, number>;
  /** The version each stream with parked events now waits for. */
  waitingFor: Map<string, number>;
}

/**
 * Puts the events of each stream in order, whatever order Kafka delivered them in (a stream's
 * events can travel through several partitions, which Kafka does not order between). Given each
 * stream's last applied version, the events parked earlier and the events just arrived: the ones
 * that continue their stream without a gap are ready, the ones after a gap are parked, the ones
 * already applied are stale. Pure; streams keep their order of first arrival.
 */
export function planStreamOrder<E extends Sequenced>(applied: ReadonlyMap<string, number>, parked: readonly E[], arriving: readonly E[]): StreamOrderPlan<E> {
  const plan: StreamOrderPlan<E> = { ready: [], park: [], unparked: [], stale: [], progress: new Map(), waitingFor: new Map() };
  const byStream = new Map<string, Array<{ e: E; wasParked: boolean }>>();
  const add = (e: E, wasParked: boolean) => {
    let list = byStream.get(e.subject);
    if (!list) byStream.set(e.subject, (list = []));
    list.push({ e, wasParked });
  };
  for (const e of arriving) add(e, false);
  for (const e of parked) add(e, true);
  for (const [stream, list] of byStream) {
    // A version parked and arriving again is the same event: keep the parked copy.
    list.sort((a, b) => a.e.streamVersion - b.e.streamVersion || Number(b.wasParked) - Number(a.wasParked));
    let last = applied.get(stream) ?? 0;
    for (let i = 0; i < list.length; i++) {
      const { e, wasParked } = list[i];
      if (e.streamVersion <= last) {
        if (!wasParked) plan.stale.push(e);
        else plan.unparked.push(e); // parked earlier yet applied since: leave the parking place
      } else if (e.streamVersion === last + 1) {
        plan.ready.push(e);
        if (wasParked) plan.unparked.push(e);
        last = e.streamVersion;
      } else {
        for (const rest of list.slice(i)) if (!rest.wasParked) plan.park.push(rest.e);
        plan.waitingFor.set(stream, last + 1);
        break;
      }
    }
    if (last !== (applied.get(stream) ?? 0)) plan.progress.set(stream, last);
  }
  return plan;
}
