import { runService } from '@utilia/platform';
import { AppModule } from './app.module';
import { loadMeteringConfig } from './config';

// The only place that reads process.env.
void runService(() => loadMeteringConfig(process.env), AppModule.register);
