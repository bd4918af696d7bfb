import { describe, expect, it } from '@jest/globals';

import { label, negotiateLanguage } from './labels.js';
import { CAMPAIGN_STATUSES, PHASE_KINDS } from './phase.js';

const CHINESE = /\p{Script=Han}/u;

describe('labels', () => {
  it.each(PHASE_KINDS)('labels phase %s in zh-CN and en', (kind) => {
    const zh = label('phase', kind, 'zh-CN');
    const en = label('phase', kind, 'en');
    expect(zh).toMatch(CHINESE);
    expect(en.trim()).not.toBe('');
    expect(en).not.toMatch(CHINESE);
  });

  it.each(CAMPAIGN_STATUSES)('labels campaign status %s in zh-CN and en', (status) => {
    const zh = label('campaignStatus', status, 'zh-CN');
    const en = label('campaignStatus', status, 'en');
    expect(zh).toMatch(CHINESE);
    expect(en.trim()).not.toBe('');
    expect(en).not.toMatch(CHINESE);
  });

  it('gives each phase a distinct label', () => {
    const zh = PHASE_KINDS.map((k) => label('phase', k, 'zh-CN'));
    expect(new Set(zh).size).toBe(PHASE_KINDS.length);
  });

  it('names the study phase 学习教育', () => {
    expect(label('phase', 'study', 'zh-CN')).toBe('学习教育');
  });
});

describe('negotiateLanguage', () => {
  it.each<[string | undefined | null, 'zh-CN' | 'en']>([
    [undefined, 'zh-CN'],
    [null, 'zh-CN'],
    ['', 'zh-CN'],
    ['en', 'en'],
    ['en-US', 'en'],
    ['EN-gb', 'en'],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh-CN'],
    ['en;q=0.5, zh-TW;q=0.9', 'zh-CN'],
    ['en;q=0.9, zh-TW;q=0.5', 'en'],
    ['fr-FR, en;q=0.3', 'en'],
    ['fr', 'zh-CN'],
    ['*', 'zh-CN'],
    ['en;q=0', 'zh-CN'],
    ['zh;q=0, en;q=0.1', 'en'],
  ])('picks the language for %p as %s', (header, expected) => {
    expect(negotiateLanguage(header)).toBe(expected);
  });
});
