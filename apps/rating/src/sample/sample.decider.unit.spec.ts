import { uuidv7 } from '@utilia/contracts';
import { event } from '@utilia/platform';
import { given, named, violatedRule } from '@utilia/platform/testing';
import { decideSample, sampleAggregate } from './sample.decider';
import { SampleOpenedV1 } from './sample.events';

const sampleId = uuidv7();
const opened = event(SampleOpenedV1, { sampleId, title: 'first' });

describe('a sample', () => {
  it('opens once', () => {
    expect(named(decideSample(given(sampleAggregate), { type: 'open', sampleId, title: 'first' }))).toEqual([['sample-opened', { sampleId, title: 'first' }]]);
    expect(violatedRule(() => decideSample(given(sampleAggregate, opened), { type: 'open', sampleId, title: 'again' }))).toBe('sample-exists');
  });

  it('closes once, and only after it opened', () => {
    expect(violatedRule(() => decideSample(given(sampleAggregate), { type: 'close', sampleId, reason: 'done' }))).toBe('sample-not-found');
    const closed = decideSample(given(sampleAggregate, opened), { type: 'close', sampleId, reason: 'done' });
    expect(named(closed)).toEqual([['sample-closed', { sampleId, reason: 'done' }]]);
    expect(violatedRule(() => decideSample(given(sampleAggregate, opened, ...closed), { type: 'close', sampleId, reason: 'again' }))).toBe('sample-closed');
  });
});
