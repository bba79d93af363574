import { describeServiceBoot, testConfig } from '@utilia/platform/testing';
import { AppModule } from './app.module';

describeServiceBoot('rating', () => testConfig('rating'), AppModule.register);
