import { runService } from '@utilia/platform';
import { AppModule } from './app.module';
import { loadRatingConfig } from './config';

// The only place that reads process.env.
void runService(() => loadRatingConfig(process.env), AppModule.register);
