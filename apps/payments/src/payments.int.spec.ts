import { describeServiceBoot, testConfig } from '@utilia/platform/testing';
import { AppModule } from './app.module';

describeServiceBoot('payments', () => testConfig('payments'), AppModule.register);
