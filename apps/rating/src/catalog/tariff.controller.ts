import { Controller, Get, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Static } from '@sinclair/typebox';
import { uuidv7, type TariffDefinition, type Uuid } from '@utilia/contracts';
import {
  Answers,
  CLOCK,
  CommandRunner,
  Created,
  CurrentPrincipal,
  dateParam,
  idParam,
  localDateOf,
  notFound,
  Roles,
  ValidBody,
  type Clock,
  type Principal,
} from '@utilia/platform';
import { APPROVERS, AUTHORS, PUBLISHERS, READERS } from '../access';
import { problemOf, type TariffCommand } from './tariff.decider';
import { handleTariffCommand } from './tariff.handler';
import { pricingVersions, tariffByCode, tariffs, versionInForce, versionsOf, type TariffRow, type VersionRow } from './tariff.queries';
import {
  ApproveBody,
  CreateTariffBody,
  DiscardBody,
  DraftVersionBody,
  TariffCreatedAnswer,
  TariffList,
  TariffView,
  UrdbBody,
  VersionDraftedAnswer,
  VersionView,
} from './tariff.schemas';
import { urdbDrafts } from './urdb';

const who = (p: Principal | undefined) => p?.subject ?? 'unknown';

function facts(t: TariffRow) {
  return {
    code: t.code,
    name: t.name,
    commodity: t.commodity,
    customerClass: t.customer_class,
    currency: t.currency,
    timeZone: t.time_zone,
    utility: t.utility,
    description: t.description,
  };
}

function summary(v: VersionRow, endsOn?: string | null) {
  return {
    id: v.id,
    status: v.status,
    effectiveFrom: v.effective_from,
    effectiveTo: v.effective_to,
    ...(endsOn !== undefined ? { endsOn } : {}),
    supersedes: v.supersedes,
    supersededBy: v.superseded_by,
    origin: v.origin,
    authoredBy: v.authored_by,
    approvedBy: v.approved_by,
    publishedBy: v.published_by,
  };
}

