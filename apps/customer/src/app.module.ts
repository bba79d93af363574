import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule, type JsonLogger } from '@utilia/platform';
import type { CustomerConfig } from './config';
import { migrations } from './migrations';

@Module({})
export class AppModule {
  static register(config: CustomerConfig, logger: JsonLogger): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forService({ config, logger, migrations })],
    };
  }
}
