import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { readAuthConfig, type AuthConfig } from './auth-config';
import { AUTH_CONFIG, AuthGuard } from './auth.guard';

/**
 * Bearer JWT authentication for every route of the application (a global guard, deny by default).
 * `AuthModule.forRoot()` reads AUTH_JWT_SECRET from the environment and refuses to build in
 * production without it (ConfigError); pass a config to choose it yourself.
 */
@Module({})
export class AuthModule {
  static forRoot(config?: AuthConfig): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      providers: [
        { provide: AUTH_CONFIG, useValue: config ?? readAuthConfig(process.env) },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [AUTH_CONFIG],
    };
  }
}
