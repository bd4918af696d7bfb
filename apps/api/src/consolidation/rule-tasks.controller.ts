import type { Language } from '@campaign/domain';
import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
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
import { uuidParam } from '../common/uuid-param.js';
import {
  AssignRuleTaskDto,
  CreateRuleTaskDto,
  DefineRuleTaskDto,
  RuleTaskPageView,
  RuleTasksQueryDto,
  RuleTaskView,
} from './rule-tasks.dto.js';
import { RuleTasksService } from './rule-tasks.service.js';

/** Rule-making tasks (建章立制: 废改立); see RuleTasksService. */
@ApiTags('consolidation')
@ApiBearerAuth()
@ApiHeader({ name: 'Accept-Language', required: false, description: 'zh-CN (default) or en' })
@Controller()
export class RuleTasksController {
  constructor(private readonly ruleTasks: RuleTasksService) {}

  /** The campaign's rule-making tasks in your units: proposed first, each with its ledger item. */
  @Get('campaigns/:id/rule-tasks')
  @Policy('rules.read')
  @ApiOkResponse({ type: RuleTaskPageView })
  list(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Query() query: RuleTasksQueryDto,
    @RequestLanguage() language: Language,
  ): Promise<RuleTaskPageView> {
    return this.ruleTasks.list(principal, id, query, language);
  }

  /** The office creates a rule-making task: its unit, kind, title and the items it answers. */
  @Post('campaigns/:id/rule-tasks')
  @Policy('rules.write')
  @ApiCreatedResponse({ type: RuleTaskView })
  @ApiErrors({
    409: 'The campaign has ended, or has no plan',
    422: 'The unit is not in the campaign, or a linked item is unknown',
  })
  create(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Body() body: CreateRuleTaskDto,
    @RequestLanguage() language: Language,
  ): Promise<RuleTaskView> {
    return this.ruleTasks.create(principal, id, body, language);
  }

  /** One rule-making task with the ledger item tracking it. */
  @Get('rule-tasks/:id')
  @Policy('rules.read')
  @ApiOkResponse({ type: RuleTaskView })
  get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @RequestLanguage() language: Language,
  ): Promise<RuleTaskView> {
    return this.ruleTasks.get(principal, id, language);
  }

  /** Defines a proposed task: kind (废改立), title, linked items. */
  @Patch('rule-tasks/:id')
  @Policy('rules.write')
  @ApiOkResponse({ type: RuleTaskView })
  @ApiErrors({
    409: 'The task is on the ledger already, or its campaign has ended',
    422: 'A linked item is unknown',
  })
  define(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Body() body: DefineRuleTaskDto,
    @RequestLanguage() language: Language,
  ): Promise<RuleTaskView> {
    return this.ruleTasks.define(principal, id, body, language);
  }

  /**
   * Assigns the task with the ledger's six clarities, measures and mode (and its kind, if not
   * defined yet): it becomes a ledger item of its own (source rule_making) with its own
   * workflow, reminders and escalation ladder.
   */
  @Post('rule-tasks/:id/assign')
  @HttpCode(200)
  @Policy('rules.write')
  @ApiOkResponse({ type: RuleTaskView })
  @ApiErrors({
    409: 'Assigned already, or its campaign has ended',
    422: 'The kind or a clarity is missing (each is named), or a person or unit is unknown',
  })
  assign(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Body() body: AssignRuleTaskDto,
    @RequestLanguage() language: Language,
  ): Promise<RuleTaskView> {
    return this.ruleTasks.assign(principal, id, body, language);
  }
}
