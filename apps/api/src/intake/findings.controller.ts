import type { Language } from '@campaign/domain';
import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';

import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { Policy } from '../auth/policy.decorator.js';
import type { Principal } from '../auth/principal.js';
import { RequestLanguage } from '../common/language.js';
import { ApiErrors } from '../common/openapi.js';
import { RequestId } from '../common/request-id.js';
import { uuidParam } from '../common/uuid-param.js';
import {
  AddMeetingProblemsDto,
  ChecklistView,
  LifeMeetingListView,
  LifeMeetingsQueryDto,
  LifeMeetingView,
  MyChecklistQueryDto,
  PortraitBranchView,
  PortraitListView,
  PortraitQueryDto,
  RecordChecklistDto,
  RecordLifeMeetingDto,
  RecordOwnChecklistDto,
  RecordPortraitDto,
} from './findings.dto.js';
import { FindingsService } from './findings.service.js';

const CHECKLIST_409 =
  "The campaign has ended or has no ledger, or the person's checklists are recorded already";
const CHECKLIST_422 =
  'A category is missing or repeated, a finding has no description, or the person is not in the campaign';

/**
 * The self-check's findings (D4): checklists of the six disciplines and five styles, portrait
 * comparisons per branch, and the problems listed at life meetings. Each finding is registered
 * through the intake's one door: a ledger item, a page of the person's integrity file.
 */
@ApiTags('intake')
@ApiBearerAuth()
@ApiHeader({ name: 'Accept-Language', required: false, description: 'zh-CN (default) or en' })
@Controller()
export class FindingsController {
  constructor(private readonly findings: FindingsService) {}

  /**
   * Records your own checklists (your self-check) in a campaign covering you: the eleven
   * categories, each "no problem" or a finding. Each finding becomes one self-disclosed problem.
   */
  @Post('me/checklists')
  @Policy('authenticated')
  @ApiCreatedResponse({ type: ChecklistView })
  @ApiErrors({ 409: CHECKLIST_409, 422: CHECKLIST_422 })
  recordOwn(
    @CurrentPrincipal() principal: Principal,
    @Body() body: RecordOwnChecklistDto,
    @RequestLanguage() language: Language,
    @RequestId() requestId: string,
  ): Promise<ChecklistView> {
    return this.findings.recordChecklist(
      principal,
      {
        campaignId: body.campaignId,
        personId: principal.personId,
        entries: body.entries,
        self: true,
      },
      { requestId, language },
    );
  }

  /** Your own checklists in a campaign. */
  @Get('me/checklists')
  @Policy('authenticated')
  @ApiOkResponse({ type: ChecklistView })
  mine(
    @CurrentPrincipal() principal: Principal,
    @Query() query: MyChecklistQueryDto,
    @RequestLanguage() language: Language,
  ): Promise<ChecklistView> {
    return this.findings.checklist(principal, query.campaignId, principal.personId, language, true);
  }

  /** The office records the checklists of a person in its scope. */
  @Post('campaigns/:id/checklists')
  @Policy('findings.record')
  @ApiCreatedResponse({ type: ChecklistView })
  @ApiErrors({ 409: CHECKLIST_409, 422: CHECKLIST_422 })
  record(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Body() body: RecordChecklistDto,
    @RequestLanguage() language: Language,
    @RequestId() requestId: string,
  ): Promise<ChecklistView> {
    return this.findings.recordChecklist(
      principal,
      { campaignId: id, personId: body.personId, entries: body.entries, self: false },
      { requestId, language },
    );
  }

  /** A person's checklists in a campaign, with each finding's problem. */
  @Get('campaigns/:id/checklists/:personId')
  @Policy('problems.read')
  @ApiOkResponse({ type: ChecklistView })
  checklist(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Param('personId', uuidParam('personId')) personId: string,
    @RequestLanguage() language: Language,
  ): Promise<ChecklistView> {
    return this.findings.checklist(principal, id, personId, language, false);
  }

  /**
   * A branch's portrait comparison (画像比对): findings from its four sources, each about one
   * of its people; all are checked before any is registered.
   */
  @Post('campaigns/:id/portraits')
  @Policy('findings.record')
  @ApiCreatedResponse({ type: PortraitBranchView })
  @ApiErrors({
    409: 'The campaign has ended or has no ledger',
    422: 'The unit is not a party branch of the campaign, or a person is not in it',
  })
  recordPortrait(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Body() body: RecordPortraitDto,
    @RequestLanguage() language: Language,
    @RequestId() requestId: string,
  ): Promise<PortraitBranchView> {
    return this.findings.recordPortrait(principal, id, body, { requestId, language });
  }

  /** A campaign's portrait comparison findings in your scope, by branch. */
  @Get('campaigns/:id/portraits')
  @Policy('problems.read')
  @ApiOkResponse({ type: PortraitListView })
  portraits(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Query() query: PortraitQueryDto,
    @RequestLanguage() language: Language,
  ): Promise<PortraitListView> {
    return this.findings.portraits(principal, id, query.branchId, language);
  }

  /** Records a democratic or organisational life meeting, with the problems listed at it. */
  @Post('campaigns/:id/life-meetings')
  @Policy('findings.record')
  @ApiCreatedResponse({ type: LifeMeetingView })
  @ApiErrors({
    409: 'The campaign has ended or has no ledger',
    422: 'The unit cannot hold that kind of meeting or is not in the campaign, the day is to come, or a person is not in the unit',
  })
  recordMeeting(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Body() body: RecordLifeMeetingDto,
    @RequestLanguage() language: Language,
    @RequestId() requestId: string,
  ): Promise<LifeMeetingView> {
    return this.findings.recordMeeting(principal, id, body, { requestId, language });
  }

  /** A campaign's life meetings held in your scope, latest first, each with its problems. */
  @Get('campaigns/:id/life-meetings')
  @Policy('problems.read')
  @ApiOkResponse({ type: LifeMeetingListView })
  meetings(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Query() query: LifeMeetingsQueryDto,
    @RequestLanguage() language: Language,
  ): Promise<LifeMeetingListView> {
    return this.findings.meetings(principal, id, query.unitId, language);
  }

  /** A life meeting and the problems listed at it. */
  @Get('life-meetings/:id')
  @Policy('problems.read')
  @ApiOkResponse({ type: LifeMeetingView })
  meeting(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @RequestLanguage() language: Language,
  ): Promise<LifeMeetingView> {
    return this.findings.meeting(principal, id, language);
  }

  /** Records more problems listed at a meeting. */
  @Post('life-meetings/:id/problems')
  @Policy('findings.record')
  @ApiCreatedResponse({ type: LifeMeetingView })
  @ApiErrors({
    409: 'The campaign has ended or has no ledger',
    422: 'A person is not in the unit that held the meeting, or not in the campaign',
  })
  addMeetingProblems(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Body() body: AddMeetingProblemsDto,
    @RequestLanguage() language: Language,
    @RequestId() requestId: string,
  ): Promise<LifeMeetingView> {
    return this.findings.addMeetingProblems(principal, id, body.problems, { requestId, language });
  }
}