@ApiTags('tariffs')
@Controller('tariffs')
export class TariffController {
  constructor(
    private readonly commands: CommandRunner,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @Roles(...AUTHORS)
  @Created((r: { code: string }) => `tariffs/${r.code}`)
  @ApiOperation({
    summary:
      'Create a tariff in the catalog (code, name, commodity, customer class, currency, time zone, utility); it prices nothing until a version is published',
  })
  @Answers(TariffCreatedAnswer, { status: 201 })
  async create(
    @ValidBody(CreateTariffBody) body: Static<typeof CreateTariffBody>,
    @CurrentPrincipal() p?: Principal,
  ): Promise<Static<typeof TariffCreatedAnswer>> {
    const tariffId = uuidv7();
    await this.commands.run((tx) => handleTariffCommand(tx, { type: 'create', tariffId, facts: { ...body, description: body.description ?? '' }, by: who(p) }));
    return { tariffId, code: body.code };
  }

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: 'The catalog: tariffs (of a commodity and customer class) with the version in force on a day' })
  @ApiQuery({ name: 'commodity', required: false })
  @ApiQuery({ name: 'customerClass', required: false })
  @ApiQuery({ name: 'on', required: false, description: 'YYYY-MM-DD (default: today in each tariff time zone)' })
  @Answers(TariffList)
  async list(
    @Query('commodity') commodity?: string,
    @Query('customerClass') customerClass?: string,
    @Query('on') on?: string,
  ): Promise<Static<typeof TariffList>> {
    const day = on === undefined ? undefined : dateParam('on', on);
    const rows = await tariffs(this.commands, { commodity, customerClass });
    const versions = await versionsOf(
      this.commands,
      rows.map((t) => t.id),
    );
    return {
      items: rows.map((t) => {
        const d = day ?? localDateOf(this.clock.now(), t.time_zone);
        return {
          id: t.id,
          ...facts(t),
          on: d,
          inForce:
            versionInForce(
              versions.filter((v) => v.tariff_id === t.id),
              d,
            )?.id ?? null,
        };
      }),
    };
  }

  @Get(':code')
  @Roles(...READERS)
  @ApiOperation({ summary: 'A tariff, its versions (status, dates, who wrote, approved and published each) and the one in force on a day' })
  @ApiQuery({ name: 'on', required: false, description: 'YYYY-MM-DD (default: today in the tariff time zone)' })
  @Answers(TariffView)
  async get(@Param('code') code: string, @Query('on') on?: string): Promise<Static<typeof TariffView>> {
    const t = await tariffByCode(this.commands, code);
    const day = on === undefined ? localDateOf(this.clock.now(), t.time_zone) : dateParam('on', on);
    const versions = await versionsOf(this.commands, [t.id]);
    const ends = new Map(pricingVersions(versions).map((v) => [v.id, v.endsOn]));
    return {
      id: t.id,
      ...facts(t),
      on: day,
      inForce: versionInForce(versions, day)?.id ?? null,
      versions: versions.map((v) => summary(v, ends.has(v.id) ? ends.get(v.id) : undefined)),
    };
  }

  @Get(':code/versions/:versionId')
  @Roles(...READERS)
  @ApiOperation({ summary: 'A version with its definition (the libs/rating model) and, for a draft, why libs/rating would refuse it' })
  @Answers(VersionView)
  async version(@Param('code') code: string, @Param('versionId') id: string): Promise<Static<typeof VersionView>> {
    const versionId = idParam('versionId', id);
    const t = await tariffByCode(this.commands, code);
    const v = (await versionsOf(this.commands, [t.id])).find((x) => x.id === versionId);
    if (!v) throw notFound('tariff-version', versionId);
    const problem = problemOf(facts(t), {
      versionId: v.id,
      effectiveFrom: v.effective_from,
      effectiveTo: v.effective_to,
      definition: v.definition as TariffDefinition,
    });
    return {
      ...summary(v),
      tariffCode: t.code,
      definition: v.definition,
      problem: problem ?? null,
      approvalNote: v.approval_note,
      discardReason: v.discard_reason,
    };
  }

  @Post(':code/versions')
  @Roles(...AUTHORS)
  @Created((r: { versionIds: string[] }) => `versions/${r.versionIds[0]}`)
  @ApiOperation({ summary: 'Write a draft version (the libs/rating model); `supersedes` a published version for its dates to correct it' })
  @Answers(VersionDraftedAnswer, { status: 201 })
  async draft(
    @Param('code') code: string,
    @ValidBody(DraftVersionBody) body: Static<typeof DraftVersionBody>,
    @CurrentPrincipal() p?: Principal,
  ): Promise<Static<typeof VersionDraftedAnswer>> {
    const t = await tariffByCode(this.commands, code);
    const versionId = uuidv7();
    await this.commands.run((tx) =>
      handleTariffCommand(tx, {
        type: 'draft',
        tariffId: t.id as Uuid,
        versionId,
        effectiveFrom: body.effectiveFrom,
        effectiveTo: body.effectiveTo ?? null,
        definition: body.definition,
        supersedes: (body.supersedes ?? null) as Uuid | null,
        origin: 'manual',
        by: who(p),
      }),
    );
    return { versionIds: [versionId] };
  }

  @Post(':code/versions/urdb')
  @Roles(...AUTHORS)
  @Created((r: { versionIds: string[] }) => `versions/${r.versionIds[0]}`)
  @ApiOperation({
    summary:
      'Import OpenEI URDB rates as draft versions: one rate object, an array, or the URDB API answer {items}. Dates from effectiveFrom/effectiveTo, else from each rate startdate/enddate; errors name the URDB field.',
  })
  @ApiQuery({ name: 'effectiveFrom', required: false, description: 'YYYY-MM-DD, for one rate without a startdate' })
  @ApiQuery({ name: 'effectiveTo', required: false, description: 'YYYY-MM-DD, exclusive' })
  @Answers(VersionDraftedAnswer, { status: 201 })
  async importUrdb(
    @Param('code') code: string,
    @ValidBody(UrdbBody) body: Static<typeof UrdbBody>,
    @CurrentPrincipal() p?: Principal,
    @Query('effectiveFrom') from?: string,
    @Query('effectiveTo') to?: string,
  ): Promise<Static<typeof VersionDraftedAnswer>> {
    const t = await tariffByCode(this.commands, code);
    const drafts = urdbDrafts(body, {
      timeZone: t.time_zone,
      effectiveFrom: from === undefined ? undefined : dateParam('effectiveFrom', from),
      effectiveTo: to === undefined ? undefined : dateParam('effectiveTo', to),
    });
    const commands: TariffCommand[] = drafts.map((d) => ({ type: 'draft', tariffId: t.id as Uuid, versionId: uuidv7(), supersedes: null, by: who(p), ...d }));
    await this.commands.run(async (tx) => {
      for (const c of commands) await handleTariffCommand(tx, c);
    });
    return { versionIds: commands.map((c) => (c as { versionId: string }).versionId) };
  }

  @Post(':code/versions/:versionId/approve')
  @Roles(...APPROVERS)
  @ApiOperation({ summary: 'Approve a draft: libs/rating checks it, and the approver is never its author (four eyes)' })
  @Answers(VersionView)
  async approve(
    @Param('code') code: string,
    @Param('versionId') id: string,
    @ValidBody(ApproveBody) body: Static<typeof ApproveBody>,
    @CurrentPrincipal() p?: Principal,
  ): Promise<Static<typeof VersionView>> {
    return this.act(code, id, (tariffId, versionId) => ({ type: 'approve', tariffId, versionId, note: body.note ?? null, by: who(p) }));
  }

  @Post(':code/versions/:versionId/publish')
  @Roles(...PUBLISHERS)
  @ApiOperation({
    summary: 'Publish an approved version: TariffVersionPublished carries the whole definition; a correction replaces the version it supersedes',
  })
  @Answers(VersionView)
  async publish(@Param('code') code: string, @Param('versionId') id: string, @CurrentPrincipal() p?: Principal): Promise<Static<typeof VersionView>> {
    return this.act(code, id, (tariffId, versionId) => ({ type: 'publish', tariffId, versionId, by: who(p) }));
  }

  @Post(':code/versions/:versionId/discard')
  @Roles(...AUTHORS, ...APPROVERS)
  @ApiOperation({ summary: 'Discard a draft or approved version (a published one never changes)' })
  @Answers(VersionView)
  async discard(
    @Param('code') code: string,
    @Param('versionId') id: string,
    @ValidBody(DiscardBody) body: Static<typeof DiscardBody>,
    @CurrentPrincipal() p?: Principal,
  ): Promise<Static<typeof VersionView>> {
    return this.act(code, id, (tariffId, versionId) => ({ type: 'discard', tariffId, versionId, reason: body.reason, by: who(p) }));
  }

  private async act(code: string, id: string, command: (tariffId: Uuid, versionId: Uuid) => TariffCommand): Promise<Static<typeof VersionView>> {
    const versionId = idParam('versionId', id) as Uuid;
    const t = await tariffByCode(this.commands, code);
    await this.commands.run((tx) => handleTariffCommand(tx, command(t.id as Uuid, versionId)));
    return this.version(code, versionId);
  }
}
