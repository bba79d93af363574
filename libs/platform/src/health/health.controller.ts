import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import type { Response } from 'express';
import { SERVICE_CONFIG, KAFKA_PROBE } from '../service/tokens';
import type { ServiceConfig } from '../config/service-config';
import { databaseProbe, KafkaProbe } from './probes';
import { Public } from '../auth/decorators';

/** Liveness and readiness for process managers and Kubernetes probes. Public: it reveals no data. */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    private readonly dataSource: DataSource,
    @Inject(KAFKA_PROBE) private readonly kafka: KafkaProbe,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The process is alive' })
  alive() {
    return { status: 'ok', service: this.config.service };
  }

  @Get('ready')
  @ApiOperation({ summary: 'The service can reach its database and the Kafka broker (503 otherwise)' })
  async ready(@Res({ passthrough: true }) res: Response) {
    const [database, kafka] = await Promise.all([databaseProbe(this.dataSource), this.kafka.check()]);
    const ready = database.ok && kafka.ok;
    res.status(ready ? 200 : 503);
    return { status: ready ? 'ready' : 'not-ready', service: this.config.service, checks: { database, kafka } };
  }
}
