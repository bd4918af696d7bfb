import { ASSESSMENT_LABELS } from './assessment/assessment-labels.js';
import type { BulletinReason, CadenceFigure, CadenceKind } from './cadence/cadence-schedule.js';
import type { DayOffKey } from './calendar/holidays.js';
import type { GateOnFail, KeyGroup, TaskKind, TaskOwner, WarningForm } from './campaign/plan.js';
import type { CampaignEventKind, ProgressStatus, TaskStatus } from './campaign/progress.js';
import type {
  ChecklistOutcome,
  ConcealmentFlagStatus,
  DisclosureOutcome,
  DispositionMeasure,
  MeetingKind,
  PortraitSource,
  ProblemHandling,
  ProblemSeverity,
  RuleTaskKind,
  TipOffStatus,
} from './intake/intake-enums.js';
import type {
  AccountabilityForm,
  AccountableResponsibility,
  DecisionChoice,
  DecisionRole,
  DecisionStatus,
} from './ledger/decisions.js';
import type { EscalationRung, RegisterEntryRung } from './ledger/escalation.js';
import type { Clarity } from './ledger/item-checks.js';
import type {
  EscalationReason,
  ItemCategory,
  ItemMode,
  ItemSource,
  ItemStatus,
  LookBackOutcome,
  ResponsibilityRole,
  ReviewOutcome,
  SendBackReason,
  WarningLevel,
} from './ledger/item-enums.js';
import type {
  ItemEventType,
  ItemRequest,
  ItemTimerKind,
  NoticeTopic,
} from './ledger/item-state.js';
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
    leader: { 'zh-CN': '党委班子成员', en: 'Party committee member' },
    inspector: { 'zh-CN': '纪检监察干部', en: 'Discipline inspector' },
    supervisor: { 'zh-CN': '督查问效组', en: 'Supervision group' },
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
    left: { 'zh-CN': '已调离', en: 'Transferred out' },
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
    topic_discussion: { 'zh-CN': '专题讨论', en: 'Topic discussion' },
    self_examination: { 'zh-CN': '对标查摆', en: 'Check against the disciplines and styles' },
    portrait_comparison: { 'zh-CN': '集中“画像”比对', en: 'Portrait comparison' },
    integrity_day: { 'zh-CN': '廉政自省日', en: 'Integrity self-reflection day' },
    office_defined: { 'zh-CN': '自选动作', en: 'The office’s own activity' },
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
    proceed: { 'zh-CN': '按期转入下一阶段', en: 'Go on by date' },
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
  itemSource: {
    self_check: { 'zh-CN': '自查自纠', en: 'Self-check' },
    portrait: { 'zh-CN': '画像比对', en: 'Portrait comparison' },
    life_meeting: {
      'zh-CN': '民主生活会、组织生活会查摆',
      en: 'Democratic or organisational life meeting',
    },
    tip_off: { 'zh-CN': '监督举报', en: 'Tip-off' },
    inspection: { 'zh-CN': '巡视巡察', en: 'Inspection tour' },
    audit: { 'zh-CN': '审计', en: 'Audit' },
    cross_visit: { 'zh-CN': '交叉暗访', en: 'Cross-unit unannounced visit' },
    clue_verification: { 'zh-CN': '线索核查', en: 'Clue verification' },
    look_back: { 'zh-CN': '回头看', en: 'Look-back' },
    heart_to_heart_talk: { 'zh-CN': '谈心谈话', en: 'Heart-to-heart talk' },
    research_forum: { 'zh-CN': '调研座谈', en: 'Research forum' },
    soliciting_opinions: { 'zh-CN': '征求意见', en: 'Soliciting opinions' },
    focused_discussion: { 'zh-CN': '集中研讨', en: 'Focused discussion' },
    rule_making: { 'zh-CN': '建章立制', en: 'Rule-making' },
  } satisfies Catalogue<ItemSource>,
  itemCategory: {
    discipline_political: { 'zh-CN': '政治纪律', en: 'Political discipline' },
    discipline_organisational: { 'zh-CN': '组织纪律', en: 'Organisational discipline' },
    discipline_integrity: { 'zh-CN': '廉洁纪律', en: 'Integrity discipline' },
    discipline_mass: { 'zh-CN': '群众纪律', en: 'Mass discipline' },
    discipline_work: { 'zh-CN': '工作纪律', en: 'Work discipline' },
    discipline_life: { 'zh-CN': '生活纪律', en: 'Life discipline' },
    style_thinking: { 'zh-CN': '思想作风', en: 'Style of thinking' },
    style_study: { 'zh-CN': '学风', en: 'Style of study' },
    style_work: { 'zh-CN': '工作作风', en: 'Style of work' },
    style_leadership: { 'zh-CN': '领导作风', en: 'Style of leadership' },
    style_life: { 'zh-CN': '生活作风', en: 'Style of life' },
  } satisfies Catalogue<ItemCategory>,
  itemMode: {
    immediate: { 'zh-CN': '立行立改', en: 'Fix at once' },
    by_deadline: { 'zh-CN': '限期整改', en: 'Fix by deadline' },
    long_term: { 'zh-CN': '长期坚持', en: 'Long-term' },
  } satisfies Catalogue<ItemMode>,
  itemStatus: {
    registered: { 'zh-CN': '已登记', en: 'Registered' },
    assigned: { 'zh-CN': '已交办', en: 'Assigned' },
    in_progress: { 'zh-CN': '整改中', en: 'In progress' },
    submitted: { 'zh-CN': '待验收', en: 'Awaiting verification' },
    sent_back: { 'zh-CN': '退回整改', en: 'Sent back' },
    closed: { 'zh-CN': '已销号', en: 'Closed' },
    confirmed: { 'zh-CN': '回头看通过', en: 'Confirmed at look-back' },
    reopened: { 'zh-CN': '问题反弹、重新整改', en: 'Rebounded, rectified again' },
  } satisfies Catalogue<ItemStatus>,
  warningLevel: {
    green: { 'zh-CN': '绿色', en: 'Green' },
    yellow: { 'zh-CN': '黄色', en: 'Yellow' },
    red: { 'zh-CN': '红色', en: 'Red' },
  } satisfies Catalogue<WarningLevel>,
  sendBackReason: {
    poor_quality: { 'zh-CN': '整改不力、质量不高', en: 'Poor rectification or quality' },
    false_report: { 'zh-CN': '瞒报虚报', en: 'False or concealed report' },
    other: { 'zh-CN': '其他', en: 'Other' },
  } satisfies Catalogue<SendBackReason>,
  escalationReason: {
    overdue: { 'zh-CN': '逾期未完成', en: 'Past its deadline' },
    stalled: { 'zh-CN': '未按期报告整改进展', en: 'No progress reported in a review window' },
    poor_quality: { 'zh-CN': '整改不力、质量不高', en: 'Poor rectification or quality' },
    false_report: { 'zh-CN': '瞒报虚报', en: 'False or concealed report' },
    repeat_offence: { 'zh-CN': '屡查屡犯、边改边犯', en: 'Repeat offence or rebound' },
    extension_unanswered: { 'zh-CN': '延期申请逾期未批复', en: 'Extension request unanswered' },
  } satisfies Catalogue<EscalationReason>,
  lookBackOutcome: {
    confirmed: { 'zh-CN': '整改成果巩固', en: 'Fix held' },
    rebound: { 'zh-CN': '问题反弹', en: 'Rebound' },
  } satisfies Catalogue<LookBackOutcome>,
  reviewOutcome: {
    on_track: { 'zh-CN': '持续推进', en: 'On track' },
    off_track: { 'zh-CN': '推进不力', en: 'Off track' },
  } satisfies Catalogue<ReviewOutcome>,
  responsibilityRole: {
    responsible_person: { 'zh-CN': '责任人', en: 'Responsible person' },
    responsible_leader: { 'zh-CN': '责任领导', en: 'Responsible leader' },
    supervising_leader: { 'zh-CN': '督办领导', en: 'Supervising leader' },
    first_responsible: { 'zh-CN': '第一责任人', en: 'First responsible person' },
    area_leader: { 'zh-CN': '分管领导', en: 'Leader of the area' },
    inspector: { 'zh-CN': '纪检监察干部', en: 'Discipline inspector' },
    inspector_leader: { 'zh-CN': '纪检负责人', en: "Inspectors' own leader" },
    office: { 'zh-CN': '活动办', en: 'Campaign office' },
  } satisfies Catalogue<ResponsibilityRole>,
  clarity: {
    responsible_leader: { 'zh-CN': '责任领导', en: 'Responsible leader' },
    responsible_unit: { 'zh-CN': '责任部门', en: 'Responsible department' },
    responsible_person: { 'zh-CN': '责任人', en: 'Responsible person' },
    deadline: { 'zh-CN': '整改时限', en: 'Deadline' },
    acceptance_standard: { 'zh-CN': '验收标准', en: 'Acceptance standard' },
    expected_effect: { 'zh-CN': '预期效果', en: 'Expected effect' },
  } satisfies Catalogue<Clarity>,
  itemEvent: {
    registered: { 'zh-CN': '登记问题', en: 'Registered' },
    assigned: { 'zh-CN': '交办', en: 'Assigned' },
    supervision_flagged: { 'zh-CN': '挂牌督办', en: 'Flagged for supervision' },
    progress_reported: { 'zh-CN': '报告进展', en: 'Progress reported' },
    submitted: { 'zh-CN': '申请销号', en: 'Submitted for closure' },
    verified: { 'zh-CN': '验收', en: 'Verified' },
    extension_requested: { 'zh-CN': '申请延期', en: 'Extension requested' },
    extension_decided: { 'zh-CN': '延期审批', en: 'Extension decided' },
    talk_recorded: { 'zh-CN': '记录约谈', en: 'Talk recorded' },
    offence_repeated: { 'zh-CN': '边改边犯', en: 'Repeat offence found' },
    periodic_review_done: { 'zh-CN': '定期评估', en: 'Periodic review' },
    look_back_done: { 'zh-CN': '回头看', en: 'Look-back' },
    summary_recorded: { 'zh-CN': '整改总结', en: 'Rectification summary' },
    spot_checked: { 'zh-CN': '抽查', en: 'Spot check' },
    decision_taken: { 'zh-CN': '作出决定', en: 'Decision taken' },
    time_shifted: { 'zh-CN': '活动暂停，时限顺延', en: 'Campaign paused: timers moved' },
    timer_fired: { 'zh-CN': '系统定时', en: 'Timer' },
  } satisfies Catalogue<ItemEventType>,
  itemTimer: {
    reminder: { 'zh-CN': '到期提醒', en: 'Reminder' },
    overdue: { 'zh-CN': '逾期预警', en: 'Overdue warning' },
    rung: { 'zh-CN': '逐级升级', en: 'Escalation rung' },
    window_check: { 'zh-CN': '进展检查', en: 'Review window check' },
    extension_due: { 'zh-CN': '延期审批时限', en: 'Extension decision due' },
    look_back: { 'zh-CN': '回头看提醒', en: 'Look-back due' },
    periodic_review: { 'zh-CN': '定期评估提醒', en: 'Periodic review due' },
    decision_due: { 'zh-CN': '决定时限届满', en: 'Decision limit reached' },
  } satisfies Catalogue<ItemTimerKind>,
  /** Who takes a step of a decision on the ladder (issue 18). */
  decisionRole: {
    supervisor: { 'zh-CN': '督查问效组', en: 'Supervision group' },
    inspector: { 'zh-CN': '纪检监察干部', en: 'Discipline inspectors' },
    committee: {
      'zh-CN': '党组织（第一责任人）',
      en: 'Party committee (first responsible person)',
    },
  } satisfies Catalogue<DecisionRole>,
  decisionStatus: {
    pending: { 'zh-CN': '待决定', en: 'Awaiting a decision' },
    deferred: { 'zh-CN': '暂缓', en: 'Deferred' },
    escalated: { 'zh-CN': '逾时未决，提交上一级', en: 'Not decided in time: passed one level up' },
    issued: { 'zh-CN': '已决定实施', en: 'Issued' },
    declined: { 'zh-CN': '不予实施', en: 'Declined' },
    withdrawn: { 'zh-CN': '已销号，不再决定', en: 'Withdrawn: the item closed' },
  } satisfies Catalogue<DecisionStatus>,
  decisionChoice: {
    issue: { 'zh-CN': '决定实施', en: 'Issue' },
    defer: { 'zh-CN': '暂缓', en: 'Defer' },
    decline: { 'zh-CN': '不予实施', en: 'Decline' },
  } satisfies Catalogue<DecisionChoice>,
  accountableResponsibility: {
    direct: { 'zh-CN': '直接责任', en: 'Direct responsibility' },
    leadership: { 'zh-CN': '领导责任', en: 'Leadership responsibility' },
    principal: { 'zh-CN': '主体责任', en: 'Principal responsibility' },
    supervision: { 'zh-CN': '监督责任', en: 'Supervisory responsibility' },
  } satisfies Catalogue<AccountableResponsibility>,
  accountabilityForm: {
    criticism: { 'zh-CN': '通报批评', en: 'Circulated criticism' },
    admonishment: { 'zh-CN': '诫勉', en: 'Admonishment' },
    reorganisation: { 'zh-CN': '组织调整', en: 'Organisational adjustment' },
    discipline: { 'zh-CN': '纪律处分', en: 'Disciplinary sanction' },
  } satisfies Catalogue<AccountabilityForm>,
  noticeTopic: {
    assigned: { 'zh-CN': '整改任务交办', en: 'Item assigned to you' },
    supervision_flagged: { 'zh-CN': '挂牌督办', en: 'Flagged for supervision' },
    submitted: { 'zh-CN': '待验收', en: 'Awaiting verification' },
    sent_back: { 'zh-CN': '验收退回', en: 'Sent back' },
    closed: { 'zh-CN': '已销号', en: 'Closed' },
    extension_requested: { 'zh-CN': '延期待审批', en: 'Extension awaiting a decision' },
    extension_approved: { 'zh-CN': '延期已批准', en: 'Extension approved' },
    extension_refused: { 'zh-CN': '延期未批准', en: 'Extension refused' },
    reopened: { 'zh-CN': '问题反弹、重新整改', en: 'Reopened after a rebound' },
  } satisfies Catalogue<NoticeTopic>,
  /** What an accountability register entry records: a reminder, a warning, a rung, an unanswered request. */
  registerEntry: {
    reminder: { 'zh-CN': '到期提醒', en: 'Reminder' },
    warning: { 'zh-CN': '预警', en: 'Warning' },
    bulletin: { 'zh-CN': '通报', en: 'Named in the bulletin' },
    supervision_order: { 'zh-CN': '督办单', en: 'Supervision order' },
    admonishment_talk: { 'zh-CN': '约谈', en: 'Admonishment talk' },
    stationed_supervision: { 'zh-CN': '派驻督导', en: 'Stationed supervision' },
    accountability: { 'zh-CN': '问责', en: 'Accountability' },
    extension_unanswered: { 'zh-CN': '延期申请逾期未批复', en: 'Extension request unanswered' },
  } satisfies Catalogue<RegisterEntryRung>,
  itemRequest: {
    look_back: { 'zh-CN': '开展回头看复查', en: 'look back at it (回头看)' },
    periodic_review: { 'zh-CN': '开展定期评估', en: 'review it' },
    summary: { 'zh-CN': '撰写整改总结', en: 'write its rectification summary' },
    extension_unanswered: {
      'zh-CN': '督促审批逾期未决的延期申请',
      en: 'see to an extension request left undecided',
    },
  } satisfies Catalogue<ItemRequest>,
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
  cadenceKind: {
    dispatch: { 'zh-CN': '月调度', en: 'Monthly dispatch' },
    bulletin: { 'zh-CN': '季通报', en: 'Quarterly bulletin' },
    analysis: { 'zh-CN': '半年分析（年中查账）', en: 'Half-year analysis' },
  } satisfies Catalogue<CadenceKind>,
  cadenceFigure: {
    total: { 'zh-CN': '累计问题', en: 'Items in total' },
    new: { 'zh-CN': '本期新增', en: 'New this period' },
    inProgress: { 'zh-CN': '整改中', en: 'Being rectified' },
    submitted: { 'zh-CN': '待验收', en: 'Awaiting verification' },
    closed: { 'zh-CN': '已销号', en: 'Closed' },
    overdue: { 'zh-CN': '逾期未改', en: 'Overdue' },
    escalated: { 'zh-CN': '升级督办', en: 'Escalated' },
    sentBack: { 'zh-CN': '本期退回', en: 'Sent back this period' },
  } satisfies Catalogue<CadenceFigure>,
  bulletinReason: {
    overdue: { 'zh-CN': '逾期未整改', en: 'Overdue' },
    escalated: { 'zh-CN': '升级督办', en: 'Escalated' },
    sent_back: { 'zh-CN': '验收退回', en: 'Sent back' },
  } satisfies Catalogue<BulletinReason>,
  clarificationItem: {
    1: {
      'zh-CN': '讲清信访举报、巡视巡察、审计反馈、谈话函询、线索核查中反映本人的问题',
      en: 'Matters raised about oneself by petitions, tip-offs, inspection, audit, talks, inquiries or clue checks',
    },
    2: {
      'zh-CN': '讲清执行领导干部待遇规定情况',
      en: "Compliance with the rules on leaders' benefits",
    },
    3: {
      'zh-CN': '讲清个人有关事项变化情况',
      en: 'Changes in personal major matters owed to the organisation',
    },
    4: { 'zh-CN': '讲清分管领域权力运行风险', en: 'Risks in the power one’s area exercises' },
    5: {
      'zh-CN': '讲清八小时以外交往和利益关系',
      en: 'Dealings and interests outside working hours',
    },
    6: {
      'zh-CN': '讲清以权谋私、违规违纪情况',
      en: 'Any use of power to break rules for private gain',
    },
  } satisfies Catalogue<'1' | '2' | '3' | '4' | '5' | '6'>,
  problemSeverity: {
    general: { 'zh-CN': '一般问题', en: 'General' },
    major: { 'zh-CN': '重大问题', en: 'Major' },
  } satisfies Catalogue<ProblemSeverity>,
  problemHandling: {
    rectify: { 'zh-CN': '本级整改', en: 'Rectified by the unit' },
    case: {
      'zh-CN': '上级纪检组织立案处理',
      en: "A case of the higher level's discipline inspection",
    },
    handed_down: {
      'zh-CN': '转交下级活动办牵头整改',
      en: 'Handed down to the lower unit to rectify',
    },
  } satisfies Catalogue<ProblemHandling>,
  disclosureOutcome: {
    // A verdict on the facts only: 从宽 or 从严 is for the inspectors to decide, not the label.
    self_disclosed: { 'zh-CN': '已主动讲清', en: 'Disclosed in the statement' },
    suspected_concealment: {
      'zh-CN': '疑似未如实讲清（待核实）',
      en: 'Possibly left out of the statement (to be verified)',
    },
    not_judged: { 'zh-CN': '无对应讲清事项', en: 'No matching clarification' },
  } satisfies Catalogue<DisclosureOutcome>,
  concealmentFlagStatus: {
    open: { 'zh-CN': '待核实', en: 'Awaiting review' },
    confirmed: { 'zh-CN': '认定隐瞒不报', en: 'Concealment confirmed' },
    dismissed: { 'zh-CN': '排除隐瞒嫌疑', en: 'Dismissed' },
    withdrawn: { 'zh-CN': '更正后撤销', en: 'Withdrawn after a correction' },
  } satisfies Catalogue<ConcealmentFlagStatus>,
  portraitSource: {
    superiors: { 'zh-CN': '上级点', en: 'Pointed out by superiors' },
    peers: { 'zh-CN': '互相提', en: 'Raised by peers' },
    self: { 'zh-CN': '自己找', en: 'Found by oneself' },
    collective: { 'zh-CN': '集体议', en: 'Agreed collectively' },
  } satisfies Catalogue<PortraitSource>,
  meetingKind: {
    democratic_life: { 'zh-CN': '专题民主生活会', en: 'Democratic life meeting' },
    organisational_life: { 'zh-CN': '组织生活会', en: 'Organisational life meeting' },
  } satisfies Catalogue<MeetingKind>,
  checklistOutcome: {
    no_problem: { 'zh-CN': '无问题', en: 'No problem' },
    finding: { 'zh-CN': '查摆出问题', en: 'Finding' },
  } satisfies Catalogue<ChecklistOutcome>,
  dispositionForm: {
    1: {
      'zh-CN': '第一种形态（批评教育、谈话提醒）',
      en: 'First form: criticism, education, talks',
    },
    2: {
      'zh-CN': '第二种形态（轻处分、组织调整）',
      en: 'Second form: light discipline or post adjustment',
    },
    3: {
      'zh-CN': '第三种形态（重处分、重大职务调整）',
      en: 'Third form: heavy discipline or major post adjustment',
    },
    4: {
      'zh-CN': '第四种形态（立案审查、严重违纪违法）',
      en: 'Fourth form: case filed, serious violation or crime',
    },
  } satisfies Catalogue<'1' | '2' | '3' | '4'>,
  dispositionMeasure: {
    criticism_education: { 'zh-CN': '批评教育', en: 'Criticism and education' },
    reminder_talk: { 'zh-CN': '谈话提醒', en: 'Reminder talk' },
    written_inquiry: { 'zh-CN': '函询', en: 'Written inquiry' },
    order_to_examine: { 'zh-CN': '责令检查', en: 'Ordered to make a self-examination' },
    admonishment_talk: { 'zh-CN': '诫勉谈话', en: 'Admonishment talk' },
    // 党纪处分 and 政务处分 named apart, as a decision letter names them.
    party_warning: { 'zh-CN': '党纪处分：警告', en: 'Party discipline: warning' },
    party_serious_warning: {
      'zh-CN': '党纪处分：严重警告',
      en: 'Party discipline: serious warning',
    },
    government_warning: { 'zh-CN': '政务处分：警告', en: 'Government sanction: warning' },
    demerit: { 'zh-CN': '政务处分：记过', en: 'Government sanction: demerit' },
    major_demerit: { 'zh-CN': '政务处分：记大过', en: 'Government sanction: major demerit' },
    post_adjustment: { 'zh-CN': '组织调整', en: 'Post adjustment' },
    removal_from_party_post: {
      'zh-CN': '党纪处分：撤销党内职务',
      en: 'Party discipline: removal from party posts',
    },
    party_probation: { 'zh-CN': '党纪处分：留党察看', en: 'Party discipline: probation' },
    demotion: { 'zh-CN': '政务处分：降级', en: 'Government sanction: demotion' },
    dismissal_from_post: {
      'zh-CN': '政务处分：撤职',
      en: 'Government sanction: dismissal from post',
    },
    major_post_adjustment: { 'zh-CN': '重大职务调整', en: 'Major post adjustment' },
    case_filed: { 'zh-CN': '立案审查调查', en: 'Case filed for investigation' },
    expulsion: { 'zh-CN': '党纪处分：开除党籍', en: 'Party discipline: expulsion' },
    dismissal_from_public_office: {
      'zh-CN': '政务处分：开除',
      en: 'Government sanction: dismissal from public office',
    },
    transfer_to_judiciary: { 'zh-CN': '移送司法机关', en: 'Transferred to the judiciary' },
  } satisfies Catalogue<DispositionMeasure>,
  tipOffStatus: {
    received: { 'zh-CN': '已受理', en: 'Received' },
    triaged: { 'zh-CN': '已登记转办', en: 'Registered and passed on' },
    not_pursued: { 'zh-CN': '了结', en: 'Closed without a finding' },
  } satisfies Catalogue<TipOffStatus>,
  /** Who wrote a message on a tip-off: its reporter adding information, or an inspector. */
  tipOffMessageAuthor: {
    reporter: { 'zh-CN': '举报人补充', en: 'Added by the reporter' },
    inspector: { 'zh-CN': '纪检监察答复', en: "Inspector's answer" },
  } satisfies Catalogue<'reporter' | 'inspector'>,
  /** What the audit trail records: people's decisions and reads of confidential data. */
  auditAction: {
    'campaign.advance': { 'zh-CN': '推进阶段', en: 'Advanced the phase' },
    'campaign.extend': { 'zh-CN': '延长阶段', en: 'Extended the phase' },
    'campaign.pause': { 'zh-CN': '暂停活动', en: 'Paused the campaign' },
    'campaign.resume': { 'zh-CN': '恢复活动', en: 'Resumed the campaign' },
    'campaign.cancel': { 'zh-CN': '撤销活动', en: 'Cancelled the campaign' },
    'campaign.add_units': { 'zh-CN': '增加单位', en: 'Added units' },
    'read.statement': { 'zh-CN': '查阅“六个讲清”说明', en: 'Read a six-clarifications statement' },
    'read.tip_off': { 'zh-CN': '查阅举报内容', en: 'Read a tip-off' },
    'read.tip_off_reporter': { 'zh-CN': '查阅举报人身份', en: "Read a tip-off's reporter" },
    'read.integrity_file': { 'zh-CN': '查阅个人廉政档案', en: 'Read an integrity file' },
    'tip_off.triage': { 'zh-CN': '举报登记转办', en: 'Registered and passed on a tip-off' },
    'auth.sign_in_failed': { 'zh-CN': '登录失败', en: 'Failed sign-in' },
    'auth.sign_in_throttled': {
      'zh-CN': '登录受限（失败次数过多）',
      en: 'Sign-in throttled (too many failures)',
    },
    'tip_off.not_pursued': { 'zh-CN': '举报了结', en: 'Closed a tip-off without a finding' },
    'concealment.confirm': { 'zh-CN': '认定隐瞒不报', en: 'Confirmed a concealment' },
    'concealment.dismiss': { 'zh-CN': '排除隐瞒嫌疑', en: 'Dismissed a concealment flag' },
    'problem.clarification': {
      'zh-CN': '更正对应讲清事项',
      en: 'Corrected the matching clarification',
    },
    'disposition.record': {
      'zh-CN': '运用“四种形态”处置',
      en: 'Recorded a four-forms disposition',
    },
    'problem.report_back': {
      'zh-CN': '上报整改结果和处理情况',
      en: 'Reported the result and handling back up',
    },
    'task_kind.create': { 'zh-CN': '增设任务类型', en: 'Added a task kind' },
    'task_kind.update': { 'zh-CN': '修改任务类型', en: 'Changed a task kind' },
    'task_kind.retire': { 'zh-CN': '停用任务类型', en: 'Retired a task kind' },
  } satisfies Record<string, Record<Language, string>>,
  ruleTaskKind: {
    abolish: { 'zh-CN': '废止', en: 'Abolish' },
    amend: { 'zh-CN': '修订', en: 'Amend' },
    establish: { 'zh-CN': '制定', en: 'Establish' },
  } satisfies Catalogue<RuleTaskKind>,
  ...ASSESSMENT_LABELS,
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

/** An audit action in `language`; an action the catalogue does not know reads as itself. */
export function auditActionLabel(action: string, language: Language): string {
  const entry = (LABELS.auditAction as Record<string, Record<Language, string>>)[action];
  return entry ? entry[language] : action;
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
