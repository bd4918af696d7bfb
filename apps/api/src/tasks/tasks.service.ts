import {
  CampaignClock,
  type Language,
  NotFoundError,
  type ResolvedTask,
  RuleBrokenError,
  takesAnswers,
  takesAttendance,
  takesEvidence,
  WrongStateError,
} from '@campaign/domain';
import {
  campaignClockSpec,
  type CampaignEntity,
  CampaignReadModelRepository,
  type CampaignTaskEntity,
  type NewEvidence,
  OrgRepository,
  TaskRepository,
} from '@campaign/persistence';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { Principal } from '../auth/principal.js';
import { refuseEnded } from '../campaigns/campaign-open.js';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import { labelled, phaseLabelled } from '../common/labelled.js';
import { EVIDENCE_STORAGE, type EvidenceStorage, sha256Of } from '../evidence/evidence-storage.js';
import type { UploadedEvidenceFile } from '../evidence/uploads.js';
import type {
  AttendanceDto,
  CompleteTaskDto,
  MyTasksQueryDto,
  TaskPageView,
  TaskView,
  UnitTasksQueryDto,
} from './tasks.dto.js';

/**
 * Tasks people owe in campaigns: their own list, completing one with evidence, and the
 * attendance a unit's office records for a study session. Member tasks belong to their person;
 * a unit's own tasks to the offices whose scope holds the unit; anyone else gets 404.
 */
@Injectable()
export class TasksService {
  constructor(
    private readonly tasks: TaskRepository,
    private readonly readModel: CampaignReadModelRepository,
    private readonly org: OrgRepository,
    private readonly campaigns: CampaignsService,
    private readonly dataSource: DataSource,
    @Inject(EVIDENCE_STORAGE) private readonly storage: EvidenceStorage,
  ) {}

  async mine(
    principal: Principal,
    query: MyTasksQueryDto,
    language: Language,
  ): Promise<TaskPageView> {
    const { items, total } = await this.tasks.myTasks({
      personId: principal.personId,
      campaignId: query.campaignId,
      phaseIndex: query.phase,
      status: query.status,
      offset: (query.page - 1) * query.pageSize,
      limit: query.pageSize,
    });
    const campaigns = new Map<string, CampaignEntity>();
    for (const id of new Set(items.map((t) => t.campaignId))) {
      campaigns.set(id, (await this.readModel.findById(id))!);
    }
    return {
      items: items.map((t) => this.view(t, campaigns.get(t.campaignId)!, language)),
      page: query.page,
      pageSize: query.pageSize,
      total,
    };
  }

  /**
   * A campaign's unit tasks (a unit's own: phase summaries, warning education, rule-making…)
   * of the units in the caller's scope, as the office finds the ones to complete.
   */
  async unitTasks(
    principal: Principal,
    campaignId: string,
    query: UnitTasksQueryDto,
    language: Language,
  ): Promise<TaskPageView> {
    const campaign = await this.campaigns.get(principal, campaignId, 'tasks.record');
    const { items, total } = await this.tasks.unitTasks({
      campaignId: campaign.id,
      scope: principal.scope('tasks.record'),
      unitId: query.unitId,
      phaseIndex: query.phase,
      status: query.status,
      offset: (query.page - 1) * query.pageSize,
      limit: query.pageSize,
    });
    return {
      items: campaign.plan ? items.map((t) => this.view(t, campaign, language)) : [],
      page: query.page,
      pageSize: query.pageSize,
      total,
    };
  }

  async get(principal: Principal, id: string, language: Language): Promise<TaskView> {
    const { task, campaign } = await this.visible(principal, id);
    const evidence = await this.tasks.evidenceOf(id);
    return {
      ...this.view(task, campaign, language),
      evidence: evidence.map((e) => ({
        id: e.id,
        kind: e.kind,
        text: e.text,
        answers: e.answers,
        url: e.url,
        fileName: e.fileName,
        sizeBytes: e.sizeBytes,
        sha256: e.sha256,
        recordedAt: e.createdAt.toISOString(),
      })),
    };
  }

  /** Marks a task done with its evidence (text, a link, 三问三答's answers, files). */
  async complete(
    principal: Principal,
    id: string,
    body: CompleteTaskDto,
    files: UploadedEvidenceFile[],
    language: Language,
  ): Promise<TaskView> {
    const { task, campaign, spec } = await this.visible(principal, id);
    refuseEnded(campaign);
    if (task.status !== 'open') throw new WrongStateError(`the task is ${task.status} already`);
    const broken = [];
    if (spec.kind === 'six_clarifications') {
      broken.push({
        field: 'id',
        rule: 'complete_through_statements',
        message: 'the six clarifications are made through the statements',
      });
    }
    if (takesAttendance(spec) && task.personId !== null) {
      broken.push({
        field: 'id',
        rule: 'attendance_recorded_by_office',
        message: "attendance is recorded by the unit's office",
      });
    }
    if (takesAnswers(spec) && !body.answers) {
      broken.push({
        field: 'answers',
        rule: spec.kind === 'three_questions' ? 'three_answers_required' : 'answers_required',
        message:
          spec.kind === 'three_questions'
            ? 'answer the three questions'
            : 'this task needs answers',
      });
    }
    if (takesEvidence(spec) && !body.text && !body.link && files.length === 0 && !body.answers) {
      broken.push({
        field: 'evidence',
        rule: 'evidence_required',
        message: 'this task needs its evidence: text, a link or a file',
      });
    }
    if (broken.length > 0)
      throw new RuleBrokenError('the task cannot be completed like this', broken);

    const evidence: NewEvidence[] = [];
    const by = principal.personId;
    if (body.text)
      evidence.push({ taskId: id, kind: 'text', text: body.text, recordedByPersonId: by });
    if (body.link)
      evidence.push({ taskId: id, kind: 'link', url: body.link, recordedByPersonId: by });
    if (body.answers)
      evidence.push({ taskId: id, kind: 'answers', answers: body.answers, recordedByPersonId: by });
    for (const file of files) {
      evidence.push({
        taskId: id,
        kind: 'file',
        // Checked and cut to the column at the edge (evidence/uploads.ts).
        fileName: file.originalname,
        contentType: file.mimetype.slice(0, 100),
        sizeBytes: file.size,
        sha256: sha256Of(file.buffer),
        recordedByPersonId: by,
      });
    }
    const now = new CampaignClock(campaignClockSpec(campaign)).toCampaign(Date.now());
    await this.dataSource.transaction(async (tx) => {
      if (!(await this.tasks.complete(id, by, now, tx)))
        throw new WrongStateError('the task was completed meanwhile');
      await this.tasks.addEvidence(evidence, tx);
      // Written once the rows are in, inside the transaction: a refused completion stores no
      // file, and a file that cannot be written leaves no row pointing at nothing.
      for (const file of files) await this.storage.put(file.buffer);
    });
    return this.get(principal, id, language);
  }

