import type { DayOffKey } from './calendar/holidays.js';
import type { GateOnFail, KeyGroup, TaskKind, TaskOwner, WarningForm } from './campaign/plan.js';
import type { CampaignEventKind, ProgressStatus, TaskStatus } from './campaign/progress.js';
import type { EscalationRung } from './ledger/escalation.js';
import type { ReminderDelivery } from './notification/notification-status.js';
import type { KeyPersonReason, PersonFlag, PersonStatus, Role, UnitKind } from './organisation.js';
import type { CampaignStatus, PhaseKind } from './phase.js';

/** Languages every label a person sees comes in; zh-CN is the users' language and the default. */
export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'zh-CN';

type Catalogue<K extends string> = Record<K, Record<Language, string>>;

/** The one catalogue of enum labels. Later issues add their enums here. */
export const LABELS = {
  phase: {
    study: { 'zh-CN': '学习教育', en: 'Study and warning education' },
    self_check: { 'zh-CN': '检视整治', en: 'Self-check and problem finding' },
    rectification: { 'zh-CN': '整改整治', en: 'Rectification' },
    consolidation: { 'zh-CN': '巩固提升', en: 'Consolidation' },
  } satisfies Catalogue<PhaseKind>,
  campaignStatus: {
    launching: { 'zh-CN': '启动中', en: 'Launching' },
    scheduled: { 'zh-CN': '未开始', en: 'Scheduled' },
    active: { 'zh-CN': '进行中', en: 'In progress' },
    paused: { 'zh-CN': '已暂停', en: 'Paused' },
    holding: { 'zh-CN': '待决定', en: 'Waiting for a decision' },
    completed: { 'zh-CN': '已结束', en: 'Completed' },
    cancelled: { 'zh-CN': '已撤销', en: 'Cancelled' },
  } satisfies Catalogue<CampaignStatus>,
  role: {
    admin: { 'zh-CN': '系统管理员', en: 'Administrator' },
    office: { 'zh-CN': '活动办', en: 'Campaign office' },
    leader: { 'zh-CN': '责任领导', en: 'Responsible leader' },
    inspector: { 'zh-CN': '纪检监察', en: 'Discipline inspector' },
    supervisor: { 'zh-CN': '督查问效', en: 'Supervisor' },
    member: { 'zh-CN': '党员干部', en: 'Member' },
  } satisfies Catalogue<Role>,
  unitKind: {
    city_bureau: { 'zh-CN': '市局', en: 'City bureau' },
    county_bureau: { 'zh-CN': '县区局', en: 'County or district bureau' },
    department: { 'zh-CN': '科室', en: 'Department' },
    party_branch: { 'zh-CN': '党支部', en: 'Party branch' },
  } satisfies Catalogue<UnitKind>,
  keyPersonReason: {
    money: { 'zh-CN': '管钱', en: 'Manages money' },
    goods: { 'zh-CN': '管物', en: 'Manages goods' },
    personnel: { 'zh-CN': '管人', en: 'Manages personnel' },
    construction: { 'zh-CN': '管建', en: 'Manages construction' },
    high_risk_post: { 'zh-CN': '廉政风险岗位', en: 'High integrity-risk post' },
  } satisfies Catalogue<KeyPersonReason>,
  personStatus: {
    active: { 'zh-CN': '在职', en: 'Active' },
    left: { 'zh-CN': '已离开', en: 'Left' },
  } satisfies Catalogue<PersonStatus>,
  personFlag: {
    leader: { 'zh-CN': '领导干部', en: 'Leader' },
    key_person: { 'zh-CN': '重点人员', en: 'Key person' },
  } satisfies Catalogue<PersonFlag>,
  holiday: {
    new_year: { 'zh-CN': '元旦', en: "New Year's Day" },
    spring_festival: { 'zh-CN': '春节', en: 'Spring Festival' },
    qingming: { 'zh-CN': '清明节', en: 'Qingming Festival' },
    labour_day: { 'zh-CN': '劳动节', en: 'Labour Day' },
    dragon_boat: { 'zh-CN': '端午节', en: 'Dragon Boat Festival' },
    mid_autumn: { 'zh-CN': '中秋节', en: 'Mid-Autumn Festival' },
    national_day: { 'zh-CN': '国庆节', en: 'National Day' },
    special: { 'zh-CN': '特别假日', en: 'Special public holiday' },
  } satisfies Catalogue<DayOffKey>,
  taskKind: {
    deployment_meeting: { 'zh-CN': '专题部署会', en: 'Deployment meeting' },
    situation_analysis: { 'zh-CN': '形势分析', en: 'Situation analysis' },
    required_reading: { 'zh-CN': '必读书目', en: 'Required reading' },
    lecture_outline: { 'zh-CN': '宣讲提纲', en: 'Lecture outline' },
    study_session: { 'zh-CN': '集中学习', en: 'Study session' },
    warning_education: { 'zh-CN': '警示教育', en: 'Warning education' },
    three_questions: { 'zh-CN': '三问三答', en: 'Three questions, three answers' },
    integrity_pledge: { 'zh-CN': '廉政承诺书', en: 'Integrity pledge' },
    reflection: { 'zh-CN': '心得体会', en: 'Reflection' },
    life_meeting: {
      'zh-CN': '民主生活会、组织生活会',
      en: 'Democratic or organisational life meeting',
    },
    phase_summary: { 'zh-CN': '阶段总结', en: 'Phase summary' },
    six_clarifications: { 'zh-CN': '六个讲清', en: 'Six clarifications' },
  } satisfies Catalogue<TaskKind>,
  taskOwner: {
    everyone: { 'zh-CN': '全体人员', en: 'Everyone in scope' },
    leaders: { 'zh-CN': '领导干部', en: 'Leaders' },
    key_persons: { 'zh-CN': '重点人员', en: 'Key persons' },
    key_groups: { 'zh-CN': '重点对象', en: 'Key groups' },
    unit: { 'zh-CN': '各单位', en: 'Each unit' },
  } satisfies Catalogue<TaskOwner>,
  keyGroup: {
    leaders: { 'zh-CN': '领导干部', en: 'Leaders' },
    key_persons: { 'zh-CN': '重点人员', en: 'Key persons' },
  } satisfies Catalogue<KeyGroup>,
  warningForm: {
    film: { 'zh-CN': '观看警示教育片', en: 'Warning film' },
    education_base: { 'zh-CN': '参观警示教育基地', en: 'Warning-education base' },
    trial: { 'zh-CN': '旁听庭审', en: 'Duty-crime trial' },
    case_bulletin: { 'zh-CN': '典型案例通报', en: 'Case bulletin' },
    integrity_lecture: { 'zh-CN': '廉政党课', en: 'Integrity lecture' },
  } satisfies Catalogue<WarningForm>,
  gateOnFail: {
    proceed: { 'zh-CN': '继续推进', en: 'Proceed' },
    hold: { 'zh-CN': '等待活动办决定', en: 'Wait for the office' },
  } satisfies Catalogue<GateOnFail>,
  taskStatus: {
    open: { 'zh-CN': '待完成', en: 'Open' },
    done: { 'zh-CN': '已完成', en: 'Done' },
    left: { 'zh-CN': '已调离', en: 'Left the unit' },
    cancelled: { 'zh-CN': '已撤销', en: 'Cancelled' },
  } satisfies Catalogue<TaskStatus>,
  progressStatus: {
    green: { 'zh-CN': '绿色', en: 'Green' },
    yellow: { 'zh-CN': '黄色', en: 'Yellow' },
    red: { 'zh-CN': '红色', en: 'Red' },
  } satisfies Catalogue<ProgressStatus>,
  escalationRung: {
    reminder: { 'zh-CN': '到期提醒', en: 'Reminder' },
    bulletin: { 'zh-CN': '通报', en: 'Named in the bulletin' },
    supervision_order: { 'zh-CN': '督办单', en: 'Supervision order' },
    admonishment_talk: { 'zh-CN': '约谈', en: 'Admonishment talk' },
    stationed_supervision: { 'zh-CN': '派驻督导', en: 'Stationed supervision' },
    accountability: { 'zh-CN': '问责', en: 'Accountability' },
  } satisfies Catalogue<EscalationRung>,
  campaignEvent: {
    phase_open: { 'zh-CN': '阶段开始', en: 'Phase opens' },
    gate_evaluation: { 'zh-CN': '阶段把关', en: 'Phase gate judged' },
    task_due: { 'zh-CN': '任务到期', en: 'Task deadline' },
    reminder: { 'zh-CN': '到期提醒', en: 'Reminder batch' },
    holiday_reminder: { 'zh-CN': '节前廉洁提醒', en: 'Holiday integrity reminder' },
    ladder_rung: { 'zh-CN': '整改问题升级', en: 'Ledger escalation rung' },
    schedule_shift: { 'zh-CN': '日程顺延', en: 'Schedule moved' },
  } satisfies Catalogue<CampaignEventKind>,
  reminderDelivery: {
    immediate: { 'zh-CN': '即时邮件', en: 'Immediate e-mail' },
    daily_digest: { 'zh-CN': '每日汇总（8:00）', en: 'Daily digest (08:00)' },
  } satisfies Catalogue<ReminderDelivery>,
} as const;

export type LabelKind = keyof typeof LABELS;

export function label<K extends LabelKind>(
  kind: K,
  value: keyof (typeof LABELS)[K],
  language: Language,
): string {
  const entry = LABELS[kind][value] as Record<Language, string>;
  return entry[language];
}

/**
 * Picks the caller's language from an `Accept-Language` header, honouring q-weights; anything
 * we do not speak falls back to zh-CN.
 */
export function negotiateLanguage(header: string | undefined | null): Language {
  if (!header) return DEFAULT_LANGUAGE;
  const ranked = header
    .split(',')
    .map((part, order) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim().toLowerCase()).find((p) => p.startsWith('q='));
      return { tag: tag.trim().toLowerCase(), q: q ? Number(q.slice(2)) : 1, order };
    })
    .filter((r) => r.tag && Number.isFinite(r.q) && r.q > 0)
    .sort((a, b) => b.q - a.q || a.order - b.order);
  for (const { tag } of ranked) {
    if (tag === '*') return DEFAULT_LANGUAGE;
    if (tag === 'zh' || tag.startsWith('zh-')) return 'zh-CN';
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
  }
  return DEFAULT_LANGUAGE;
}
