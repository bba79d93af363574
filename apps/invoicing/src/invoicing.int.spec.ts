import { describeServiceBoot, testConfig } from '@utilia/platform/testing';
import { AppModule } from './app.module';

describeServiceBoot('invoicing', () => testConfig('invoicing'), AppModule.register);
