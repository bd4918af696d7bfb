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
    scheduled: { 'zh-CN': '未开始', en: 'Scheduled' },
    active: { 'zh-CN': '进行中', en: 'In progress' },
    completed: { 'zh-CN': '已结束', en: 'Completed' },
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
