import { runService } from '@utilia/platform';
import { AppModule } from './app.module';
import { loadCustomerConfig } from './config';

// The only place that reads process.env.
void runService(() => loadCustomerConfig(process.env), AppModule.register);
