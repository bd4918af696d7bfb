import type { Language } from '@campaign/domain';
import { Body, Controller, Get, HttpCode, Param, Post, Query, UploadedFiles } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';

import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { Policy } from '../auth/policy.decorator.js';
import type { Principal } from '../auth/principal.js';
import { RequestLanguage } from '../common/language.js';
import { ApiErrors } from '../common/openapi.js';
import { uuidParam } from '../common/uuid-param.js';
import { EvidenceUpload, type UploadedEvidenceFile } from '../evidence/uploads.js';
import {
  AttendanceDto,
  AttendanceResultView,
  CompleteTaskDto,
  MyTasksQueryDto,
  TaskPageView,
  TaskView,
  UnitTasksQueryDto,
} from './tasks.dto.js';
import { TasksService } from './tasks.service.js';

@ApiTags('tasks')
@ApiBearerAuth()
@ApiHeader({ name: 'Accept-Language', required: false, description: 'zh-CN (default) or en' })
@Controller()
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  /** My tasks in every campaign: open first, by deadline. */
  @Get('me/tasks')
  @Policy('authenticated')
  @ApiOkResponse({ type: TaskPageView })
  mine(
    @CurrentPrincipal() principal: Principal,
    @Query() query: MyTasksQueryDto,
    @RequestLanguage() language: Language,
  ): Promise<TaskPageView> {
    return this.tasks.mine(principal, query, language);
  }

  /**
   * A campaign's unit tasks (phase summaries, warning education…) of the units in your scope:
   * open first, by deadline. Complete one with `POST /tasks/:id/complete`.
   */
  @Get('campaigns/:id/unit-tasks')
  @Policy('tasks.record')
  @ApiOkResponse({ type: TaskPageView })
  @ApiErrors({ 404: 'No such campaign within your scope' })
  unitTasks(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Query() query: UnitTasksQueryDto,
    @RequestLanguage() language: Language,
  ): Promise<TaskPageView> {
    return this.tasks.unitTasks(principal, id, query, language);
  }

  /** One task with its evidence: yours, or a unit task of a unit within your scope. */
  @Get('tasks/:id')
  @Policy('authenticated')
  @ApiOkResponse({ type: TaskView })
  get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @RequestLanguage() language: Language,
  ): Promise<TaskView> {
    return this.tasks.get(principal, id, language);
  }

  /**
   * Completes a task with its evidence: JSON, or multipart with `files` (at most 5, 10 MB each,
   * none empty, names of one line; each stored with its SHA-256).
   */
  @Post('tasks/:id/complete')
  @HttpCode(200)
  @Policy('authenticated')
  @EvidenceUpload()
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiOkResponse({ type: TaskView })
  @ApiErrors({
    409: 'Done already, left, or its campaign has ended',
    422: 'Evidence missing, three answers missing, or a task completed elsewhere',
  })
  complete(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Body() body: CompleteTaskDto,
    @UploadedFiles() files: UploadedEvidenceFile[] | undefined,
    @RequestLanguage() language: Language,
  ): Promise<TaskView> {
    return this.tasks.complete(principal, id, body, files ?? [], language);
  }

  /** The unit's office records who attended a study session (集中学习): their tasks are done. */
  @Post('campaigns/:id/attendance')
  @HttpCode(200)
  @Policy('tasks.record')
  @ApiOkResponse({ type: AttendanceResultView })
  @ApiErrors({ 409: 'The campaign has ended', 422: 'The task is not a study session' })
  attendance(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidParam()) id: string,
    @Body() body: AttendanceDto,
  ): Promise<AttendanceResultView> {
    return this.tasks.attendance(principal, id, body);
  }
}
