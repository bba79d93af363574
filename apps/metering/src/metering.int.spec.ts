import { describeServiceBoot, testConfig } from '@utilia/platform/testing';
import { AppModule } from './app.module';

describeServiceBoot('metering', () => testConfig('metering'), AppModule.register);
