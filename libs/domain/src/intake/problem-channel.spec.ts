import { describe, expect, it } from '@jest/globals';

import { PROBLEM_CHANNELS } from '../ledger/item-enums.js';
import { checkProblemChannel, type ProblemChannelFacts } from './problem-channel.js';

const rules = (facts: Partial<ProblemChannelFacts>) =>
  checkProblemChannel({ channel: 'inspection', selfReported: false, ...facts }).map(
    (v) => `${v.field}:${v.rule}`,
  );

describe("a problem's channel", () => {
  it('asks nothing more of the channels without details of their own', () => {
    for (const channel of PROBLEM_CHANNELS.filter((c) => c !== 'portrait'))
      expect(rules({ channel })).toEqual([]);
  });

  it('gives a portrait comparison finding its source, and nothing else one', () => {
    expect(rules({ channel: 'portrait', portraitSource: 'peers' })).toEqual([]);
    expect(rules({ channel: 'portrait' })).toEqual(['portraitSource:portrait_source_required']);
    expect(rules({ channel: 'tip_off', portraitSource: 'self' })).toEqual([
      'portraitSource:not_a_portrait',
    ]);
  });

  it('lets only a life meeting name its meeting', () => {
    const meetingId = '2b3f1c3e-7d55-4a3e-9a8f-1f2e3d4c5b6a';
    expect(rules({ channel: 'life_meeting', meetingId })).toEqual([]);
    expect(rules({ channel: 'inspection', meetingId })).toEqual(['meetingId:not_a_meeting']);
  });

  it('takes what people report about themselves as their self-check, found by their own unit', () => {
    expect(rules({ channel: 'self_check', selfReported: true })).toEqual([]);
    expect(rules({ channel: 'inspection', selfReported: true })).toEqual([
      'channel:not_a_self_check',
    ]);
    expect(
      rules({ channel: 'self_check', selfReported: true, foundByUnitId: 'a-unit-above' }),
    ).toEqual(['channel:not_a_self_check']);
    expect(rules({ channel: 'self_check', foundByUnitId: 'a-unit-above' })).toEqual([]);
  });

  it('names every broken rule at once, in order', () => {
    expect(rules({ channel: 'portrait', meetingId: 'm', selfReported: true })).toEqual([
      'portraitSource:portrait_source_required',
      'meetingId:not_a_meeting',
      'channel:not_a_self_check',
    ]);
  });
});
