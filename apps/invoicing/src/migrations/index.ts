/** This service's schema migrations, in order. TypeORM runs the pending ones at start. */
export const migrations: Array<new () => unknown> = [];
