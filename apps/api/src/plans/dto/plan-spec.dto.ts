import {
  type AssessmentPolicy,
  CLOSED_BY,
  type ClosedBy,
  DECISION_ROLES,
  DECISION_RUNGS,
  type DecisionRole,
  type DecisionStepPolicy,
  DEFAULT_ASSESSMENT_POLICY,
  DEFAULT_ESCALATION_POLICY,
  ESCALATION_RUNGS,
  type EscalationPolicy,
  GATE_ON_FAIL,
  type GateOnFail,
  KEY_GROUPS,
  type KeyGroup,
  type LadderDecisions,
  type LadderRung,
  type Localised,
  MAX_ASSESSMENT_POINTS,
  MAX_MONTH_DAY,
  type OfficeTaskKind,
  PHASE_KINDS,
  type PhaseEnd,
  type PhaseKind,
  type PhaseSpec,
  type PhaseStart,
  type PlanSpec,
  RECURRENCE_EVERY,
  TASK_KINDS,
  TASK_OWNERS,
  type TaskDue,
  type TaskKind,
  type TaskOwner,
  type TaskRecurrence,
  type TaskSpec,
  type Wait,
  WARNING_FORMS,
  type WarningForm,
} from '@campaign/domain';
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  Max,
  Min,
  registerDecorator,
  ValidateIf,
  type ValidationArguments,
} from 'class-validator';

import { NestedObject, NestedObjects } from '../../common/shapes.js';
import { HumanText, TextLength } from '../../common/text.js';

/** An ISO-8601 duration of whole units (P1M, P10D, P2W, PT12H). */
export const DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/;
const DURATION_MESSAGE = '$property must be an ISO-8601 duration such as P10D or P1M';
/** A full date-time with its offset, so "the 1st" means the same instant for everyone. */
export const DATE_TIME_WITH_ZONE =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
export const DATE_TIME_MESSAGE =
  '$property must be an ISO-8601 date-time with a zone, e.g. 2026-12-01T00:00:00+08:00';

/**
 * The value is an object with exactly one of `keys` set: a date, an offset, a duration... The
 * error names the field itself (`phases.0.start`), not a key inside it.
 */
function ExactlyOneOf(keys: readonly string[]) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'exactlyOneOf',
      target: target.constructor,
      propertyName,
      constraints: [keys],
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          keys.filter((k) => (value as Record<string, unknown>)[k] !== undefined).length === 1,
        defaultMessage: (args: ValidationArguments) =>
          `${args.property} must give exactly one of ${keys.join(', ')}`,
      },
    });
}

/**
 * Exactly one of the sibling fields `fields` is given: put it on each of them (instead of
 * `@IsOptional()`), so a body that gives none or several gets one 400 naming every one of them.
 * A field given is validated as usual; when none is, each is reported.
 */
export function OneOf(fields: readonly string[]) {
  const given = (o: object, f: string) => (o as Record<string, unknown>)[f] !== undefined;
  return applyDecorators(
    ValidateIf(
      (o: object, value: unknown) => value !== undefined || !fields.some((f) => given(o, f)),
    ),
    exactlyOneOfFields(fields),
  );
}

function exactlyOneOfFields(fields: readonly string[]): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'oneOfFields',
      target: target.constructor,
      propertyName: String(propertyName),
      constraints: [fields],
      options: { always: true },
      validator: {
        validate: (_: unknown, args: ValidationArguments) =>
          fields.filter((f) => (args.object as Record<string, unknown>)[f] !== undefined).length ===
          1,
        defaultMessage: () => `give exactly one of ${fields.join(', ')}`,
      },
    });
}

export class LocalisedDto implements Localised {
  @ApiProperty({ example: '学习教育' })
  @IsDefined()
  @IsString()
  @HumanText()
  @TextLength(1, 100)
  'zh-CN'!: string;

  @ApiProperty({ example: 'Study and warning education' })
  @IsDefined()
  @IsString()
  @HumanText()
  @TextLength(1, 100)
  en!: string;
}

export class PhaseStartDto {
  @ApiPropertyOptional({ example: '2027-01-01T00:00:00+08:00' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: DATE_TIME_MESSAGE })
  @Matches(DATE_TIME_WITH_ZONE, { message: DATE_TIME_MESSAGE })
  at?: string;

  @ApiPropertyOptional({ example: 'P1M', description: 'From the campaign start' })
  @IsOptional()
  @IsString()
  @TextLength(2, 40)
  @Matches(DURATION, { message: DURATION_MESSAGE })
  offset?: string;
}

