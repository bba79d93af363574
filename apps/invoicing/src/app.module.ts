import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule, type JsonLogger } from '@utilia/platform';
import type { InvoicingConfig } from './config';
import { migrations } from './migrations';

@Module({})
export class AppModule {
  static register(config: InvoicingConfig, logger: JsonLogger): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forService({ config, logger, migrations })],
    };
  }
}
