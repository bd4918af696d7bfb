import {
  BUILT_IN_TEMPLATES,
  dayOf,
  type Forecast,
  forecastCampaign,
  NotFoundError,
  type OfficeTaskKind,
  overlaps,
  type PlanCheck,
  type PlanSpec,
  type PlanTemplate,
  resolvePlan,
  RuleBrokenError,
  WorkingDayCalendar,
} from '@campaign/domain';
import {
  CalendarRepository,
  type PlanTemplateEntity,
  PlanTemplateRepository,
  TaskKindRepository,
  TaskRepository,
} from '@campaign/persistence';
import { Injectable } from '@nestjs/common';

import type { Principal } from '../auth/principal.js';
import { OrgService } from '../org/org.service.js';
import { type PlanSpecDto, toPlanSpec } from './dto/plan-spec.dto.js';
import type { CreatePlanTemplateDto } from './dto/plan-template.dto.js';

/** A template as the API serves it: built in (code) or an office's saved copy (a row). */
export interface TemplateRecord extends PlanTemplate {
  ownerUnitId: string | null;
  basedOnId: string | null;
}

const builtIn = (t: PlanTemplate): TemplateRecord => ({ ...t, ownerUnitId: null, basedOnId: null });
const saved = (t: PlanTemplateEntity): TemplateRecord => ({
  id: t.id,
  name: t.name,
  description: t.description,
  builtIn: false,
  plan: t.plan,
  ownerUnitId: t.ownerUnitId,
  basedOnId: t.basedOnId,
});

/** Plans span at most two years; the calendar loads a margin either side. */
const CALENDAR_YEARS_AFTER = 3;

/**
 * Work plans: the templates, a plan's check against its start and the working-day calendar,
 * and the forecast of everything a campaign on it would do.
 */
@Injectable()
export class PlansService {
  constructor(
    private readonly templates: PlanTemplateRepository,
    private readonly calendars: CalendarRepository,
    private readonly tasks: TaskRepository,
    private readonly org: OrgService,
    private readonly kinds: TaskKindRepository,
  ) {}

  /**
   * The office task kinds a plan names (`uses`: each task's path and kind), as they stand now:
   * those in the caller's reach. A retired one is refused (422 naming each task that uses it);
   * one out of reach or unknown is left out, so the plan check reports its task.
   */
  private async officeKinds(
    principal: Principal,
    uses: ReadonlyArray<{ path: string; id: string }>,
  ): Promise<Map<string, OfficeTaskKind>> {
    const ids = [...new Set(uses.map((u) => u.id))];
    const found = ids.length ? await this.kinds.list(principal.scope('plans.read'), ids) : [];
    const retired = new Map(found.filter((k) => k.retiredAt).map((k) => [k.id, k]));
    const violations = uses.flatMap(({ path, id }) => {
      const kind = retired.get(id);
      return kind
        ? [
            {
              field: `${path}.officeKindId`,
              rule: 'office_kind_retired',
              message: `the task kind “${kind.name['zh-CN']}” (${kind.name.en}) was retired on ${dayOf(kind.retiredAt!.getTime())}: a new plan cannot use it`,
            },
          ]
        : [];
    });
    if (violations.length > 0) {
      throw new RuleBrokenError('the work plan uses a retired task kind', violations);
    }
    return new Map(
      found.map((k) => [
        k.id,
        {
          id: k.id,
          name: k.name,
          needsAttendance: k.needsAttendance,
          needsEvidence: k.needsEvidence,
          needsAnswers: k.needsAnswers,
        },
      ]),
    );
  }

  /** The plan a request describes, with the office task kinds it names frozen in. */
  private async planOf(principal: Principal, dto: PlanSpecDto): Promise<PlanSpec> {
    const uses = dto.phases.flatMap((p, i) =>
      p.tasks.flatMap((t, j) =>
        t.officeKindId ? [{ path: `phases.${i}.tasks.${j}`, id: t.officeKindId }] : [],
      ),
    );
    return toPlanSpec(dto, await this.officeKinds(principal, uses));
  }