  /** The unit's office records who attended a study session: their tasks are done. */
  async attendance(
    principal: Principal,
    campaignId: string,
    body: AttendanceDto,
  ): Promise<{ recorded: number; notOwing: string[] }> {
    const campaign = await this.readModel.findById(campaignId);
    const unit = await this.org.findUnit(body.unitId);
    // The unit must be one of the campaign's and within the caller's scope; otherwise nothing is there for them.
    const inCampaign = campaign
      ? (await this.readModel.unitIds(campaignId)).includes(body.unitId)
      : false;
    if (!campaign?.plan || !unit || !inCampaign || !principal.covers('tasks.record', unit.path)) {
      throw new NotFoundError('campaign unit', `${campaignId}/${body.unitId}`);
    }
    refuseEnded(campaign);
    const spec = campaign.plan?.resolved.phases
      .flatMap((p) => p.tasks)
      .find((t) => t.key === body.taskKey);
    if (!spec || !takesAttendance(spec)) {
      throw new RuleBrokenError('attendance is for study sessions', [
        {
          field: 'taskKey',
          rule: 'not_a_study_session',
          message: `the plan has no study session ${body.taskKey}`,
        },
      ]);
    }
    const now = new CampaignClock(campaignClockSpec(campaign)).toCampaign(Date.now());
    return this.dataSource.transaction(async (tx) => {
      const rows = await this.tasks.openRowsFor(
        campaignId,
        unit.id,
        body.taskKey,
        body.personIds,
        tx,
      );
      for (const row of rows) await this.tasks.complete(row.id, principal.personId, now, tx);
      await this.tasks.addEvidence(
        rows.map((row) => ({
          taskId: row.id,
          kind: 'attendance',
          text: `${new Date(Date.parse(body.heldAt)).toISOString()}${body.note ? ` ${body.note}` : ''}`,
          recordedByPersonId: principal.personId,
        })),
        tx,
      );
      const owing = new Set(rows.map((r) => r.personId));
      return { recorded: rows.length, notOwing: body.personIds.filter((p) => !owing.has(p)) };
    });
  }

  /** The task if the caller may see it: their own, or a unit task within their scope; else 404. */
  private async visible(
    principal: Principal,
    id: string,
  ): Promise<{ task: CampaignTaskEntity; campaign: CampaignEntity; spec: ResolvedTask }> {
    const task = await this.tasks.findTask(id);
    const campaign = task ? await this.readModel.findById(task.campaignId) : null;
    let visible = false;
    if (task && campaign?.plan) {
      if (task.personId !== null) visible = task.personId === principal.personId;
      else {
        const unit = await this.org.findUnit(task.unitId);
        visible = Boolean(unit && principal.covers('tasks.record', unit.path));
      }
    }
    const spec = campaign?.plan?.resolved.phases[task!.phaseIndex]?.tasks.find(
      (t) => t.key === task!.taskKey,
    );
    if (!visible || !task || !campaign || !spec) throw new NotFoundError('task', id);
    return { task, campaign, spec };
  }

  private view(task: CampaignTaskEntity, campaign: CampaignEntity, language: Language): TaskView {
    const phase = campaign.plan!.resolved.phases[task.phaseIndex];
    const spec = phase.tasks.find((t) => t.key === task.taskKey)!;
    const now = new CampaignClock(campaignClockSpec(campaign)).toCampaign(Date.now());
    return {
      id: task.id,
      campaignId: campaign.id,
      campaignTitle: campaign.title,
      rehearsal: campaign.rehearsal,
      phaseIndex: task.phaseIndex,
      phase: phaseLabelled(phase.kind, phase.name, language),
      phaseName: phase.name[language],
      taskKey: task.taskKey,
      // An office's own kind reads under its own name.
      kind: spec.officeKind
        ? { code: spec.kind, label: spec.officeKind.name[language] }
        : labelled('taskKind', spec.kind, language),
      name: spec.name[language],
      owner: labelled('taskOwner', spec.owner, language),
      ...(spec.warningForm
        ? { warningForm: labelled('warningForm', spec.warningForm, language) }
        : {}),
      documents: spec.documents ?? [],
      evidenceRequired: spec.evidenceRequired,
      unitId: task.unitId,
      personId: task.personId,
      dueAt: task.dueAt.toISOString(),
      status: labelled('taskStatus', task.status, language),
      overdue: task.status === 'open' && task.dueAt.getTime() < now,
      completedAt: task.completedAt?.toISOString() ?? null,
    };
  }
}
