import type { Uuid } from '@utilia/contracts';
import { event, notFound, RuleViolation, unexpectedEvent, type Aggregate } from '@utilia/platform';
import { SampleClosedV1, SampleOpenedV1, sampleEvents, type SampleEvent } from './sample.events';

export interface SampleState {
  status: 'none' | 'open' | 'closed';
}

export type SampleCommand = { type: 'open'; sampleId: Uuid; title: string } | { type: 'close'; sampleId: Uuid; reason: string };

export const sampleAggregate: Aggregate<SampleState, SampleEvent> = {
  events: sampleEvents,
  initial: { status: 'none' },
  evolve(state, e) {
    switch (e.type) {
      case SampleOpenedV1.type:
        return { status: 'open' };
      case SampleClosedV1.type:
        return { status: 'closed' };
      default:
        return unexpectedEvent(e);
    }
  },
};

/** Sample rules: opened once; closed once, and only when open. Pure: state and command in, events out. */
export function decideSample(state: SampleState, command: SampleCommand): SampleEvent[] {
  switch (command.type) {
    case 'open':
      if (state.status !== 'none') throw new RuleViolation('sample-exists', `sample ${command.sampleId} exists already`, 'conflict');
      return [event(SampleOpenedV1, { sampleId: command.sampleId, title: command.title })];
    case 'close':
      if (state.status === 'none') throw notFound('sample', command.sampleId);
      if (state.status === 'closed') throw new RuleViolation('sample-closed', `sample ${command.sampleId} is closed already`, 'conflict');
      return [event(SampleClosedV1, { sampleId: command.sampleId, reason: command.reason })];
  }
}