  /**
   * A saved template's plan with its office task kinds as they stand at launch: an edit since
   * the template was saved reaches the new campaign, a retired kind is refused (422).
   */
  private async launchable(principal: Principal, plan: PlanSpec): Promise<PlanSpec> {
    const uses = plan.phases.flatMap((p, i) =>
      p.tasks.flatMap((t, j) =>
        t.officeKind ? [{ path: `phases.${i}.tasks.${j}`, id: t.officeKind.id }] : [],
      ),
    );
    if (uses.length === 0) return plan;
    const kinds = await this.officeKinds(principal, uses);
    return {
      ...plan,
      phases: plan.phases.map((p) => ({
        ...p,
        tasks: p.tasks.map((t) =>
          t.officeKind && kinds.has(t.officeKind.id)
            ? { ...t, officeKind: kinds.get(t.officeKind.id)! }
            : t,
        ),
      })),
    };
  }

  async listTemplates(principal: Principal): Promise<TemplateRecord[]> {
    const own = await this.templates.list(principal.scope('plans.read'));
    return [...BUILT_IN_TEMPLATES.map(builtIn), ...own.map(saved)];
  }

  /** A built-in template, or a saved one owned within or above the caller's scope; else 404. */
  async template(principal: Principal, id: string): Promise<TemplateRecord> {
    const known = BUILT_IN_TEMPLATES.find((t) => t.id === id);
    if (known) return builtIn(known);
    const row = await this.templates.find(id);
    const scope = principal.scope('plans.read');
    const visible = row && (scope.all || scope.paths.some((p) => overlaps(row.ownerPath, p)));
    if (!visible) throw new NotFoundError('plan template', id);
    return saved(row);
  }

  /** Saves an office's edited copy for its subtree, checked as a launch would check it. */
  async saveTemplate(principal: Principal, dto: CreatePlanTemplateDto): Promise<TemplateRecord> {
    await this.org.visibleUnit(principal, 'plans.write', dto.ownerUnitId);
    if (dto.basedOnId) await this.template(principal, dto.basedOnId);
    const plan = await this.planOf(principal, dto.plan);
    // Offsets fit any start: check against today.
    await this.check(plan, Date.now());
    const row = await this.templates.create({
      name: { 'zh-CN': dto.name['zh-CN'], en: dto.name.en },
      description: dto.description
        ? { 'zh-CN': dto.description['zh-CN'], en: dto.description.en }
        : { 'zh-CN': '', en: '' },
      ownerUnitId: dto.ownerUnitId,
      basedOnId: dto.basedOnId ?? null,
      plan,
      createdByPersonId: principal.personId,
    });
    return saved(row);
  }

  /** The plan a request names: a template (built in or saved within reach) or a full plan. */
  async specOf(
    principal: Principal,
    source: { templateId?: string | undefined; plan?: PlanSpecDto | undefined },
  ): Promise<{ plan: PlanSpec; templateId: string | null }> {
    if (source.plan) return { plan: await this.planOf(principal, source.plan), templateId: null };
    const template = await this.template(principal, source.templateId!);
    return { plan: await this.launchable(principal, template.plan), templateId: template.id };
  }

  /** The working-day calendar for a plan starting at `startsAt` (its years and the next few). */
  async calendarFrom(startsAt: number): Promise<WorkingDayCalendar> {
    const year = Number(dayOf(startsAt).slice(0, 4));
    return new WorkingDayCalendar(
      await this.calendars.years(year - 1, year + CALENDAR_YEARS_AFTER),
    );
  }

  /** Resolves a plan at `startsAt`; 422 listing every broken rule with its path. */
  async check(
    spec: PlanSpec,
    startsAt: number,
  ): Promise<PlanCheck & { calendar: WorkingDayCalendar }> {
    const calendar = await this.calendarFrom(startsAt);
    const check = resolvePlan(spec, startsAt, calendar);
    if (check.violations.length > 0 || !check.plan) {
      throw new RuleBrokenError('the work plan breaks its rules', check.violations);
    }
    return { ...check, calendar };
  }

  async forecast(
    principal: Principal,
    spec: PlanSpec,
    coveredUnitId: string,
    startsAt: number,
  ): Promise<PlanCheck & Forecast> {
    await this.org.visibleUnit(principal, 'campaigns.write', coveredUnitId);
    const check = await this.check(spec, startsAt);
    const population = await this.tasks.forecastPopulation(coveredUnitId, spec.keyGroups);
    return { ...check, ...forecastCampaign(check.plan!, population, check.calendar) };
  }
}
