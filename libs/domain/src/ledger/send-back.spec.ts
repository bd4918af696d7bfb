import { describe, expect, it } from '@jest/globals';

import { checkVerdict } from './send-back.js';

describe('the verdict on a submitted item', () => {
  it('closes with or without a note', () => {
    expect(checkVerdict({ decision: 'close' })).toEqual([]);
    expect(checkVerdict({ decision: 'close', reason: '整改到位' })).toEqual([]);
  });

  it('sends back only with its reason, named on the reason field', () => {
    expect(checkVerdict({ decision: 'send_back', reason: '佐证材料不全' })).toEqual([]);
    for (const reason of [undefined, null, '']) {
      expect(checkVerdict({ decision: 'send_back', reason })).toEqual([
        { field: 'reason', rule: 'reason_required', message: 'say why it is sent back' },
      ]);
    }
  });
});
