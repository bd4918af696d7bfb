import { describe, expect, it } from '@jest/globals';

import { gateShortfalls, HOLD_NOTICE_UNITS } from './gate-hold.js';

const gate = { minMemberCompletion: 0.9, requireUnitTasks: true };
const standing = (
  unitName: string,
  over: Partial<Parameters<typeof gateShortfalls>[0][0]> = {},
) => ({
  unitName,
  memberOwed: 10,
  memberDone: 10,
  unitOwed: 2,
  unitDone: 2,
  ...over,
});

describe('gateShortfalls: which rule of the gate each unit missed, with its figure', () => {
  it('names the members’ completion against the threshold, rounded down', () => {
    const text = gateShortfalls([standing('第一党支部', { memberDone: 8, memberOwed: 9 })], gate);
    expect(text['zh-CN']).toBe('第一党支部：必做事项完成率88%（要求不低于90%）');
    expect(text.en).toBe("第一党支部: 88% of members' required items done (at least 90% required)");
  });

  it('names the unit tasks left when the gate requires them all, and both rules when both fail', () => {
    const text = gateShortfalls(
      [
        standing('第一党支部', { unitDone: 0 }),
        standing('第二党支部', { memberDone: 0, unitOwed: 3, unitDone: 1 }),
      ],
      gate,
    );
    expect(text['zh-CN']).toBe(
      '第一党支部：单位规定动作尚有2项未完成（共2项，要求全部完成）；' +
        '第二党支部：必做事项完成率0%（要求不低于90%），单位规定动作尚有2项未完成（共3项，要求全部完成）',
    );
    expect(text.en).toContain('2 of its 3 unit tasks not done (all required)');
  });

  it('leaves unit tasks out when the gate does not ask for them', () => {
    const text = gateShortfalls([standing('第一党支部', { memberDone: 5, unitDone: 0 })], {
      ...gate,
      requireUnitTasks: false,
    });
    expect(text['zh-CN']).toBe('第一党支部：必做事项完成率50%（要求不低于90%）');
  });

  it('names the first units and counts the rest', () => {
    const below = Array.from({ length: HOLD_NOTICE_UNITS + 3 }, (_, i) =>
      standing(`第${i + 1}党支部`, { memberDone: 0 }),
    );
    const text = gateShortfalls(below, gate);
    expect(text['zh-CN']).toContain(`第${HOLD_NOTICE_UNITS}党支部`);
    expect(text['zh-CN']).not.toContain(`第${HOLD_NOTICE_UNITS + 1}党支部`);
    expect(text['zh-CN'].endsWith('；另有3个单位未达到要求')).toBe(true);
    expect(text.en.endsWith('; and 3 more units below it')).toBe(true);
  });
});
