import { DEFAULT_ESCALATION_POLICY } from '../ledger/escalation.js';
import type { GateRule, Localised, PlanSpec, TaskSpec } from './plan.js';

/**
 * The two work plans of DOMAIN.md D2, shipped as data. Offsets count from the campaign's start
 * (phases) or the phase's start (tasks), so a template fits any start date. Both open with the
 * mobilisation tasks every campaign has: each unit's deployment meeting "before day X" and one
 * situation analysis "before the end of month X".
 */
export interface PlanTemplate {
  id: string;
  name: Localised;
  description: Localised;
  /** Built-in templates ship with the product; offices save edited copies for their subtree. */
  builtIn: boolean;
  plan: PlanSpec;
}

const task = (
  key: string,
  kind: TaskSpec['kind'],
  zh: string,
  en: string,
  owner: TaskSpec['owner'],
  due: TaskSpec['due'],
  extra: Partial<TaskSpec> = {},
): TaskSpec => ({
  key,
  kind,
  name: { 'zh-CN': zh, en },
  owner,
  due,
  evidenceRequired: false,
  required: true,
  ...extra,
});

/**
 * "时间服从质量、过程服从效果" (seed 000): a unit below the gate holds the campaign until the
 * office decides; going on needs its reason. An office may still choose `proceed` in its copy.
 */
const holdAt = (share: number): GateRule => ({
  minMemberCompletion: share,
  requireUnitTasks: true,
  onFail: 'hold',
});

const zhEn = (zh: string, en: string) => ({ 'zh-CN': zh, en });

/** 三问三答 as seed 003 puts the three questions. */
const THREE_QUESTIONS = [
  zhEn('党规党纪我了解多少？', 'How much of the Party rules and discipline do I know?'),
  zhEn('在遵规守纪方面我存在哪些问题？', 'What problems do I have in keeping the rules?'),
  zhEn('今后如何提升个人成长、事业发展？', 'How will I grow, and my work with me, from now on?'),
];

/** The activities of a 廉政自省日 (seed 003, 廉政专题教育). */
const INTEGRITY_DAY_ACTIVITIES = [
  zhEn('写一条廉政寄语', 'Write an integrity message'),
  zhEn('讲一堂廉政党课', 'Give an integrity Party lecture'),
  zhEn('看一部廉政教育片', 'Watch an integrity film'),
  zhEn('签一份廉政承诺书', 'Sign an integrity pledge'),
  zhEn('写一篇廉政心得', 'Write an integrity reflection'),
  zhEn('画一幅廉政字画', 'Paint or write an integrity scroll'),
  zhEn('进行一次警示教育', 'Take part in a warning-education session'),
];

/**
 * The monthly 廉政自省日 of seed 003: one recurring task in each phase, on the 25th of every
 * month, numbered on through the year (`integrity-day-01` … `-12`, the keys the hand-built list
 * of one task a month had).
 */
const integrityDay: TaskSpec = {
  key: 'integrity-day',
  kind: 'integrity_day',
  name: zhEn('“廉政自省日”活动', 'Integrity self-reflection day'),
  owner: 'everyone',
  recurrence: { every: 'month', day: 25 },
  evidenceRequired: false,
  required: true,
  items: INTEGRITY_DAY_ACTIVITIES,
};

const mobilisation: TaskSpec[] = [
  task(
    'deployment-meeting',
    'deployment_meeting',
    '召开专题部署会',
    'Hold the deployment meeting',
    'unit',
    { offset: 'P10D' },
    { evidenceRequired: true },
  ),
  task(
    'situation-analysis',
    'situation_analysis',
    '开展反腐败工作形势分析',
    'Analyse the anti-corruption situation',
    'unit',
    { monthEnd: 1 },
    { evidenceRequired: true },
  ),
];

const common = {
  keyGroups: ['leaders', 'key_persons'],
  reminders: { offsets: ['P3D', 'P1D'] },
  review: { cadence: 'P1M' },
  escalation: DEFAULT_ESCALATION_POLICY,
  holidayReminders: { enabled: true, workingDaysBefore: 2 },
} satisfies Omit<PlanSpec, 'phases'>;

