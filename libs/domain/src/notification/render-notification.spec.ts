import { describe, expect, it } from '@jest/globals';

import { DomainError } from '../errors.js';
import { LANGUAGES } from '../labels.js';
import {
  NOTIFICATION_TEMPLATES,
  type NotificationParamKind,
  type NotificationTemplate,
} from './notification-templates.js';
import {
  formatDate,
  formatDateTime,
  formatDuration,
  nextShanghaiTime,
  shanghaiDate,
} from './notification-time.js';
import {
  notificationParamProblems,
  renderDigest,
  renderNotification,
} from './render-notification.js';

const CHINESE = /\p{Script=Han}/u;
const PLACEHOLDER = /\{[A-Za-z][A-Za-z0-9_]*\}/;

/** A plausible value of each kind, so every template can be rendered from its declaration. */
const SAMPLE: Record<NotificationParamKind, string | number | { 'zh-CN': string; en: string }> = {
  text: { 'zh-CN': '集中学习', en: 'Group study' },
  number: 3,
  percent: 85,
  datetime: '2026-12-01T10:00:00Z',
  date: '2026-10-01',
  duration: 'P3D',
};

const templates = Object.entries(NOTIFICATION_TEMPLATES as Record<string, NotificationTemplate>);
const sampleParams = (template: NotificationTemplate) =>
  Object.fromEntries(Object.entries(template.params).map(([name, kind]) => [name, SAMPLE[kind]]));

describe('notification catalogue', () => {
  it('has the templates reminders, gates and holidays need', () => {
    expect(Object.keys(NOTIFICATION_TEMPLATES)).toEqual(
      expect.arrayContaining(['task_reminder', 'gate_below', 'holiday_integrity', 'digest']),
    );
  });

  describe.each(templates)('%s', (key, template) => {
    it.each(LANGUAGES)('renders in %s with no placeholder left', (language) => {
      for (const rehearsal of [false, true]) {
        const { subject, body } = renderNotification(key, sampleParams(template), language, {
          rehearsal,
        });
        for (const text of [subject, body]) {
          expect(text).not.toMatch(PLACEHOLDER);
          expect(text.trim()).not.toBe('');
        }
        if (language === 'zh-CN') expect(subject).toMatch(CHINESE);
        else expect(`${subject}${body}`).not.toMatch(CHINESE);
      }
    });

    it('declares exactly the placeholders its texts use', () => {
      const used = new Set<string>();
      for (const language of LANGUAGES) {
        const { subject, body } = template.text[language];
        for (const m of `${subject}${body}`.matchAll(/\{([A-Za-z][A-Za-z0-9_]*)\}/g))
          used.add(m[1]);
      }
      expect([...used].sort()).toEqual(Object.keys(template.params).sort());
    });

    it('refuses to render with a parameter missing', () => {
      for (const name of Object.keys(template.params)) {
        const params = sampleParams(template);
        delete params[name];
        expect(() => renderNotification(key, params, 'zh-CN', { rehearsal: false })).toThrow(
          DomainError,
        );
        expect(notificationParamProblems(key, params)).toEqual([
          expect.objectContaining({ field: `params.${name}`, rule: 'missing_param' }),
        ]);
      }
    });
  });
});

