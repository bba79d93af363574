import { loadMeteringConfig } from './config';

describe('metering service configuration', () => {
  it('defaults to port 3002 in UTC with the VEE defaults', () => {
    expect(loadMeteringConfig({})).toMatchObject({ service: 'metering', port: 3002, timeZone: 'UTC', vee: { spikeFactor: 10, zeroStreak: 96, shortGap: 4 } });
  });

  it('names every bad variable in one error', () => {
    expect(() => loadMeteringConfig({ UTILITY_TIME_ZONE: 'Nowhere/Land', VEE_SPIKE_FACTOR: '1' })).toThrow(
      /UTILITY_TIME_ZONE[\s\S]*VEE_SPIKE_FACTOR|VEE_SPIKE_FACTOR[\s\S]*UTILITY_TIME_ZONE/,
    );
  });
});
