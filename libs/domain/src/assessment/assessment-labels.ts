import type {
  AssessmentFigure,
  KeyPersonReminderKind,
  RectificationFailure,
  RuleTaskOrigin,
  RuleTaskStatus,
} from './assessment.js';

type Catalogue<K extends string> = Record<K, { 'zh-CN': string; en: string }>;

/** The figures a phase summary counts per unit. */
export const PHASE_SUMMARY_FIGURES = [
  'tasksOwed',
  'tasksDone',
  'tasksOverdue',
  'problems',
  'itemsRegistered',
  'itemsClosed',
  'yellowWarnings',
  'redWarnings',
] as const;
export type PhaseSummaryFigure = (typeof PHASE_SUMMARY_FIGURES)[number];

/** The sections of the year-end statistics. */
export const STATISTICS_FIGURES = [
  'clues',
  'dispositions',
  'warningEducationSessions',
  'keyPersonReminders',
] as const;
export type StatisticsFigure = (typeof STATISTICS_FIGURES)[number];

/**
 * Labels of consolidation and assessment (DOMAIN.md D6, D8), part of the one catalogue
 * (`LABELS` in labels.ts spreads them in).
 */
export const ASSESSMENT_LABELS = {
  assessmentFigure: {
    gate_missed: { 'zh-CN': '阶段把关未达标', en: 'Phase gate missed' },
    overdue_item: { 'zh-CN': '逾期未整改问题', en: 'Ledger item overdue' },
    yellow_warning: { 'zh-CN': '黄色预警', en: 'Yellow warning' },
    red_warning: { 'zh-CN': '红色预警', en: 'Red warning' },
    escalation: { 'zh-CN': '升级督办', en: 'Escalation rung' },
    violation_case: { 'zh-CN': '新发违纪违法案件', en: 'New violation case' },
  } satisfies Catalogue<AssessmentFigure>,
  rectificationFailure: {
    accountability: { 'zh-CN': '整改不力被问责', en: 'An item reached accountability' },
    overdue_at_year_end: {
      'zh-CN': '年底仍逾期未整改',
      en: 'An item still overdue at the year end',
    },
  } satisfies Catalogue<RectificationFailure>,
  keyPersonReminderKind: {
    task_reminder: { 'zh-CN': '任务到期提醒', en: 'Task deadline reminder' },
    item_reminder: { 'zh-CN': '整改时限提醒', en: 'Ledger deadline reminder' },
    holiday_integrity: { 'zh-CN': '节前廉洁提醒', en: 'Holiday integrity reminder' },
  } satisfies Catalogue<KeyPersonReminderKind>,
  ruleTaskStatus: {
    proposed: { 'zh-CN': '待明确', en: 'Proposed' },
    tracked: { 'zh-CN': '已纳入台账', en: 'Tracked on the ledger' },
  } satisfies Catalogue<RuleTaskStatus>,
  ruleTaskOrigin: {
    case_summary: { 'zh-CN': '整改总结发现制度漏洞', en: "A loophole found in an item's summary" },
    office: { 'zh-CN': '活动办直接立项', en: 'Created by the office' },
  } satisfies Catalogue<RuleTaskOrigin>,
  phaseSummaryFigure: {
    tasksOwed: { 'zh-CN': '应完成任务', en: 'Tasks owed' },
    tasksDone: { 'zh-CN': '已完成任务', en: 'Tasks done' },
    tasksOverdue: { 'zh-CN': '逾期未完成任务', en: 'Tasks overdue' },
    problems: { 'zh-CN': '查摆发现问题', en: 'Problems found' },
    itemsRegistered: { 'zh-CN': '新增整改问题', en: 'Ledger items registered' },
    itemsClosed: { 'zh-CN': '整改销号', en: 'Ledger items closed' },
    yellowWarnings: { 'zh-CN': '黄色预警', en: 'Yellow warnings' },
    redWarnings: { 'zh-CN': '红色预警', en: 'Red warnings' },
  } satisfies Catalogue<PhaseSummaryFigure>,
  statisticsFigure: {
    clues: { 'zh-CN': '处置问题线索', en: 'Clues handled' },
    dispositions: { 'zh-CN': '运用“四种形态”处理', en: 'Dispositions in the four forms' },
    warningEducationSessions: { 'zh-CN': '开展警示教育', en: 'Warning-education sessions held' },
    keyPersonReminders: {
      'zh-CN': '向重点岗位人员发送提醒',
      en: 'Reminders sent to key-post holders',
    },
  } satisfies Catalogue<StatisticsFigure>,
} as const;
