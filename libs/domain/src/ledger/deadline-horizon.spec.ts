import { describe, expect, it } from '@jest/globals';

import { deadlineOfDay } from '../time/duration.js';
import { checkDeadlineHorizon, latestDeadlineDay } from './deadline-horizon.js';

describe('the deadline horizon', () => {
  // The campaign's last phase ends at 2027-05-01 00:00 +08:00, i.e. on 2027-05-01 in Shanghai.
  const campaignEnd = Date.parse('2027-05-01T00:00:00+08:00');
  const bound = { campaignEnd, horizonDays: 30 };

  it('is the day the campaign ends plus the horizon', () => {
    expect(latestDeadlineDay(campaignEnd, 30)).toBe('2027-05-31');
    expect(latestDeadlineDay(campaignEnd, 0)).toBe('2027-05-01');
  });

  it('accepts a deadline up to the end of that day and refuses a later one, stating the day', () => {
    expect(checkDeadlineHorizon('deadline', deadlineOfDay('2027-05-31'), bound)).toEqual([]);
    const [violation] = checkDeadlineHorizon('deadline', deadlineOfDay('2027-06-01'), bound);
    expect(violation).toMatchObject({ field: 'deadline', rule: 'deadline_beyond_horizon' });
    expect(violation.message).toContain('2027-05-31');
    expect(checkDeadlineHorizon('newDeadline', deadlineOfDay('9999-12-31'), bound)).toHaveLength(1);
  });
});