describe('renderNotification', () => {
  const reminder = {
    taskName: { 'zh-CN': '廉政承诺书', en: 'Integrity pledge' },
    campaignTitle: '2026年度全市公安队伍教育整顿',
    dueAt: '2026-12-01T10:00:00Z',
    timeLeft: 'P3D',
  };

  it('renders a task reminder in Chinese with the due time in Asia/Shanghai', () => {
    const { subject, body } = renderNotification('task_reminder', reminder, 'zh-CN', {
      rehearsal: false,
    });
    expect(subject).toBe('【任务提醒】“廉政承诺书”还有3天到期');
    expect(body).toContain('2026年度全市公安队伍教育整顿');
    expect(body).toContain('2026年12月1日 18:00');
  });

  it('renders the same reminder in English from the localised values', () => {
    const { subject, body } = renderNotification('task_reminder', reminder, 'en', {
      rehearsal: false,
    });
    expect(subject).toBe('Reminder: "Integrity pledge" is due in 3 days');
    expect(body).toContain('1 Dec 2026, 18:00 (UTC+8)');
  });

  it('marks a rehearsal in the subject and the body', () => {
    const zh = renderNotification('task_reminder', reminder, 'zh-CN', { rehearsal: true });
    expect(zh.subject.startsWith('【演练】')).toBe(true);
    expect(zh.body.startsWith('【演练】')).toBe(true);
    const en = renderNotification('task_reminder', reminder, 'en', { rehearsal: true });
    expect(en.subject.startsWith('[Rehearsal] ')).toBe(true);
    expect(en.body.startsWith('[Rehearsal]')).toBe(true);
  });

  it('refuses an unknown template, and ill-typed values', () => {
    expect(() => renderNotification('nope', {}, 'zh-CN', { rehearsal: false })).toThrow(
      /unknown notification template/,
    );
    expect(() => renderNotification('toString', {}, 'zh-CN', { rehearsal: false })).toThrow(
      DomainError,
    );
    expect(notificationParamProblems('task_reminder', { ...reminder, dueAt: '明天' })).toEqual([
      expect.objectContaining({ field: 'params.dueAt', rule: 'bad_param' }),
    ]);
    // A time without an offset would be read in the server's zone.
    expect(
      notificationParamProblems('task_reminder', { ...reminder, dueAt: '2026-12-01T10:00:00' }),
    ).toHaveLength(1);
    expect(
      notificationParamProblems('task_reminder', { ...reminder, timeLeft: '3 days' }),
    ).toHaveLength(1);
  });

  it('does not expand placeholders that appear inside values', () => {
    const { subject } = renderNotification(
      'task_reminder',
      { ...reminder, taskName: '{timeLeft}' },
      'zh-CN',
      { rehearsal: false },
    );
    expect(subject).toBe('【任务提醒】“{timeLeft}”还有3天到期');
  });

  it('writes quotes inside quotes as single ones, as a 纪检 office writes them', () => {
    const { subject, body } = renderNotification(
      'task_reminder',
      {
        ...reminder,
        taskName: '“廉政自省日”活动（2026年3月）',
        campaignTitle: '关于开展“纪律作风建设年”活动',
      },
      'zh-CN',
      { rehearsal: false },
    );
    expect(subject).toBe('【任务提醒】“‘廉政自省日’活动（2026年3月）”还有3天到期');
    expect(body).toContain('您在“关于开展‘纪律作风建设年’活动”中的任务“‘廉政自省日’活动');
  });

  it('asks for evidence only of the tasks that need it', () => {
    const { body } = renderNotification('task_reminder', reminder, 'zh-CN', { rehearsal: false });
    expect(body).toContain('请按时完成；需要提交佐证材料的，请一并上传。');
    expect(body).not.toContain('请按时完成并上传佐证材料');
  });

  it('wraps held reminders into one numbered digest', () => {
    const entry = renderNotification('task_reminder', reminder, 'zh-CN', { rehearsal: false });
    const digest = renderDigest([entry, entry], '2026-11-28', 'zh-CN');
    expect(digest.subject).toBe('【每日提醒】2026年11月28日，您有2条提醒');
    expect(digest.body).toContain(`1. ${entry.subject}`);
    expect(digest.body).toContain(`2. ${entry.subject}`);
  });
});

describe('notification time formatting (Asia/Shanghai)', () => {
  it('shows instants on the Shanghai clock', () => {
    expect(formatDateTime('2026-01-31T16:30:00Z', 'zh-CN')).toBe('2026年2月1日 00:30');
    expect(formatDateTime(Date.parse('2026-01-31T16:30:00Z'), 'en')).toBe(
      '1 Feb 2026, 00:30 (UTC+8)',
    );
    expect(formatDate('2026-01-31T16:30:00Z', 'zh-CN')).toBe('2026年2月1日');
    expect(formatDate('2026-02-30', 'zh-CN')).toBeUndefined();
  });

  it('says durations as people do', () => {
    expect(formatDuration('P1D', 'en')).toBe('1 day');
    expect(formatDuration('P1DT12H', 'zh-CN')).toBe('1天12小时');
    expect(formatDuration('PT2H30M', 'en')).toBe('2 hours 30 minutes');
    expect(formatDuration(26 * 3600_000, 'zh-CN')).toBe('1天2小时');
    expect(formatDuration('P', 'en')).toBeUndefined();
    expect(formatDuration('PT', 'en')).toBeUndefined();
  });

  it('finds the Shanghai day and the next 08:00 there', () => {
    expect(shanghaiDate(Date.parse('2026-03-01T15:59:59Z'))).toBe('2026-03-01');
    expect(shanghaiDate(Date.parse('2026-03-01T16:00:00Z'))).toBe('2026-03-02');
    // 07:59 Shanghai → 08:00 the same day; 08:00 exactly → the next day's.
    expect(new Date(nextShanghaiTime(Date.parse('2026-03-01T23:59:00Z'), 8)).toISOString()).toBe(
      '2026-03-02T00:00:00.000Z',
    );
    expect(new Date(nextShanghaiTime(Date.parse('2026-03-02T00:00:00Z'), 8)).toISOString()).toBe(
      '2026-03-03T00:00:00.000Z',
    );
  });
});
