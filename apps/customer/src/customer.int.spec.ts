import { describeServiceBoot, testConfig } from '@utilia/platform/testing';
import { AppModule } from './app.module';

describeServiceBoot('customer', () => testConfig('customer'), AppModule.register);
