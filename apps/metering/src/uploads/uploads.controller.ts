import { Controller, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Static } from '@sinclair/typebox';
import { MeterReadingsV1Schema, type MeterReadingsV1 } from '@utilia/contracts';
import { EspiError, parseEspi } from '@utilia/greenbutton';
import {
  Answers,
  CommandRunner,
  CurrentPrincipal,
  FileBody,
  notFound,
  PermanentError,
  ProblemError,
  Roles,
  ValidationFailed,
  ValidBody,
  type Principal,
} from '@utilia/platform';
import { HEAD_ENDS, METER_WRITERS } from '../access';
import type { MeteringConfig } from '../config';
import { metersBySerial } from '../meter/meter.queries';
import { channelBatches } from '../readings/headend.handler';
import { ingest, type IngestOutcome } from '../readings/ingest';
import { keepRegisterReads } from '../readings/register-reads';
import { METERING_CONFIG } from '../tokens';
import { csvBatches, csvRows, CSV_COLUMNS, UnreadableCsv } from './csv';
import { espiBatches } from './green-button';
import { UploadOutcome } from './uploads.schemas';

type Outcome = Static<typeof UploadOutcome>;

const asOutcome = (o: IngestOutcome): Outcome => ({
  stored: o.stored,
  unchanged: o.unchanged,
  replaced: o.replaced,
  refused: o.rejected,
  exceptions: o.exceptions,
});

/** The caller, as the source of what they bring. */
const uploader = (principal: Principal | undefined) => `upload:${principal?.subject ?? 'unknown'}`;

@ApiTags('readings')
@Controller()
export class UploadsController {
  constructor(
    private readonly commands: CommandRunner,
    @Inject(METERING_CONFIG) private readonly config: MeteringConfig,
  ) {}

  @Post('readings')
  @HttpCode(200)
  @Roles(...HEAD_ENDS)
  @ApiOperation({ summary: 'Readings of one meter as a head-end sends them on meter.readings (IEC 61968-9 MeterReadings in JSON), over HTTP' })
  @Answers(UploadOutcome)
  async meterReadings(@ValidBody(MeterReadingsV1Schema) body: MeterReadingsV1, @CurrentPrincipal() principal: Principal | undefined): Promise<Outcome> {
    return this.commands.run(async (tx) => {
      const meter = (await metersBySerial(tx, [body.meterMrid])).get(body.meterMrid);
      if (!meter) throw notFound('meter', body.meterMrid);
      const source = body.source ? `headend:${body.source}` : uploader(principal);
      let mapped;
      try {
        mapped = channelBatches(body, meter, source);
      } catch (e) {
        if (e instanceof PermanentError) throw new ProblemError(422, 'readings-not-storable', e.message);
        throw e;
      }
      const registerExceptions =
        mapped.registerReads.length > 0
          ? await keepRegisterReads(
              tx,
              mapped.registerReads.map((read) => ({ meter, read, source })),
            )
          : 0;
      const o = asOutcome(await ingest(tx, mapped.batches, { vee: this.config.vee, by: source }));
      return { ...o, registerReads: mapped.registerReads.length, exceptions: o.exceptions + registerExceptions };
    });
  }

  @Post('readings/csv')
  @HttpCode(200)
  @Roles(...METER_WRITERS)
  @ApiOperation({
    summary: `Upload interval readings as CSV: a header line naming ${CSV_COLUMNS.join(',')} (optionally direction, quality), then one reading per line. Lines that cannot be stored are listed with the reason; the rest are stored.`,
  })
  @Answers(UploadOutcome)
  async csv(
    @FileBody(['text/csv'], 'meter,start,length,value,unit[,direction,quality]') file: string,
    @CurrentPrincipal() principal: Principal | undefined,
  ): Promise<Outcome> {
    let rows;
    try {
      rows = csvRows(file);
    } catch (e) {
      if (e instanceof UnreadableCsv) throw new ProblemError(400, 'unreadable-csv', e.message);
      throw e;
    }
    return this.commands.run(async (tx) => {
      const meters = await metersBySerial(
        tx,
        rows.map((r) => r.row.meter ?? ''),
      );
      const { batches, refused } = csvBatches(rows, meters, uploader(principal));
      return { ...asOutcome(await ingest(tx, batches, { vee: this.config.vee, by: uploader(principal) })), refusedLines: refused };
    });
  }

  @Post('meters/:serial/green-button')
  @HttpCode(200)
  @Roles(...METER_WRITERS)
  @ApiOperation({
    summary:
      "Upload a Green Button (NAESB ESPI) XML file of a meter's interval data: an Atom feed or bare elements. Blocks without a ReadingType need uom and powerOfTenMultiplier in the query.",
  })
  @ApiQuery({ name: 'uom', required: false, description: 'ESPI uom code of blocks without a ReadingType, e.g. 72 (Wh).' })
  @ApiQuery({ name: 'powerOfTenMultiplier', required: false })
  @ApiQuery({ name: 'flowDirection', required: false, description: '1 delivered (import), 19 received (export).' })
  @Answers(UploadOutcome)
  async greenButton(
    @Param('serial') serial: string,
    @FileBody(['application/xml', 'application/atom+xml', 'text/xml'], 'An ESPI document') xml: string,
    @CurrentPrincipal() principal: Principal | undefined,
    @Query('uom') uom?: string,
    @Query('powerOfTenMultiplier') powerOfTenMultiplier?: string,
    @Query('flowDirection') flowDirection?: string,
  ): Promise<Outcome> {
    if (uom !== undefined && !/^\d+$/.test(uom)) throw new ValidationFailed([{ field: 'uom', message: 'must be an ESPI uom code such as 72' }]);
    if (powerOfTenMultiplier !== undefined && !/^-?\d+$/.test(powerOfTenMultiplier))
      throw new ValidationFailed([{ field: 'powerOfTenMultiplier', message: 'must be an integer' }]);
    let doc;
    try {
      doc = parseEspi(xml);
    } catch (e) {
      if (e instanceof EspiError) throw new ProblemError(400, 'unreadable-green-button', e.message);
      throw e;
    }
    const assumed = uom !== undefined ? { uom, powerOfTenMultiplier: powerOfTenMultiplier ?? '0', ...(flowDirection ? { flowDirection } : {}) } : undefined;
    return this.commands.run(async (tx) => {
      const meter = (await metersBySerial(tx, [serial])).get(serial);
      if (!meter) throw notFound('meter', serial);
      const { batches, refused } = espiBatches(doc, meter, uploader(principal), assumed);
      return { ...asOutcome(await ingest(tx, batches, { vee: this.config.vee, by: uploader(principal) })), refusedBlocks: refused };
    });
  }
}
