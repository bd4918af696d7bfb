import { type Language, progressStatus } from '@campaign/domain';
import { CampaignReadModelRepository, OrgRepository, TaskRepository } from '@campaign/persistence';
import { Injectable } from '@nestjs/common';

import { requireAccess } from '../auth/access.js';
import type { Principal } from '../auth/principal.js';
import { labelled, phaseLabelled } from '../common/labelled.js';
import { CampaignsService } from './campaigns.service.js';
import type { ProgressQueryDto } from './dto/progress.dto.js';
import type { PersonProgressView, ProgressView, UnitPhaseView } from './dto/progress.view.js';

const rate = (done: number, owed: number) =>
  owed === 0 ? 1 : Math.round((done / owed) * 1000) / 1000;

/**
 * Where every unit stands, per phase: owed, done, overdue, completion rate, gate result and
 * red / yellow / green; per person on request. Computed in SQL from the task rows, limited to
 * the caller's scope like every list.
 */
@Injectable()
export class ProgressService {
  constructor(
    private readonly campaigns: CampaignsService,
    private readonly readModel: CampaignReadModelRepository,
    private readonly tasks: TaskRepository,
    private readonly org: OrgRepository,
  ) {}

  async progress(
    principal: Principal,
    id: string,
    query: ProgressQueryDto,
    language: Language,
  ): Promise<ProgressView> {
    const campaign = await this.campaigns.get(principal, id);
    const now = this.campaigns.now(campaign);
    const scope = principal.scope('campaigns.read');
    const [units, rows, gates] = await Promise.all([
      this.readModel.unitsInScope(id, scope),
      this.tasks.unitProgress(id, scope, now),
      this.tasks.gateResults(id),
    ]);
    const phases = campaign.phases ?? [];
    const cell = (unitId: string, phaseIndex: number): UnitPhaseView => {
      const r = rows.find((x) => x.unitId === unitId && x.phaseIndex === phaseIndex) ?? {
        owed: 0,
        done: 0,
        overdue: 0,
      };
      const gate = gates.find((g) => g.unitId === unitId && g.phaseIndex === phaseIndex);
      return {
        phaseIndex,
        owed: r.owed,
        done: r.done,
        overdue: r.overdue,
        completionRate: rate(r.done, r.owed),
        gate: gate
          ? {
              passed: gate.passed,
              memberRate: rate(gate.memberDone, gate.memberOwed),
              unitTasksDone: gate.unitDone,
              unitTasksOwed: gate.unitOwed,
            }
          : null,
        status: labelled(
          'progressStatus',
          progressStatus({ ...r, gatePassed: gate ? gate.passed : null }),
          language,
        ),
      };
    };
    const view: ProgressView = {
      campaignId: id,
      rehearsal: campaign.rehearsal,
      now: new Date(now).toISOString(),
      phases: phases.map((p) => ({
        index: p.position,
        kind: phaseLabelled(p.kind, p.name, language),
        name: phaseLabelled(p.kind, p.name, language).label,
      })),
      units: units.map((u) => ({
        unitId: u.id,
        unitName: u.name,
        unitCode: u.code,
        phases: phases.map((p) => cell(u.id, p.position)),
      })),
      totals: phases.map((p) => {
        const inPhase = rows.filter((r) => r.phaseIndex === p.position);
        const owed = inPhase.reduce((n, r) => n + r.owed, 0);
        const done = inPhase.reduce((n, r) => n + r.done, 0);
        return {
          phaseIndex: p.position,
          owed,
          done,
          overdue: inPhase.reduce((n, r) => n + r.overdue, 0),
          completionRate: rate(done, owed),
        };
      }),
    };
    if (query.by === 'person')
      view.people = await this.people(principal, id, query.unitId ?? campaign.coveredUnitId, now);
    return view;
  }

  private async people(
    principal: Principal,
    id: string,
    unitId: string,
    now: number,
  ): Promise<PersonProgressView[]> {
    const unit = await this.org.findUnit(unitId);
    requireAccess(principal, 'campaigns.read', unit?.path, { unknown: 'unit', id: unitId });
    const rows = await this.tasks.personProgress(id, unit.path, now);
    const byPerson = new Map<string, PersonProgressView>();
    for (const r of rows) {
      const person = byPerson.get(r.personId) ?? {
        personId: r.personId,
        unitId: r.unitId,
        phases: [] as PersonProgressView['phases'],
      };
      person.phases.push({
        phaseIndex: r.phaseIndex,
        owed: r.owed,
        done: r.done,
        overdue: r.overdue,
        completionRate: rate(r.done, r.owed),
      });
      byPerson.set(r.personId, person);
    }
    return [...byPerson.values()];
  }
}
