import { runService } from '@utilia/platform';
import { AppModule } from './app.module';
import { loadPaymentsConfig } from './config';

// The only place that reads process.env.
void runService(() => loadPaymentsConfig(process.env), AppModule.register);
