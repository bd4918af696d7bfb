import type { GateRule, Localised } from './plan.js';

/** A unit's standing on a phase's required tasks when the gate was taken. */
export interface GateStanding {
  unitName: string;
  memberOwed: number;
  memberDone: number;
  unitOwed: number;
  unitDone: number;
}

/** Units named one by one in a hold notice; the rest are counted. */
export const HOLD_NOTICE_UNITS = 10;

/** A unit's members' completion in whole per cent, rounded down (as the gate mail shows it). */
export const memberCompletion = (s: Pick<GateStanding, 'memberOwed' | 'memberDone'>): number =>
  s.memberOwed === 0 ? 100 : Math.floor((s.memberDone / s.memberOwed) * 100);

/**
 * Which rule of the gate each unit below it missed, with its figure, as an office reads it in
 * the hold notice: “东城分局第一党支部：必做事项完成率40%（要求不低于90%）”. The first
 * `HOLD_NOTICE_UNITS` units are named, the rest counted.
 */
export function gateShortfalls(
  below: readonly GateStanding[],
  gate: Pick<GateRule, 'minMemberCompletion' | 'requireUnitTasks'>,
): Localised {
  const threshold = Math.round(gate.minMemberCompletion * 100);
  const lines = below.slice(0, HOLD_NOTICE_UNITS).map((s) => {
    const zh: string[] = [];
    const en: string[] = [];
    const rate = memberCompletion(s);
    if (s.memberOwed > 0 && s.memberDone / s.memberOwed < gate.minMemberCompletion) {
      zh.push(`必做事项完成率${rate}%（要求不低于${threshold}%）`);
      en.push(`${rate}% of members' required items done (at least ${threshold}% required)`);
    }
    if (gate.requireUnitTasks && s.unitDone < s.unitOwed) {
      const left = s.unitOwed - s.unitDone;
      zh.push(`单位规定动作尚有${left}项未完成（共${s.unitOwed}项，要求全部完成）`);
      en.push(`${left} of its ${s.unitOwed} unit tasks not done (all required)`);
    }
    return { zh: `${s.unitName}：${zh.join('，')}`, en: `${s.unitName}: ${en.join('; ')}` };
  });
  const more = below.length - lines.length;
  return {
    'zh-CN': lines.map((l) => l.zh).join('；') + (more > 0 ? `；另有${more}个单位未达到要求` : ''),
    en: lines.map((l) => l.en).join('; ') + (more > 0 ? `; and ${more} more units below it` : ''),
  };
}
