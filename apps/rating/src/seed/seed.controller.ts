import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Type, type Static } from '@sinclair/typebox';
import { Answers, CommandRunner, Roles } from '@utilia/platform';
import { seedCatalog } from './seed';

const SeedAnswer = Type.Object({ created: Type.Array(Type.String()), existing: Type.Array(Type.String()) });

@ApiTags('catalog')
@Controller('catalog')
export class SeedController {
  constructor(private readonly commands: CommandRunner) {}

  @Post('seed')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Load the seed catalog (apps/rating/src/seed): its tariffs not in the catalog yet, published; again changes nothing' })
  @Answers(SeedAnswer)
  async seed(): Promise<Static<typeof SeedAnswer>> {
    return seedCatalog(this.commands);
  }
}
