import { runService } from '@utilia/platform';
import { AppModule } from './app.module';
import { loadInvoicingConfig } from './config';

// The only place that reads process.env.
void runService(() => loadInvoicingConfig(process.env), AppModule.register);
