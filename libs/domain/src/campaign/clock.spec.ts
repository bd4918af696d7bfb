import { describe, expect, it } from '@jest/globals';

import { CampaignClock } from './clock.js';

const DAY = 86_400_000;

describe('CampaignClock', () => {
  it('is the identity for a real campaign', () => {
    const clock = new CampaignClock();
    const t = Date.parse('2027-03-01T09:00:00+08:00');
    expect(clock.isReal).toBe(true);
    expect(clock.toWorkflow(t)).toBe(t);
    expect(clock.toCampaign(t)).toBe(t);
    expect(clock.waitMs(t + DAY, t)).toBe(DAY);
  });

  it('starts a rehearsal at the launch and runs a day a second at 86400', () => {
    const planStart = Date.parse('2027-01-01T00:00:00+08:00');
    const launchedAt = Date.parse('2026-12-01T20:00:00+08:00');
    const clock = CampaignClock.rehearsal(planStart, launchedAt, 86_400);
    expect(clock.isReal).toBe(false);
    expect(clock.toWorkflow(planStart)).toBe(launchedAt);
    // A month of the plan passes in 31 seconds.
    expect(clock.toWorkflow(Date.parse('2027-02-01T00:00:00+08:00')) - launchedAt).toBe(31_000);
    expect(clock.toCampaign(launchedAt + 2_000)).toBe(planStart + 2 * DAY);
    expect(clock.waitMs(planStart + 10 * DAY, launchedAt + 4_000)).toBe(6_000);
    // What is past is due at once.
    expect(clock.waitMs(planStart, launchedAt + 1)).toBe(0);
  });

  it('round-trips instants', () => {
    const clock = CampaignClock.rehearsal(1_000_000, 5_000, 3_600);
    for (const t of [1_000_000, 1_000_000 + 7 * DAY, 1_000_000 + 123_456_789])
      expect(clock.toCampaign(clock.toWorkflow(t))).toBe(t);
  });

  it('refuses a time scale below 1 or absurdly large', () => {
    expect(() => CampaignClock.rehearsal(0, 0, 0.5)).toThrow(RangeError);
    expect(() => CampaignClock.rehearsal(0, 0, 1e9)).toThrow(RangeError);
  });
});
