import { describe, expect, it } from '@jest/globals';

import { comparableText, TIP_OFF_QUOTE_RUN, tipOffQuoteViolations } from './tip-off-quotes.js';

const TIP_OFF =
  '我反映东城分局治安大队副大队长张某，今年三月以来多次在工作日中午到辖区饭店饮酒，并由饭店老板买单。';
const rules = (description: string, reporterName: string | null = null, texts = [TIP_OFF]) =>
  tipOffQuoteViolations(description, { texts, reporterName }).map((v) => v.rule);

describe('the quote check of a triage description', () => {
  it('accepts the inspector’s own wording of the same problem', () => {
    expect(rules('工作日午间饮酒并接受管理服务对象买单，违反工作纪律和廉洁纪律。')).toEqual([]);
  });

  it(`refuses a run of ${TIP_OFF_QUOTE_RUN} consecutive characters of the tip-off, and not one fewer`, () => {
    const run = Array.from(TIP_OFF)
      .slice(20, 20 + TIP_OFF_QUOTE_RUN)
      .join('');
    expect(rules(`经核查，${run}。`)).toEqual(['quotes_tip_off']);
    const shorter = Array.from(run)
      .slice(0, TIP_OFF_QUOTE_RUN - 1)
      .join('');
    expect(rules(`经核查，${shorter}。`)).toEqual([]);
  });

  it('is not fooled by spacing, punctuation, full-width forms or case', () => {
    const english = 'He drinks at lunch in the canteen every Friday with contractors.';
    expect(rules('he drinks at lunch, in the canteen!', null, [english])).toEqual([
      'quotes_tip_off',
    ]);
    expect(rules('ＨＥ ＤＲＩＮＫＳ ＡＴ ＬＵＮＣＨ ＩＮ ＴＨＥ', null, [english])).toEqual([
      'quotes_tip_off',
    ]);
    expect(rules('今年三月以来 多次在工作日中午，到辖区饭店饮酒')).toEqual(['quotes_tip_off']);
  });

  it('checks what the reporter added later as well', () => {
    const added = '另外，他每周五还让下属代为打卡签到，已持续半年之久。';
    expect(rules('每周五让下属代为打卡签到已持续半年之久。', null, [TIP_OFF, added])).toEqual([
      'quotes_tip_off',
    ]);
  });

  it.each([
    ['zero-width space', '\u200b'],
    ['soft hyphen', '\u00ad'],
    ['word joiner', '\u2060'],
    ['combining grapheme joiner', '\u034f'],
    ['variation selector', '\ufe0f'],
    ['byte order mark', '\ufeff'],
  ])('is not fooled by a %s between every character', (_name, invisible) => {
    const threaded = (text: string) => Array.from(text).join(invisible);
    expect(rules(threaded(TIP_OFF.slice(20, 40)))).toEqual(['quotes_tip_off']);
    expect(rules(`经${threaded('赵晓梅')}反映。`, '赵晓梅')).toEqual(['names_reporter']);
    // The same invisible characters in the tip-off itself hide nothing either.
    expect(rules(TIP_OFF.slice(20, 40), null, [threaded(TIP_OFF)])).toEqual(['quotes_tip_off']);
  });

  it("refuses the reporter's name anywhere in the description", () => {
    expect(rules('经群众赵晓梅反映，工作日午间饮酒。', '赵晓梅')).toEqual(['names_reporter']);
    expect(rules('经群众赵 晓梅反映。', '赵晓梅')).toEqual(['names_reporter']);
    expect(rules('工作日午间饮酒。', '赵晓梅')).toEqual([]);
    // A one-character name would refuse everything holding the character.
    expect(rules('赵某反映的问题属实。', '赵')).toEqual([]);
  });

  it('names both rules, and quotes neither text in its messages', () => {
    const run = Array.from(TIP_OFF).slice(0, TIP_OFF_QUOTE_RUN).join('');
    const violations = tipOffQuoteViolations(`赵晓梅说：${run}`, {
      texts: [TIP_OFF],
      reporterName: '赵晓梅',
    });
    expect(violations.map((v) => [v.field, v.rule])).toEqual([
      ['description', 'quotes_tip_off'],
      ['description', 'names_reporter'],
    ]);
    for (const v of violations) {
      expect(v.message).not.toContain('赵晓梅');
      expect(v.message).not.toContain(run.slice(0, 5));
    }
  });

  it('compares in code points, so characters outside the BMP count once', () => {
    expect(comparableText('𠮷野家 Ａ')).toEqual(['𠮷', '野', '家', 'a']);
    expect(comparableText('Café')).toEqual(['c', 'a', 'f', 'e']);
  });
});
