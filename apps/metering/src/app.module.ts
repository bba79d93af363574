import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule, type JsonLogger } from '@utilia/platform';
import type { MeteringConfig } from './config';
import { migrations } from './migrations';

@Module({})
export class AppModule {
  static register(config: MeteringConfig, logger: JsonLogger): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forService({ config, logger, migrations })],
    };
  }
}
