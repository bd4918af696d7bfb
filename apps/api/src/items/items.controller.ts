import { DomainError, type Language } from '@campaign/domain';
import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Query,
  StreamableFile,
  UploadedFile,
  UploadedFiles,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';

import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { Policy } from '../auth/policy.decorator.js';
import type { Principal } from '../auth/principal.js';
import { IdempotencyHeader, idempotencyKey } from '../common/idempotency.js';
import { RequestLanguage } from '../common/language.js';
import { ApiErrors } from '../common/openapi.js';
import { uuidParam } from '../common/uuid-param.js';
import { EvidenceUpload, ImportUpload, type UploadedEvidenceFile } from '../evidence/uploads.js';
import { attachment } from '../org-import/import-template.js';
import type { ImportFile } from '../org-import/org-import.service.js';
import { ItemCommandsService } from './item-commands.service.js';
import { ItemQueriesService } from './item-queries.service.js';
import {
  AccountabilityPageView,
  AccountabilityQueryDto,
  AssignItemDto,
  ExtensionDecisionDto,
  FlagSupervisionDto,
  ItemDetailView,
  ItemPageView,
  ItemReportDto,
  ItemsQueryDto,
  LedgerImportQueryDto,
  LedgerImportView,
  LedgerUnitsView,
  LookBackDto,
  RecordNoteDto,
  RegisterItemDto,
  RequestExtensionDto,
  ReviewDto,
  SpotCheckDto,
  SummaryDto,
  TalkDto,
  TimelineView,
  VerifyItemDto,
} from './items.dto.js';
import { LedgerExportService } from './ledger-export.service.js';
import { LedgerImportService } from './ledger-import.service.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The rectification ledger (整改台账): one workflow per item. Moves go through
 * ItemCommandsService, reads through ItemQueriesService, the workbook out through
 * LedgerExportService and in through LedgerImportService.
 */
@ApiTags('ledger')
@ApiBearerAuth()
@ApiHeader({ name: 'Accept-Language', required: false, description: 'zh-CN (default) or en' })
@Controller()
export class ItemsController {
  constructor(
    private readonly commands: ItemCommandsService,
    private readonly queries: ItemQueriesService,
    private readonly exports: LedgerExportService,
    private readonly imports: LedgerImportService,
  ) {}

  /** Registers a problem on the ledger; its workflow starts with it. */
  @Post('items')
  @Policy('items.register')
  @ApiCreatedResponse({ type: ItemDetailView })
  @ApiErrors({
    409: 'The campaign has ended, or has no plan',
    422: 'The unit is not in the campaign, or a person is unknown or has left',
  })
  @IdempotencyHeader()
  register(
    @CurrentPrincipal() principal: Principal,
    @Body() body: RegisterItemDto,
    @RequestLanguage() language: Language,
    @Headers('idempotency-key') key: string | undefined,
  ): Promise<ItemDetailView> {
    return this.commands.register(principal, body, language, idempotencyKey(key));
  }

