// The pure building blocks of a service's domain code: no Nest, no database, no clock.
export * from './rules';
export * from './decider';
export * from './dates';
export * from './clock';
