export * from './roles';
export * from './auth-config';
export * from './jwt';
export * from './decorators';
export * from './auth.guard';
export * from './account-access';
export * from './auth.module';
