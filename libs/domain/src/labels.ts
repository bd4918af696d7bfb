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
