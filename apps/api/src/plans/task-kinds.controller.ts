import type { Language } from '@campaign/domain';
import { Body, Controller, Get, Post, Res } from '@nestjs/common';
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
import { RequestLanguage } from '../common/language.js';
import {
  CreateTaskKindDto,
  TaskKindPageView,
  TaskKindView,
  taskKindView,
} from './dto/task-kind.dto.js';
import { PlansService } from './plans.service.js';

/**
 * The office's own task kinds: an activity its plan has (主题党日, 廉政家访…) with a name in both
 * languages and what completing it takes, usable in a plan's tasks as `kind: "office_defined"`
 * with its `officeKindId`; members complete it through the task completion route.
 */
@ApiTags('plans')
@ApiBearerAuth()
@ApiHeader({ name: 'Accept-Language', required: false, description: 'zh-CN (default) or en' })
@Controller('task-kinds')
export class TaskKindsController {
  constructor(private readonly plans: PlansService) {}

  /** Kinds owned within the caller's scope or above it. */
  @Get()
  @Policy('taskKinds.read')
  @ApiOkResponse({ type: TaskKindPageView })
  async list(
    @CurrentPrincipal() principal: Principal,
    @RequestLanguage() language: Language,
  ): Promise<TaskKindPageView> {
    const items = (await this.plans.taskKinds(principal)).map((k) => taskKindView(k, language));
    return { items, page: 1, pageSize: items.length, total: items.length };
  }

  @Post()
  @Policy('taskKinds.write')
  @ApiCreatedResponse({ type: TaskKindView })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateTaskKindDto,
    @RequestLanguage() language: Language,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TaskKindView> {
    const kind = await this.plans.createTaskKind(principal, body);
    res.location(`/api/v1/task-kinds/${kind.id}`);
    return taskKindView(kind, language);
  }
}