export class PhaseEndDto extends PhaseStartDto {
  @ApiPropertyOptional({ example: 'P1M', description: 'From the phase start' })
  @IsOptional()
  @IsString()
  @TextLength(2, 40)
  @Matches(DURATION, { message: DURATION_MESSAGE })
  duration?: string;
}

export class DueDto {
  @ApiPropertyOptional({ example: '2026-12-10T18:00:00+08:00' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: DATE_TIME_MESSAGE })
  @Matches(DATE_TIME_WITH_ZONE, { message: DATE_TIME_MESSAGE })
  at?: string;

  @ApiPropertyOptional({ example: 'P10D', description: 'From the phase start' })
  @IsOptional()
  @IsString()
  @TextLength(2, 40)
  @Matches(DURATION, { message: DURATION_MESSAGE })
  offset?: string;

  @ApiPropertyOptional({ example: 15, description: 'N working days after the phase’s first day' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(366)
  workingDays?: number;

  @ApiPropertyOptional({
    example: 1,
    description: 'The end of the campaign’s N-th calendar month (1: the month it starts in)',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(24)
  monthEnd?: number;
}

/** The field belongs with `every: <every>` only (`day` with month, `weekday` with week). */
function OnlyWithEvery(every: string) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'onlyWithEvery',
      target: target.constructor,
      propertyName,
      constraints: [every],
      validator: {
        validate: (_: unknown, args: ValidationArguments) =>
          (args.object as { every?: unknown }).every === every,
        defaultMessage: (args: ValidationArguments) =>
          `${args.property} goes with every: ${every} only`,
      },
    });
}

export class RecurrenceDto {
  @ApiProperty({ enum: RECURRENCE_EVERY, example: 'month' })
  @IsDefined()
  @IsIn(RECURRENCE_EVERY)
  every!: TaskRecurrence['every'];

  @ApiPropertyOptional({
    example: 25,
    minimum: 1,
    maximum: MAX_MONTH_DAY,
    description: 'With `every: month`: the day of the month (每月25日); every month has 1 to 28',
  })
  @ValidateIf((o: RecurrenceDto) => o.every === 'month' || o.day !== undefined)
  @IsInt()
  @Min(1)
  @Max(MAX_MONTH_DAY)
  @OnlyWithEvery('month')
  day?: number;

  @ApiPropertyOptional({
    example: 5,
    minimum: 1,
    maximum: 7,
    description: 'With `every: week`: the weekday, 1 = Monday … 7 = Sunday (每周五: 5)',
  })
  @ValidateIf((o: RecurrenceDto) => o.every === 'week' || o.weekday !== undefined)
  @IsInt()
  @Min(1)
  @Max(7)
  @OnlyWithEvery('week')
  weekday?: number;
}

export class TaskDocumentDto {
  @ApiProperty({ example: '《中国共产党纪律处分条例》' })
  @IsDefined()
  @IsString()
  @HumanText()
  @TextLength(1, 200)
  title!: string;

  @ApiPropertyOptional({ example: 'https://www.12371.cn/' })
  @IsOptional()
  @IsString()
  @TextLength(1, 2000)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  url?: string;
}

export class TaskSpecDto {
  @ApiProperty({ example: 'integrity-pledge', pattern: '^[a-z0-9][a-z0-9_-]{0,47}$' })
  @IsDefined()
  @Matches(/^[a-z0-9][a-z0-9_-]{0,47}$/, {
    message: 'key must be lower-case letters, digits, - and _ (up to 48)',
  })
  key!: string;

  @ApiProperty({ enum: TASK_KINDS })
  @IsDefined()
  @IsIn(TASK_KINDS)
  kind!: TaskKind;

  @ApiProperty({ type: LocalisedDto })
  @IsDefined()
  @NestedObject(() => LocalisedDto)
  name!: LocalisedDto;

  @ApiProperty({ enum: TASK_OWNERS })
  @IsDefined()
  @IsIn(TASK_OWNERS)
  owner!: TaskOwner;

  @ApiPropertyOptional({ type: DueDto, description: 'The deadline; or `recurrence` instead' })
  @OneOf(['due', 'recurrence'])
  @ExactlyOneOf(['at', 'offset', 'workingDays', 'monthEnd'])
  @NestedObject(() => DueDto)
  due?: DueDto;

