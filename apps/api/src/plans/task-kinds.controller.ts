import type { Language } from '@campaign/domain';
import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';

import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { Policy } from '../auth/policy.decorator.js';
import type { Principal } from '../auth/principal.js';
import { ReasonDto } from '../campaigns/dto/campaign-controls.dto.js';
import { invalidFields } from '../common/api-error.js';
import { RequestLanguage } from '../common/language.js';
import { ApiErrors } from '../common/openapi.js';
import { RequestId } from '../common/request-id.js';
import { uuidParam } from '../common/uuid-param.js';
import {
  CreateTaskKindDto,
  TaskKindPageView,
  TaskKindsQueryDto,
  TaskKindView,
  taskKindView,
  UpdateTaskKindDto,
} from './dto/task-kind.dto.js';
import { TaskKindsService } from './task-kinds.service.js';

/**
 * The office's own task kinds: an activity its plan has (主题党日, 廉政家访…) with a name in both
 * languages and what completing it takes, usable in a plan's tasks as `kind: "office_defined"`
 * with its `officeKindId`; members complete it through the task completion route. The office
 * that owns a kind edits it and retires it; launched campaigns keep the definition they froze.
 */
@ApiTags('plans')
@ApiBearerAuth()
@ApiHeader({ name: 'Accept-Language', required: false, description: 'zh-CN (default) or en' })
@Controller('task-kinds')
export class TaskKindsController {
  constructor(private readonly kinds: TaskKindsService) {}

  /** Kinds owned within the caller's scope or above it, retired ones flagged (`?status=active`: those a new plan may use). */
  @Get()
  @Policy('taskKinds.read')
  @ApiOkResponse({ type: TaskKindPageView })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: TaskKindsQueryDto,
    @RequestLanguage() language: Language,
  ): Promise<TaskKindPageView> {
    const items = (await this.kinds.list(principal, query.status)).map((k) =>
      taskKindView(k, language),
    );
    return { items, page: 1, pageSize: items.length, total: items.length };
  }

  @Get(':id')
  @Policy('taskKinds.read')
  @ApiOkResponse({ type: TaskKindView })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @RequestLanguage() language: Language,
  ): Promise<TaskKindView> {
    return taskKindView(await this.kinds.get(principal, id), language);
  }

  @Post()
  @Policy('taskKinds.write')
  @ApiCreatedResponse({ type: TaskKindView })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateTaskKindDto,
    @RequestLanguage() language: Language,
    @RequestId() requestId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TaskKindView> {
    const kind = await this.kinds.create(principal, body, requestId);
    res.location(`/api/v1/task-kinds/${kind.id}`);
    return taskKindView(kind, language);
  }

  /** Edits the name or what completing the kind takes; plans saved or launched before keep theirs. */
  @Patch(':id')
  @Policy('taskKinds.write')
  @ApiOkResponse({ type: TaskKindView })
  @ApiErrors({
    403: 'The kind belongs to a unit above yours',
    409: 'The kind is retired',
  })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Body() body: UpdateTaskKindDto,
    @RequestLanguage() language: Language,
    @RequestId() requestId: string,
  ): Promise<TaskKindView> {
    if (Object.values(body).every((value) => value === undefined)) {
      throw invalidFields([
        {
          field: 'name',
          messages: ['give name, needsAttendance, needsEvidence or needsAnswers to change'],
        },
      ]);
    }
    return taskKindView(await this.kinds.update(principal, id, body, requestId), language);
  }

  /**
   * Retires the kind, with the reason: no new plan may use it (422), while the campaigns
   * launched with it run on. It stays listed, flagged `retired`.
   */
  @Post(':id/retire')
  @HttpCode(200)
  @Policy('taskKinds.write')
  @ApiOkResponse({ type: TaskKindView })
  @ApiErrors({
    403: 'The kind belongs to a unit above yours',
    409: 'The kind is retired already',
  })
  async retire(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Body() body: ReasonDto,
    @RequestLanguage() language: Language,
    @RequestId() requestId: string,
  ): Promise<TaskKindView> {
    return taskKindView(await this.kinds.retire(principal, id, body.reason, requestId), language);
  }
}
