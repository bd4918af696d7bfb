import type { Violation } from '../errors.js';
import type { ProblemChannel } from '../ledger/item-enums.js';
import type { PortraitSource } from './intake-enums.js';

/** What a problem states about the channel it came in by (D4), as the intake receives it. */
export interface ProblemChannelFacts {
  channel: ProblemChannel;
  portraitSource?: PortraitSource;
  meetingId?: string;
  foundByUnitId?: string;
  /** The caller reports about themself (their own self-check). */
  selfReported: boolean;
}

/**
 * The channel's own details belong to it alone: a portrait comparison finding (画像比对) names
 * the side it came from and nothing else does; only a problem listed at a life meeting
 * (组织生活会) names its meeting; and what people report about themselves is their self-check,
 * found by their own unit (so they name no finding unit).
 */
export function checkProblemChannel(facts: ProblemChannelFacts): Violation[] {
  const violations: Violation[] = [];
  if (facts.portraitSource !== undefined && facts.channel !== 'portrait') {
    violations.push({
      field: 'portraitSource',
      rule: 'not_a_portrait',
      message: 'only a portrait comparison finding has a portrait source',
    });
  }
  if (facts.channel === 'portrait' && facts.portraitSource === undefined) {
    violations.push({
      field: 'portraitSource',
      rule: 'portrait_source_required',
      message:
        'a portrait comparison finding names its source: superiors, peers, self or collective',
    });
  }
  if (facts.meetingId !== undefined && facts.channel !== 'life_meeting') {
    violations.push({
      field: 'meetingId',
      rule: 'not_a_meeting',
      message: 'only a problem listed at a life meeting names its meeting',
    });
  }
  if (facts.selfReported && (facts.channel !== 'self_check' || facts.foundByUnitId !== undefined)) {
    violations.push({
      field: 'channel',
      rule: 'not_a_self_check',
      message: 'what people report about themselves is their self-check, found by their unit',
    });
  }
  return violations;
}
