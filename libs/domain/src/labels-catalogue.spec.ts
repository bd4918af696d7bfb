import { describe, expect, it } from '@jest/globals';

import { BULLETIN_REASONS, CADENCE_FIGURES, CADENCE_KINDS } from './cadence/cadence-schedule.js';
import { DAY_OFF_KEYS, HOLIDAY_KEYS } from './calendar/holidays.js';
import { label, LABELS, LANGUAGES } from './labels.js';
import { SIX_CLARITIES } from './ledger/item-checks.js';
import {
  ESCALATION_REASONS,
  ITEM_CATEGORIES,
  ITEM_MODES,
  ITEM_SOURCES,
  ITEM_STATUSES,
  LOOK_BACK_OUTCOMES,
  RESPONSIBILITY_ROLES,
  REVIEW_OUTCOMES,
  SEND_BACK_REASONS,
  WARNING_LEVELS,
} from './ledger/item-enums.js';
import { ITEM_EVENT_TYPES, ITEM_TIMER_KINDS, NOTICE_TOPICS } from './ledger/item-state.js';
import {
  KEY_PERSON_REASONS,
  PERSON_FLAGS,
  PERSON_STATUSES,
  ROLES,
  UNIT_KINDS,
} from './organisation.js';

const CHINESE = /\p{Script=Han}/u;

/** Each organisation, calendar and ledger enum and the catalogue kind that labels it. */
const KINDS = [
  ['role', ROLES],
  ['unitKind', UNIT_KINDS],
  ['keyPersonReason', KEY_PERSON_REASONS],
  ['personStatus', PERSON_STATUSES],
  ['personFlag', PERSON_FLAGS],
  ['holiday', DAY_OFF_KEYS],
  ['itemSource', ITEM_SOURCES],
  ['itemCategory', ITEM_CATEGORIES],
  ['itemMode', ITEM_MODES],
  ['itemStatus', ITEM_STATUSES],
  ['warningLevel', WARNING_LEVELS],
  ['sendBackReason', SEND_BACK_REASONS],
  ['escalationReason', ESCALATION_REASONS],
  ['lookBackOutcome', LOOK_BACK_OUTCOMES],
  ['reviewOutcome', REVIEW_OUTCOMES],
  ['responsibilityRole', RESPONSIBILITY_ROLES],
  ['clarity', SIX_CLARITIES],
  ['itemEvent', ITEM_EVENT_TYPES],
  ['itemTimer', ITEM_TIMER_KINDS],
  ['noticeTopic', NOTICE_TOPICS],
  ['cadenceKind', CADENCE_KINDS],
  ['cadenceFigure', CADENCE_FIGURES],
  ['bulletinReason', BULLETIN_REASONS],
] as const;

type OrgKind = (typeof KINDS)[number][0];

/** `label` typed loosely so the table above can drive it. */
const labelOf = (kind: OrgKind, value: string, language: (typeof LANGUAGES)[number]) =>
  (label as (k: string, v: string, l: string) => string | undefined)(kind, value, language);

const cases = KINDS.flatMap(([kind, values]) => values.map((value) => [kind, value] as const));

describe('label catalogue of the organisation, calendar and ledger enums', () => {
  it.each(cases)('labels %s %s in zh-CN (Chinese) and en (not Chinese)', (kind, value) => {
    const zh = labelOf(kind, value, 'zh-CN');
    const en = labelOf(kind, value, 'en');
    expect(typeof zh).toBe('string');
    expect(typeof en).toBe('string');
    expect(zh!.trim()).not.toBe('');
    expect(zh).toMatch(CHINESE);
    expect(en!.trim()).not.toBe('');
    expect(en).not.toMatch(CHINESE);
  });

  it.each(KINDS)('gives each %s a distinct zh-CN and a distinct en label', (kind, values) => {
    for (const language of LANGUAGES) {
      const labels = values.map((v) => labelOf(kind, v, language));
      expect(new Set(labels).size).toBe(values.length);
    }
  });

  it.each(KINDS)(
    'labels exactly the %s values the domain defines, no stale extras',
    (kind, values) => {
      expect(Object.keys(LABELS[kind]).sort()).toEqual([...values].sort());
    },
  );

  it('names the roles as the users know them', () => {
    expect(label('role', 'office', 'zh-CN')).toBe('活动办');
    expect(label('role', 'member', 'zh-CN')).toBe('党员干部');
    expect(label('personFlag', 'key_person', 'zh-CN')).toBe('重点人员');
    expect(label('unitKind', 'party_branch', 'zh-CN')).toBe('党支部');
  });

  it('names the ledger as these offices do', () => {
    expect(ITEM_MODES.map((m) => label('itemMode', m, 'zh-CN'))).toEqual([
      '立行立改',
      '限期整改',
      '长期坚持',
    ]);
    expect(label('itemStatus', 'closed', 'zh-CN')).toBe('已销号');
    expect(label('itemStatus', 'submitted', 'zh-CN')).toBe('待验收');
    expect(WARNING_LEVELS.map((l) => label('warningLevel', l, 'zh-CN'))).toEqual([
      '绿色',
      '黄色',
      '红色',
    ]);
    expect(label('sendBackReason', 'false_report', 'zh-CN')).toBe('瞒报虚报');
    expect(SIX_CLARITIES.map((c) => label('clarity', c, 'zh-CN'))).toEqual([
      '责任领导',
      '责任部门',
      '责任人',
      '整改时限',
      '验收标准',
      '预期效果',
    ]);
  });

  it('reads as a 纪检 office writes (issue 19, docs/offices/wording.md)', () => {
    // The office's own activities beside the upper level's 规定动作.
    expect(label('taskKind', 'office_defined', 'zh-CN')).toBe('自选动作');
    expect(label('gateOnFail', 'proceed', 'zh-CN')).toBe('按期转入下一阶段');
    // One wording for one thing, wherever it shows.
    expect(label('noticeTopic', 'reopened', 'zh-CN')).toBe(
      label('itemStatus', 'reopened', 'zh-CN'),
    );
    expect(label('registerEntry', 'extension_unanswered', 'zh-CN')).toBe(
      label('escalationReason', 'extension_unanswered', 'zh-CN'),
    );
    expect(label('concealmentFlagStatus', 'dismissed', 'zh-CN')).toBe(
      label('auditAction', 'concealment.dismiss', 'zh-CN'),
    );
    // Seed 003: 由市局纪检组立案处理; 转交县区局活动办牵头整改.
    expect(label('problemHandling', 'case', 'zh-CN')).toBe('上级纪检组织立案处理');
    expect(label('problemHandling', 'handed_down', 'zh-CN')).toBe('转交下级活动办牵头整改');
  });

  it('names the seven holidays as the State Council’s notices do', () => {
    expect(HOLIDAY_KEYS.map((k) => label('holiday', k, 'zh-CN'))).toEqual([
      '元旦',
      '春节',
      '清明节',
      '劳动节',
      '端午节',
      '中秋节',
      '国庆节',
    ]);
    expect(HOLIDAY_KEYS.map((k) => label('holiday', k, 'en'))).toEqual([
      "New Year's Day",
      'Spring Festival',
      'Qingming Festival',
      'Labour Day',
      'Dragon Boat Festival',
      'Mid-Autumn Festival',
      'National Day',
    ]);
  });
});