export const EDUCATION_RECTIFICATION_TEMPLATE: PlanTemplate = {
  id: 'c5a7d2e0-4f1b-4a6e-9d3c-2b8f0e1a7c01',
  name: { 'zh-CN': '教育整顿', en: 'Education and rectification' },
  description: {
    'zh-CN': '学习教育、检视整治、整改整治、巩固提升四个阶段，为期五个月',
    en: 'Study, self-check, rectification and consolidation over five months',
  },
  builtIn: true,
  plan: {
    ...common,
    window: { duration: 'P5M' },
    phases: [
      {
        kind: 'study',
        name: { 'zh-CN': '学习教育', en: 'Study and warning education' },
        start: { offset: 'P0D' },
        end: { duration: 'P1M' },
        gate: holdAt(0.9),
        tasks: [
          ...mobilisation,
          task(
            'required-reading',
            'required_reading',
            '学习必读书目',
            'Read the required books',
            'everyone',
            { offset: 'P20D' },
            {
              documents: [
                { title: '《中国共产党纪律处分条例》' },
                { title: '《中国共产党廉洁自律准则》' },
              ],
            },
          ),
          task(
            'lecture',
            'lecture_outline',
            '按宣讲提纲开展专题宣讲',
            'Give the lecture from the outline',
            'unit',
            { offset: 'P25D' },
          ),
          task(
            'study-session',
            'study_session',
            '参加集中学习',
            'Attend the study session',
            'everyone',
            { offset: 'P20D' },
          ),
          task(
            'case-bulletin',
            'warning_education',
            '学习典型案例通报',
            'Study the case bulletins',
            'everyone',
            { offset: 'P15D' },
            { warningForm: 'case_bulletin' },
          ),
          task(
            'warning-film',
            'warning_education',
            '观看警示教育片',
            'Watch the warning film',
            'everyone',
            { offset: 'P25D' },
            { warningForm: 'film' },
          ),
          task(
            'education-base',
            'warning_education',
            '参观警示教育基地',
            'Visit the warning-education base',
            'leaders',
            { workingDays: 15 },
            { warningForm: 'education_base' },
          ),
          task(
            'trial',
            'warning_education',
            '旁听职务犯罪案件庭审',
            'Attend a duty-crime trial',
            'key_persons',
            { workingDays: 15 },
            { warningForm: 'trial' },
          ),
          task(
            'integrity-lecture',
            'warning_education',
            '讲廉政党课',
            'Give an integrity lecture',
            'leaders',
            { offset: 'P28D' },
            { warningForm: 'integrity_lecture' },
          ),
          task(
            'three-questions',
            'three_questions',
            '“三问三答”',
            'Answer the three questions',
            'everyone',
            { offset: 'P28D' },
            { items: THREE_QUESTIONS },
          ),
          task(
            'integrity-pledge',
            'integrity_pledge',
            '签订廉政承诺书',
            'Sign the integrity pledge',
            'everyone',
            { offset: 'P14D' },
            { evidenceRequired: true },
          ),
          task('reflection', 'reflection', '撰写心得体会', 'Write a reflection', 'everyone', {
            offset: 'P28D',
          }),
          task(
            'study-summary',
            'phase_summary',
            '学习教育阶段总结',
            'Summary of the study phase',
            'unit',
            { offset: 'P27D' },
            { evidenceRequired: true },
          ),
        ],
      },
      {
        kind: 'self_check',
        name: { 'zh-CN': '检视整治', en: 'Self-check and problem finding' },
        start: { offset: 'P1M' },
        end: { duration: 'P1M' },
        gate: holdAt(0.95),
        tasks: [
          // Seed 000: "人人要向组织说实话、交实底" — everyone, not only leaders and key persons.
          task(
            'six-clarifications',
            'six_clarifications',
            '党性分析，交明白账（“六个讲清”）',
            'Party-spirit analysis: the six clarifications',
            'everyone',
            { workingDays: 10 },
          ),
          task(
            'life-meeting',
            'life_meeting',
            '召开专题民主生活会、组织生活会',
            'Hold the democratic and organisational life meetings',
            'unit',
            { offset: 'P25D' },
            { evidenceRequired: true },
          ),
          task(
            'self-check-summary',
            'phase_summary',
            '检视整治阶段总结',
            'Summary of the self-check phase',
            'unit',
            { offset: 'P27D' },
            { evidenceRequired: true },
          ),
        ],
      },
      {
        kind: 'rectification',
        name: { 'zh-CN': '整改整治', en: 'Rectification' },
        start: { offset: 'P2M' },
        end: { duration: 'P2M' },
        gate: holdAt(0.9),
        tasks: [
          task(
            'rectification-summary',
            'phase_summary',
            '整改整治阶段总结',
            'Summary of the rectification phase',
            'unit',
            { offset: 'P58D' },
            { evidenceRequired: true },
          ),
        ],
      },
      {
        kind: 'consolidation',
        name: { 'zh-CN': '巩固提升', en: 'Consolidation' },
        start: { offset: 'P4M' },
        end: { duration: 'P1M' },
        gate: holdAt(0.9),
        tasks: [
          task(
            'final-summary',
            'phase_summary',
            '教育整顿工作总结',
            'Summary of the whole campaign',
            'unit',
            { offset: 'P28D' },
            { evidenceRequired: true },
          ),
        ],
      },
    ],
  },
};