  /** Items in your scope, filtered: campaign, unit subtree, status, warning, mode, flags. */
  @Get('items')
  @Policy('items.read')
  @ApiOkResponse({ type: ItemPageView })
  list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ItemsQueryDto,
    @RequestLanguage() language: Language,
  ): Promise<ItemPageView> {
    return this.queries.list(principal, query, language);
  }

  /** Your own items: those you are responsible for, lead, or are concerned in. */
  @Get('me/items')
  @Policy('authenticated')
  @ApiOkResponse({ type: ItemPageView })
  mine(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ItemsQueryDto,
    @RequestLanguage() language: Language,
  ): Promise<ItemPageView> {
    return this.queries.mine(principal, query, language);
  }

  /** One item with its reports, extension requests and escalations (with their deliveries). */
  @Get('items/:id')
  @Policy('authenticated')
  @ApiOkResponse({ type: ItemDetailView })
  get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @RequestLanguage() language: Language,
  ): Promise<ItemDetailView> {
    return this.queries.get(principal, id, language);
  }

  /** Every event and timer of the item: who, what, when, from which request. */
  @Get('items/:id/timeline')
  @Policy('authenticated')
  @ApiOkResponse({ type: TimelineView })
  timeline(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @RequestLanguage() language: Language,
  ): Promise<TimelineView> {
    return this.queries.timeline(principal, id, language);
  }

  /** Assigns the item: the six clarities, measures and mode. */
  @Post('items/:id/assign')
  @HttpCode(200)
  @Policy('items.register')
  @ApiOkResponse({ type: ItemDetailView })
  @ApiErrors({
    409: 'Assigned already, or its campaign has ended',
    422: 'A clarity is missing (each is named), or a person or unit is unknown',
  })
  assign(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Body() body: AssignItemDto,
    @RequestLanguage() language: Language,
  ): Promise<ItemDetailView> {
    return this.commands.assign(principal, id, body, language);
  }

  /** The responsible person reports progress (at least once per review window). */
  @Post('items/:id/progress')
  @HttpCode(200)
  @Policy('authenticated')
  @EvidenceUpload()
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiOkResponse({ type: ItemDetailView })
  @ApiErrors({ 409: 'The item is not being rectified', 422: 'The report breaks a rule' })
  progress(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Body() body: ItemReportDto,
    @UploadedFiles() files: UploadedEvidenceFile[] | undefined,
    @RequestLanguage() language: Language,
  ): Promise<ItemDetailView> {
    return this.commands.report(principal, id, 'progress', body, files ?? [], language);
  }

  /** The responsible person submits the completion with its evidence, for verification. */
  @Post('items/:id/submit')
  @HttpCode(200)
  @Policy('authenticated')
  @EvidenceUpload()
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiOkResponse({ type: ItemDetailView })
  @ApiErrors({ 409: 'The item is not being rectified', 422: 'The submission breaks a rule' })
  submit(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Body() body: ItemReportDto,
    @UploadedFiles() files: UploadedEvidenceFile[] | undefined,
    @RequestLanguage() language: Language,
  ): Promise<ItemDetailView> {
    return this.commands.report(principal, id, 'completion', body, files ?? [], language);
  }

  /**
   * An inspector closes (销号) the submitted item or sends it back with a reason (where the plan
   * has the task force check it first, after that check).
   */
  @Post('items/:id/verify')
  @HttpCode(200)
  @Policy('items.verify')
  @ApiOkResponse({ type: ItemDetailView })
  @ApiErrors({
    409: 'The item is not submitted',
    422: 'No reason for a send-back, or the inspector is responsible for or concerned in it',
  })
  verify(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Body() body: VerifyItemDto,
    @RequestLanguage() language: Language,
  ): Promise<ItemDetailView> {
    return this.commands.verify(principal, id, body, language);
  }

  /**
   * The office's rectification task force (整改专班) closes the submitted item, or checks it
   * first for the inspectors (初审), or sends it back — as the campaign's plan has it
   * (`review.closedBy`).
   */
  @Post('items/:id/task-force-check')
  @HttpCode(200)
  @Policy('items.check')
  @ApiOkResponse({ type: ItemDetailView })
  @ApiErrors({
    409: 'The item is not submitted, or the task force has checked it already',
    422: 'The plan has the inspectors close items, no reason for a send-back, or you answer for it',
  })
  taskForceCheck(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Body() body: VerifyItemDto,
    @RequestLanguage() language: Language,
  ): Promise<ItemDetailView> {
    return this.commands.verify(principal, id, body, language, 'task_force');
  }

  /** The responsible person asks for a new deadline, with a reason. */
  @Post('items/:id/extensions')
  @HttpCode(201)
  @Policy('authenticated')
  @ApiCreatedResponse({ type: ItemDetailView })
  @ApiErrors({
    409: 'The item is not being rectified, or a request is pending',
    422: 'The day is not after the deadline, or the deadline has passed',
  })
  requestExtension(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Body() body: RequestExtensionDto,
    @RequestLanguage() language: Language,
  ): Promise<ItemDetailView> {
    return this.commands.requestExtension(principal, id, body, language);
  }

  /** An inspector approves (perhaps another day) or refuses an extension request. */
  @Post('items/:id/extensions/:eid/decision')
  @HttpCode(200)
  @Policy('items.verify')
  @ApiOkResponse({ type: ItemDetailView })
  @ApiErrors({
    409: 'The request is decided already',
    422: 'The inspector is responsible for or concerned in the item, or the day is not later',
  })
  decideExtension(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Param('eid', uuidParam('eid')) extensionId: string,
    @Body() body: ExtensionDecisionDto,
    @RequestLanguage() language: Language,
  ): Promise<ItemDetailView> {
    return this.commands.decideExtension(principal, id, extensionId, body, language);
  }

  /**
   * The office retries a parked item: a step of its workflow failed for good (bad data), and once
   * the data is fixed the workflow records it and goes on. Accepted: the detail may still show
   * `parked` until the step is recorded.
   */
  @Post('items/:id/retry')
  @HttpCode(202)
  @Policy('items.retry')
  @ApiAcceptedResponse({ type: ItemDetailView })
  @ApiErrors({ 409: 'The item is not parked' })
  retry(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @RequestLanguage() language: Language,
  ): Promise<ItemDetailView> {
    return this.commands.retry(principal, id, language);
  }

  /** The office flags the item for supervision (挂牌督办): its supervising leader receives every rung. */
  @Post('items/:id/supervision')
  @HttpCode(200)
  @Policy('items.register')
  @ApiOkResponse({ type: ItemDetailView })
  @ApiErrors({
    409: 'The item is closed or still starting',
    422: 'The leader is unknown or has left',
  })
  flagSupervision(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Body() body: FlagSupervisionDto,
    @RequestLanguage() language: Language,
  ): Promise<ItemDetailView> {
    return this.commands.flagSupervision(principal, id, body, language);
  }

  /**
   * The inspector, or the 督查问效组 that held it, records the admonishment talk (约谈) the ladder
   * called for: day, attendees, outcome.
   */
  @Post('items/:id/talks')
  @HttpCode(200)
  @Policy('items.talk')
  @ApiOkResponse({ type: ItemDetailView })
  @ApiErrors({
    409: 'No admonishment talk is due on this item',
    422: 'An attendee is unknown, or you answer for this item',
  })
  talk(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Body() body: TalkDto,
    @RequestLanguage() language: Language,
  ): Promise<ItemDetailView> {
    return this.commands.record(principal, id, { kind: 'talk', ...body }, language);
  }

  /** The inspector finds the problem repeating (屡查屡犯): red, and accountability at once. */
  @Post('items/:id/repeat-offences')
  @HttpCode(200)
  @Policy('items.verify')
  @ApiOkResponse({ type: ItemDetailView })
  @ApiErrors({ 409: 'The item is not open', 422: 'You answer for this item' })
  repeatOffence(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Body() body: RecordNoteDto,
    @RequestLanguage() language: Language,
  ): Promise<ItemDetailView> {
    return this.commands.record(principal, id, { kind: 'offence', ...body }, language);
  }

  /** A long-term item's periodic review by an inspector; off track is a yellow warning. */
  @Post('items/:id/reviews')
  @HttpCode(200)
  @Policy('items.verify')
  @ApiOkResponse({ type: ItemDetailView })
  @ApiErrors({ 409: 'Not an open long-term item', 422: 'You answer for this item' })
  review(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Body() body: ReviewDto,
    @RequestLanguage() language: Language,
  ): Promise<ItemDetailView> {
    return this.commands.record(principal, id, { kind: 'review', ...body }, language);
  }

  /**
   * The 督查问效组's spot check (抽查) of a closed item before its look-back: upheld, or not really
   * rectified (整改不到位) and reopened with a new deadline and a yellow warning.
   */
  @Post('items/:id/spot-checks')
  @HttpCode(200)
  @Policy('items.supervise')
  @ApiOkResponse({ type: ItemDetailView })
  @ApiErrors({
    409: 'The item is not closed (or its look-back confirmed it)',
    422: 'You verified or answer for it, or a reopening lacks a future newDeadline',
  })
  spotCheck(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Body() body: SpotCheckDto,
    @RequestLanguage() language: Language,
  ): Promise<ItemDetailView> {
    return this.commands.record(principal, id, { kind: 'spot_check', ...body }, language);
  }

  /** The look-back (回头看) of a closed item: confirmed, or a rebound that reopens it. */
  @Post('items/:id/look-back')
  @HttpCode(200)
  @Policy('items.verify')
  @ApiOkResponse({ type: ItemDetailView })
  @ApiErrors({
    409: 'The item is not closed',
    422: 'You verified or answer for it, or a rebound lacks a future newDeadline',
  })
  lookBack(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Body() body: LookBackDto,
    @RequestLanguage() language: Language,
  ): Promise<ItemDetailView> {
    return this.commands.record(principal, id, { kind: 'look_back', ...body }, language);
  }

  /** The office's summary of a closed case (一案一总结); a loophole tag asks for a rule (建章立制). */
  @Post('items/:id/summary')
  @HttpCode(200)
  @Policy('items.register')
  @ApiOkResponse({ type: ItemDetailView })
  @ApiErrors({ 409: 'No closure awaits its summary', 422: 'The loophole tag is invalid' })
  summary(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Body() body: SummaryDto,
    @RequestLanguage() language: Language,
  ): Promise<ItemDetailView> {
    return this.commands.record(principal, id, { kind: 'summary', ...body }, language);
  }

  /** Where every unit in your scope stands on the campaign's ledger: counts by status, warning, rung. */
  @Get('campaigns/:id/ledger/units')
  @Policy('items.read')
  @ApiOkResponse({ type: LedgerUnitsView })
  unitCounts(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @RequestLanguage() language: Language,
  ): Promise<LedgerUnitsView> {
    return this.queries.unitCounts(principal, id, language);
  }

  /**
   * The campaign's ledger as an Excel workbook in the layout offices keep (序号 … 销号日期),
   * Chinese headers unless `Accept-Language: en`; your subtrees' items only.
   */
  @Get('campaigns/:id/ledger.xlsx')
  @Policy('items.read')
  @ApiProduces(XLSX_TYPE)
  @ApiOkResponse({ description: 'The ledger workbook (attachment)' })
  async ledger(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @RequestLanguage() language: Language,
  ): Promise<StreamableFile> {
    const { file, title } = await this.exports.workbook(principal, id, language);
    return new StreamableFile(file, {
      type: XLSX_TYPE,
      disposition: attachment('ledger.xlsx', `${title}-整改台账.xlsx`),
    });
  }

  /**
   * Registers the rows of a ledger file (.xlsx or UTF-8 .csv in the layout of ledger.xlsx;
   * assigned rows name all six clarities) in one go: the whole file is checked first and any
   * problem answers 422 listing every one by row and column, with nothing written. The same file
   * again, or a row (序号) already imported unchanged, registers nothing. The items' workflows
   * start after the answer; `starting` counts those not yet running.
   */
  @Post('campaigns/:id/ledger/import')
  @HttpCode(200)
  @Policy('items.register')
  @ImportUpload()
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: { type: 'string', format: 'binary', description: '.xlsx or .csv, at most 10 MB' },
      },
    },
  })
  @ApiOkResponse({ type: LedgerImportView })
  @ApiErrors({
    409: 'The campaign has ended, or has no plan',
    413: 'Larger than 10 MB, unpacks past IMPORT_MAX_UNPACKED_MB, or more than 20,000 rows',
    422: 'Every problem in the file, by row and column, under `errors`',
  })
  importLedger(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @UploadedFile() file: ImportFile | undefined,
    @Query() query: LedgerImportQueryDto,
  ): Promise<LedgerImportView> {
    if (!file?.buffer || file.buffer.length === 0) {
      throw new DomainError(
        'invalid',
        'send the ledger as a non-empty multipart form field "file"',
      );
    }
    return this.imports.import(principal, id, file, query.dryRun === 'true');
  }

  /** A ledger import's counts, and how many of its items' workflows are still starting. */
  @Get('campaigns/:id/ledger/imports/:importId')
  @Policy('items.register')
  @ApiOkResponse({ type: LedgerImportView })
  importStatus(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Param('importId', uuidParam()) importId: string,
  ): Promise<LedgerImportView> {
    return this.imports.status(principal, id, importId);
  }

  /**
   * The accountability register (问责台账): every reminder, warning and rung an item fired,
   * whom it reached and how each delivery went; newest first.
   */
  @Get('accountability')
  @Policy('accountability.read')
  @ApiOkResponse({ type: AccountabilityPageView })
  accountability(
    @CurrentPrincipal() principal: Principal,
    @Query() query: AccountabilityQueryDto,
    @RequestLanguage() language: Language,
  ): Promise<AccountabilityPageView> {
    return this.queries.accountability(principal, query, language);
  }
}