  @ApiPropertyOptional({
    type: RecurrenceDto,
    description:
      'Instead of `due`: the task recurs, e.g. `{ "every": "month", "day": 25 }`; the plan holds one ' +
      'task per occurrence inside the phase, keyed `<key>-01`, `-02` … (numbered on through the ' +
      'plan when the same key recurs in later phases). A key of up to 45 characters.',
  })
  @OneOf(['due', 'recurrence'])
  @NestedObject(() => RecurrenceDto)
  recurrence?: RecurrenceDto;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  evidenceRequired?: boolean;

  @ApiPropertyOptional({ default: true, description: 'Counts toward the phase gate' })
  @IsOptional()
  @IsBoolean()
  required?: boolean;

  @ApiPropertyOptional({ enum: WARNING_FORMS })
  @IsOptional()
  @IsIn(WARNING_FORMS)
  warningForm?: WarningForm;

  @ApiPropertyOptional({ type: [TaskDocumentDto] })
  @IsOptional()
  @NestedObjects(() => TaskDocumentDto, { max: 20 })
  documents?: TaskDocumentDto[];

  @ApiPropertyOptional({
    type: [LocalisedDto],
    description: 'What the task asks, point by point (the three questions, a day’s activities)',
  })
  @IsOptional()
  @NestedObjects(() => LocalisedDto, { max: 20 })
  items?: LocalisedDto[];

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'For kind `office_defined`: one of the office task kinds in reach (GET /task-kinds)',
  })
  @IsOptional()
  @IsUUID()
  officeKindId?: string;
}

export class GateRuleDto {
  @ApiProperty({ example: 0.9, minimum: 0, maximum: 1 })
  @IsDefined()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  minMemberCompletion!: number;

  @ApiProperty()
  @IsDefined()
  @IsBoolean()
  requireUnitTasks!: boolean;

  @ApiPropertyOptional({
    enum: GATE_ON_FAIL,
    default: 'hold',
    description:
      'A unit below the gate: hold the next phase until the office goes on with a reason ' +
      '(时间服从质量, the default), or proceed by date',
  })
  @IsOptional()
  @IsIn(GATE_ON_FAIL)
  onFail?: GateOnFail;
}

export class PhaseSpecDto {
  @ApiProperty({ enum: PHASE_KINDS })
  @IsDefined()
  @IsIn(PHASE_KINDS)
  kind!: PhaseKind;

  @ApiPropertyOptional({ type: LocalisedDto, description: 'Without it, the kind’s own name' })
  @IsOptional()
  @NestedObject(() => LocalisedDto)
  name?: LocalisedDto;

  @ApiProperty({ type: PhaseStartDto, description: '`at` or `offset` (from the campaign start)' })
  @IsDefined()
  @ExactlyOneOf(['at', 'offset'])
  @NestedObject(() => PhaseStartDto)
  start!: PhaseStartDto;

  @ApiProperty({
    type: PhaseEndDto,
    description: '`at`, `offset` (from the campaign start) or `duration` (from the phase start)',
  })
  @IsDefined()
  @ExactlyOneOf(['at', 'offset', 'duration'])
  @NestedObject(() => PhaseEndDto)
  end!: PhaseEndDto;

  @ApiPropertyOptional({
    type: GateRuleDto,
    description: 'Default: 90% of members, unit tasks done, hold when below',
  })
  @IsOptional()
  @NestedObject(() => GateRuleDto)
  gate?: GateRuleDto;

  @ApiProperty({ type: [TaskSpecDto] })
  @IsDefined()
  @NestedObjects(() => TaskSpecDto, { max: 60 })
  tasks!: TaskSpecDto[];
}

