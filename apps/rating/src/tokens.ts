/** The rating service's configuration, for providers. */
export const RATING_CONFIG = Symbol('RATING_CONFIG');
