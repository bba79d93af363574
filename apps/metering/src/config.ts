import { collectConfig, env, readConfig, readServiceConfig, type ServiceConfig } from '@utilia/platform';

/** The metering service listens on 3002 unless PORT says otherwise. */
export const DEFAULT_PORT = 3002;

/** The settings of the validation checks (VEE) and estimation. */
export interface VeeSettings {
  /** A reading above this many times the trailing typical value of its channel is a spike (VEE_SPIKE_FACTOR, default 10). */
  spikeFactor: number;
  /** This many consecutive zero readings make a zero streak worth a look (VEE_ZERO_STREAK, default 96: a day of 15-minute data). */
  zeroStreak: number;
  /** Gaps of at most this many intervals are filled by linear interpolation; longer ones by the same weekday's profile (VEE_SHORT_GAP, default 4). */
  shortGap: number;
}

export interface MeteringConfig extends ServiceConfig {
  /** UTILITY_TIME_ZONE: the IANA zone billing periods are read in (default UTC). */
  timeZone: string;
  vee: VeeSettings;
}

/** A plain service config (as tests build) completed with the metering defaults. */
export function withMeteringDefaults(config: ServiceConfig & Partial<MeteringConfig>): MeteringConfig {
  return { ...config, timeZone: config.timeZone ?? 'UTC', vee: config.vee ?? { spikeFactor: 10, zeroStreak: 96, shortGap: 4 } };
}

export function loadMeteringConfig(source: Record<string, string | undefined>): MeteringConfig {
  const [service, own] = collectConfig(
    () => readServiceConfig(source, 'metering', DEFAULT_PORT),
    () =>
      readConfig(source, {
        UTILITY_TIME_ZONE: env.timeZone('UTC'),
        VEE_SPIKE_FACTOR: env.int(2, 1000, 10),
        VEE_ZERO_STREAK: env.int(2, 10_000, 96),
        VEE_SHORT_GAP: env.int(1, 96, 4),
      }),
  );
  return {
    ...service,
    timeZone: own.UTILITY_TIME_ZONE,
    vee: { spikeFactor: own.VEE_SPIKE_FACTOR, zeroStreak: own.VEE_ZERO_STREAK, shortGap: own.VEE_SHORT_GAP },
  };
}