export class WaitDto {
  @ApiPropertyOptional({ example: 1 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(366)
  days?: number;

  @ApiPropertyOptional({ example: 5 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(366)
  workingDays?: number;
}

export class LadderStepDto {
  @ApiProperty({ enum: ESCALATION_RUNGS.slice(1) })
  @IsDefined()
  @IsIn(ESCALATION_RUNGS.slice(1))
  rung!: LadderRung;

  @ApiProperty({ type: WaitDto })
  @IsDefined()
  @ExactlyOneOf(['days', 'workingDays'])
  @NestedObject(() => WaitDto)
  after!: WaitDto;
}

export class DecisionStepDto {
  @ApiProperty({
    enum: DECISION_ROLES,
    description: 'supervisor (督查问效组), inspector (纪检监察干部), committee (党组织第一责任人)',
  })
  @IsDefined()
  @IsIn(DECISION_ROLES)
  role!: DecisionRole;

  @ApiProperty({
    minimum: 0,
    maximum: 3,
    description: 'The desk: levels above the responsible unit',
  })
  @IsInt()
  @Min(0)
  @Max(3)
  levelsUp!: number;

  @ApiProperty({ type: WaitDto, description: 'The desk’s limit; after it, one level up' })
  @IsDefined()
  @ExactlyOneOf(['days', 'workingDays'])
  @NestedObject(() => WaitDto)
  within!: WaitDto;
}

/** The rungs people decide; a rung left out fires by itself. `{}`: every rung by itself. */
export class LadderDecisionsDto {
  @ApiPropertyOptional({ type: [DecisionStepDto] })
  @IsOptional()
  @NestedObjects(() => DecisionStepDto, { min: 1, max: 4 })
  supervision_order?: DecisionStepDto[];

  @ApiPropertyOptional({ type: [DecisionStepDto] })
  @IsOptional()
  @NestedObjects(() => DecisionStepDto, { min: 1, max: 4 })
  admonishment_talk?: DecisionStepDto[];

  @ApiPropertyOptional({ type: [DecisionStepDto] })
  @IsOptional()
  @NestedObjects(() => DecisionStepDto, { min: 1, max: 4 })
  stationed_supervision?: DecisionStepDto[];

  @ApiPropertyOptional({ type: [DecisionStepDto] })
  @IsOptional()
  @NestedObjects(() => DecisionStepDto, { min: 1, max: 4 })
  accountability?: DecisionStepDto[];
}

export class EscalationPolicyDto {
  @ApiProperty({ example: ['P7D', 'P1D'] })
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @TextLength(2, 40, { each: true })
  @Matches(DURATION, { each: true, message: DURATION_MESSAGE })
  reminderOffsets!: string[];

  @ApiProperty({ type: [LadderStepDto] })
  @NestedObjects(() => LadderStepDto, { min: 1, max: 10 })
  ladder!: LadderStepDto[];

  @ApiProperty({ type: WaitDto })
  @IsDefined()
  @ExactlyOneOf(['days', 'workingDays'])
  @NestedObject(() => WaitDto)
  stallGrace!: WaitDto;

  @ApiProperty({ example: 2 })
  @IsInt()
  @Min(1)
  @Max(20)
  yellowWarningsForSupervisionOrder!: number;

  @ApiProperty()
  @IsBoolean()
  repeatOffenceHoldsLeader!: boolean;

  @ApiProperty({ type: WaitDto })
  @IsDefined()
  @ExactlyOneOf(['days', 'workingDays'])
  @NestedObject(() => WaitDto)
  extensionDecisionWithin!: WaitDto;

  @ApiProperty({ example: 'P3M' })
  @IsString()
  @TextLength(2, 40)
  @Matches(DURATION, { message: DURATION_MESSAGE })
  lookBackAfter!: string;

  @ApiPropertyOptional({
    type: LadderDecisionsDto,
    description:
      'The rungs people decide and who (the seeds’ desks when left out; {} for none): each a chain of steps',
  })
  @IsOptional()
  @NestedObject(() => LadderDecisionsDto)
  decisions?: LadderDecisionsDto;
}

export class RemindersDto {
  @ApiProperty({ example: ['P3D', 'P1D'], description: 'Before every deadline' })
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @TextLength(2, 40, { each: true })
  @Matches(DURATION, { each: true, message: DURATION_MESSAGE })
  offsets!: string[];
}

export class ReviewCadenceDto {
  @ApiProperty({ example: 'P1M', description: 'How often every ledger item reports progress' })
  @IsString()
  @TextLength(2, 40)
  @Matches(DURATION, { message: DURATION_MESSAGE })
  cadence!: string;

  @ApiPropertyOptional({
    enum: CLOSED_BY,
    default: 'inspectors',
    description:
      'Who closes items (销号): the inspectors, the office’s rectification task force (整改专班), or the task force first and then the inspectors',
  })
  @IsOptional()
  @IsIn(CLOSED_BY)
  closedBy?: ClosedBy;
}

export class HolidayRemindersDto {
  @ApiProperty()
  @IsBoolean()
  enabled!: boolean;

  @ApiProperty({ example: 2, minimum: 0, maximum: 20 })
  @IsInt()
  @Min(0)
  @Max(20)
  workingDaysBefore!: number;
}

const points = (example: number, description: string) =>
  applyDecorators(
    ApiProperty({ example, description }),
    IsDefined(),
    IsInt(),
    Min(0),
    Max(MAX_ASSESSMENT_POINTS),
  );

/**
 * The assessment policy (考核, D8): a base score and the points deducted per figure. Frozen into
 * the campaign at launch; a deduction above the base is a broken rule (422).
 */
export class AssessmentPolicyDto implements AssessmentPolicy {
  @ApiProperty({
    example: DEFAULT_ASSESSMENT_POLICY.base,
    description: 'Score with nothing against it',
  })
  @IsDefined()
  @IsInt()
  @Min(1)
  @Max(MAX_ASSESSMENT_POINTS)
  base!: number;

  @points(DEFAULT_ASSESSMENT_POLICY.perGateMissed, 'Per phase gate missed')
  perGateMissed!: number;

  @points(DEFAULT_ASSESSMENT_POLICY.perOverdueItem, 'Per ledger item overdue')
  perOverdueItem!: number;

  @points(DEFAULT_ASSESSMENT_POLICY.perYellowWarning, 'Per yellow warning (黄色预警)')
  perYellowWarning!: number;

  @points(DEFAULT_ASSESSMENT_POLICY.perRedWarning, 'Per red warning (红色预警)')
  perRedWarning!: number;

  @points(DEFAULT_ASSESSMENT_POLICY.perEscalation, 'Per rung of the escalation ladder fired')
  perEscalation!: number;

  @points(DEFAULT_ASSESSMENT_POLICY.perViolationCase, 'Per new violation case')
  perViolationCase!: number;
}

export class WindowDto {
  @ApiProperty({ example: 'P5M' })
  @IsString()
  @TextLength(2, 40)
  @Matches(DURATION, { message: DURATION_MESSAGE })
  duration!: string;
}

/** A work plan (工作方案) as data; everything but the phases has the D2/D5 defaults. */
export class PlanSpecDto {
  @ApiPropertyOptional({ enum: KEY_GROUPS, isArray: true, default: ['leaders', 'key_persons'] })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(KEY_GROUPS, { each: true })
  keyGroups?: KeyGroup[];

  @ApiPropertyOptional({ type: WindowDto })
  @IsOptional()
  @NestedObject(() => WindowDto)
  window?: WindowDto;

  @ApiProperty({ type: [PhaseSpecDto], description: 'Four phases, in kind order' })
  @IsDefined()
  // A bound on size only: which phases, how many and in what order are plan rules (422).
  @NestedObjects(() => PhaseSpecDto, { max: 16 })
  phases!: PhaseSpecDto[];

  @ApiPropertyOptional({ type: RemindersDto })
  @IsOptional()
  @NestedObject(() => RemindersDto)
  reminders?: RemindersDto;

  @ApiPropertyOptional({ type: ReviewCadenceDto })
  @IsOptional()
  @NestedObject(() => ReviewCadenceDto)
  review?: ReviewCadenceDto;

  @ApiPropertyOptional({ type: EscalationPolicyDto, description: 'Default: DOMAIN.md D5' })
  @IsOptional()
  @NestedObject(() => EscalationPolicyDto)
  escalation?: EscalationPolicyDto;

  @ApiPropertyOptional({ type: HolidayRemindersDto })
  @IsOptional()
  @NestedObject(() => HolidayRemindersDto)
  holidayReminders?: HolidayRemindersDto;

  @ApiPropertyOptional({
    type: AssessmentPolicyDto,
    description:
      'Points deducted in the assessment (考核); default: base 100, see docs/offices/consolidation.md',
  })
  @IsOptional()
  @NestedObject(() => AssessmentPolicyDto)
  assessment?: AssessmentPolicyDto;
}

const start = (dto: PhaseStartDto): PhaseStart =>
  dto.at !== undefined ? { at: dto.at } : { offset: dto.offset! };
const end = (dto: PhaseEndDto): PhaseEnd =>
  dto.duration !== undefined ? { duration: dto.duration } : start(dto);

const due = (dto: DueDto): TaskDue =>
  dto.at !== undefined
    ? { at: dto.at }
    : dto.offset !== undefined
      ? { offset: dto.offset }
      : dto.workingDays !== undefined
        ? { workingDays: dto.workingDays }
        : { monthEnd: dto.monthEnd! };

const recurrence = (dto: RecurrenceDto): TaskRecurrence =>
  dto.every === 'month'
    ? { every: 'month', day: dto.day! }
    : { every: 'week', weekday: dto.weekday! };

const wait = (dto: WaitDto): Wait =>
  dto.days !== undefined ? { days: dto.days } : { workingDays: dto.workingDays! };

const localised = (dto: LocalisedDto): Localised => ({ 'zh-CN': dto['zh-CN'], en: dto.en });

function ladderDecisions(dto: LadderDecisionsDto): LadderDecisions {
  const out: LadderDecisions = {};
  for (const rung of DECISION_RUNGS) {
    const chain = dto[rung];
    if (chain)
      out[rung] = chain.map((step): DecisionStepPolicy => ({
        role: step.role,
        levelsUp: step.levelsUp,
        within: wait(step.within),
      }));
  }
  return out;
}

/**
 * The domain's plan from a validated body, with the defaults filled in. `officeKinds`: the office
 * task kinds it names, loaded by the caller; a name not among them is left out, so the plan check
 * reports the task (422).
 */
export function toPlanSpec(
  dto: PlanSpecDto,
  officeKinds: ReadonlyMap<string, OfficeTaskKind> = new Map(),
): PlanSpec {
  const escalation: EscalationPolicy = dto.escalation
    ? {
        reminderOffsets: dto.escalation.reminderOffsets,
        ladder: dto.escalation.ladder.map((s) => ({ rung: s.rung, after: wait(s.after) })),
        stallGrace: wait(dto.escalation.stallGrace),
        yellowWarningsForSupervisionOrder: dto.escalation.yellowWarningsForSupervisionOrder,
        repeatOffenceHoldsLeader: dto.escalation.repeatOffenceHoldsLeader,
        extensionDecisionWithin: wait(dto.escalation.extensionDecisionWithin),
        lookBackAfter: dto.escalation.lookBackAfter,
        decisions: dto.escalation.decisions
          ? ladderDecisions(dto.escalation.decisions)
          : DEFAULT_ESCALATION_POLICY.decisions,
      }
    : DEFAULT_ESCALATION_POLICY;
  return {
    keyGroups: dto.keyGroups ?? ['leaders', 'key_persons'],
    ...(dto.window ? { window: { duration: dto.window.duration } } : {}),
    phases: dto.phases.map((p): PhaseSpec => ({
      kind: p.kind,
      name: p.name ? localised(p.name) : { 'zh-CN': '', en: '' },
      start: start(p.start),
      end: end(p.end),
      gate: p.gate
        ? {
            minMemberCompletion: p.gate.minMemberCompletion,
            requireUnitTasks: p.gate.requireUnitTasks,
            onFail: p.gate.onFail ?? 'hold',
          }
        : { minMemberCompletion: 0.9, requireUnitTasks: true, onFail: 'hold' },
      tasks: p.tasks.map((t): TaskSpec => ({
        key: t.key,
        kind: t.kind,
        name: localised(t.name),
        owner: t.owner,
        ...(t.due ? { due: due(t.due) } : {}),
        ...(t.recurrence ? { recurrence: recurrence(t.recurrence) } : {}),
        evidenceRequired: t.evidenceRequired ?? false,
        required: t.required ?? true,
        ...(t.warningForm ? { warningForm: t.warningForm } : {}),
        ...(t.documents
          ? {
              documents: t.documents.map((d) => ({
                title: d.title,
                ...(d.url ? { url: d.url } : {}),
              })),
            }
          : {}),
        ...(t.items ? { items: t.items.map(localised) } : {}),
        ...(t.officeKindId && officeKinds.has(t.officeKindId)
          ? { officeKind: officeKinds.get(t.officeKindId)! }
          : {}),
      })),
    })),
    reminders: { offsets: dto.reminders?.offsets ?? ['P3D', 'P1D'] },
    review: {
      cadence: dto.review?.cadence ?? 'P1M',
      ...(dto.review?.closedBy ? { closedBy: dto.review.closedBy } : {}),
    },
    escalation,
    holidayReminders: dto.holidayReminders
      ? {
          enabled: dto.holidayReminders.enabled,
          workingDaysBefore: dto.holidayReminders.workingDaysBefore,
        }
      : { enabled: true, workingDaysBefore: 2 },
    ...(dto.assessment
      ? {
          assessment: {
            base: dto.assessment.base,
            perGateMissed: dto.assessment.perGateMissed,
            perOverdueItem: dto.assessment.perOverdueItem,
            perYellowWarning: dto.assessment.perYellowWarning,
            perRedWarning: dto.assessment.perRedWarning,
            perEscalation: dto.assessment.perEscalation,
            perViolationCase: dto.assessment.perViolationCase,
          },
        }
      : {}),
  };
}
