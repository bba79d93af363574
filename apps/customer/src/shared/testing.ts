import { startServiceApi, testConfig, type ServiceApi } from '@utilia/platform/testing';
import { AppModule } from '../app.module';
import { withCustomerDefaults } from '../config';

/** The customer API of a customer service running in this process. */
export type CustomerApi = ServiceApi;

export async function startCustomerApi(): Promise<CustomerApi> {
  return startServiceApi(withCustomerDefaults(testConfig('customer')), AppModule.register);
}

export { TopicRecorder } from '@utilia/platform/testing';
