import { describe, expect, it } from '@jest/globals';

import { DAY_OFF_KEYS, HOLIDAY_KEYS } from './calendar/holidays.js';
import { label, LABELS, LANGUAGES } from './labels.js';
import {
  KEY_PERSON_REASONS,
  PERSON_FLAGS,
  PERSON_STATUSES,
  ROLES,
  UNIT_KINDS,
} from './organisation.js';

const CHINESE = /\p{Script=Han}/u;

/** Each organisation and calendar enum and the catalogue kind that labels it. */
const KINDS = [
  ['role', ROLES],
  ['unitKind', UNIT_KINDS],
  ['keyPersonReason', KEY_PERSON_REASONS],
  ['personStatus', PERSON_STATUSES],
  ['personFlag', PERSON_FLAGS],
  ['holiday', DAY_OFF_KEYS],
] as const;

type OrgKind = (typeof KINDS)[number][0];

/** `label` typed loosely so the table above can drive it. */
const labelOf = (kind: OrgKind, value: string, language: (typeof LANGUAGES)[number]) =>
  (label as (k: string, v: string, l: string) => string | undefined)(kind, value, language);

const cases = KINDS.flatMap(([kind, values]) => values.map((value) => [kind, value] as const));

describe('label catalogue of the organisation and calendar enums', () => {
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