/**
 * Seed 003's year (纪律作风建设年): 学习教育, 问题排查, 整改整治, 年终总结, with its own study
 * (三问三答, 双查双改, 五破五立), its screening (对标“六大纪律”“五大作风”, 集中“画像”比对) and a
 * 廉政自省日 every month. No 六个讲清: the seed does not ask them; an office adds the task.
 */
export const DISCIPLINE_YEAR_TEMPLATE: PlanTemplate = {
  id: 'c5a7d2e0-4f1b-4a6e-9d3c-2b8f0e1a7c02',
  name: { 'zh-CN': '纪律作风建设年', en: 'Discipline and style year' },
  description: {
    'zh-CN': '学习教育、问题排查、整改整治、年终总结四个阶段，贯穿全年，每月开展“廉政自省日”活动',
    en: 'Study, problem screening, rectification and a year-end summary over a whole year, with a monthly integrity self-reflection day',
  },
  builtIn: true,
  plan: {
    ...common,
    // Seed 003: the 整改专班 keeps the ledger and closes its items (销号管理).
    review: { cadence: 'P1M', closedBy: 'task_force' },
    window: { duration: 'P12M' },
    phases: [
      {
        kind: 'study',
        name: { 'zh-CN': '学习教育', en: 'Study and education' },
        start: { offset: 'P0D' },
        end: { duration: 'P2M' },
        gate: holdAt(0.9),
        tasks: [
          ...mobilisation,
          task(
            'required-reading',
            'required_reading',
            '学习党章党规党纪',
            'Study the Party constitution, rules and discipline',
            'everyone',
            { offset: 'P30D' },
            {
              documents: [{ title: '《中国共产党章程》' }, { title: '《中国共产党纪律处分条例》' }],
            },
          ),
          task(
            'study-session',
            'study_session',
            '参加集中学习',
            'Attend the study session',
            'everyone',
            { offset: 'P30D' },
          ),
          task(
            'three-questions',
            'three_questions',
            '“三问三答”专题讨论',
            'Topic discussion: the three questions',
            'everyone',
            { offset: 'P40D' },
            { items: THREE_QUESTIONS },
          ),
          task(
            'double-check',
            'topic_discussion',
            '“双查双改”专题讨论',
            'Topic discussion: two checks, two corrections',
            'everyone',
            { offset: 'P45D' },
            {
              items: [
                zhEn(
                  '查找个人岗位不负责任、不敢担当的问题表现',
                  'Find where I have not taken responsibility in my post or shied away from it',
                ),
                zhEn('解决责任不清、落实不力等问题', 'Fix unclear duties and weak follow-through'),
              ],
            },
          ),
          task(
            'five-breaks',
            'topic_discussion',
            '“五破五立”专题讨论',
            'Topic discussion: break five old ways, set five new ones',
            'everyone',
            { offset: 'P50D' },
            {
              items: [
                zhEn('破“老思想”、立“新思维”', 'Break old thinking, set new thinking'),
                zhEn('破“老毛病”、立“新理念”', 'Break old faults, set new ideas'),
                zhEn('破“老习惯”、立“新路子”', 'Break old habits, set new ways'),
                zhEn('破“老样子”、立“新机制”', 'Break the old state, set new mechanisms'),
                zhEn('破“老病号”、立“新形象”', 'Break chronic ills, set a new image'),
              ],
            },
          ),
          task(
            'warning-film',
            'warning_education',
            '观看警示教育片',
            'Watch the warning film',
            'everyone',
            { offset: 'P40D' },
            { warningForm: 'film' },
          ),
          task(
            'integrity-pledge',
            'integrity_pledge',
            '签订廉政承诺书',
            'Sign the integrity pledge',
            'everyone',
            { offset: 'P20D' },
            { evidenceRequired: true },
          ),
          integrityDay,
          task(
            'study-summary',
            'phase_summary',
            '学习教育阶段总结',
            'Summary of the study phase',
            'unit',
            { offset: 'P58D' },
            { evidenceRequired: true },
          ),
        ],
      },
      {
        kind: 'self_check',
        name: { 'zh-CN': '问题排查', en: 'Problem screening' },
        start: { offset: 'P2M' },
        end: { duration: 'P2M' },
        gate: holdAt(0.95),
        tasks: [
          task(
            'discipline-style-check',
            'self_examination',
            '对标“六大纪律”“五大作风”查摆问题',
            'Check oneself against the six disciplines and five styles',
            'everyone',
            { offset: 'P20D' },
          ),
          task(
            'portrait',
            'portrait_comparison',
            '以支部为单位开展集中“画像”比对',
            'Portrait comparison, branch by branch',
            'unit',
            { offset: 'P40D' },
            { evidenceRequired: true },
          ),
          task(
            'life-meeting',
            'life_meeting',
            '召开专题组织生活会查摆问题',
            'Hold the organisational life meeting',
            'unit',
            { offset: 'P45D' },
            { evidenceRequired: true },
          ),
          integrityDay,
          task(
            'screening-summary',
            'phase_summary',
            '问题排查阶段总结',
            'Summary of problem screening',
            'unit',
            { offset: 'P58D' },
            { evidenceRequired: true },
          ),
        ],
      },
      {
        kind: 'rectification',
        name: { 'zh-CN': '整改整治', en: 'Rectification' },
        start: { offset: 'P4M' },
        end: { duration: 'P6M' },
        gate: holdAt(0.9),
        tasks: [
          integrityDay,
          task(
            'rectification-summary',
            'phase_summary',
            '整改整治阶段总结',
            'Summary of the rectification phase',
            'unit',
            { offset: 'P5M25D' },
            { evidenceRequired: true },
          ),
        ],
      },
      {
        kind: 'consolidation',
        name: { 'zh-CN': '年终总结', en: 'Year-end summary' },
        start: { offset: 'P10M' },
        end: { duration: 'P2M' },
        gate: holdAt(0.9),
        tasks: [
          integrityDay,
          task(
            'year-end-summary',
            'phase_summary',
            '纪律作风建设年工作总结',
            'Year-end summary of the discipline and style year',
            'unit',
            { offset: 'P55D' },
            { evidenceRequired: true },
          ),
        ],
      },
    ],
  },
};

export const BUILT_IN_TEMPLATES: readonly PlanTemplate[] = [
  EDUCATION_RECTIFICATION_TEMPLATE,
  DISCIPLINE_YEAR_TEMPLATE,
];
