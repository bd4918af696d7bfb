import { describe, expect, it } from '@jest/globals';

import { isStrictlyBelow, isWithin, overlaps } from './unit-path.js';

describe('isWithin', () => {
  it('holds for the unit itself and every unit below it', () => {
    expect(isWithin('1.2', '1.2')).toBe(true);
    expect(isWithin('1.2.3', '1.2')).toBe(true);
    expect(isWithin('1.2.3.4', '1')).toBe(true);
  });

  it('does not hold for a unit above or beside', () => {
    expect(isWithin('1', '1.2')).toBe(false);
    expect(isWithin('1.3', '1.2')).toBe(false);
    expect(isWithin('2.2', '1.2')).toBe(false);
  });

  it('compares whole labels, never prefixes of a label', () => {
    expect(isWithin('1.20', '1.2')).toBe(false);
    expect(isWithin('1.20.3', '1.2')).toBe(false);
    expect(isWithin('1.2', '1.20')).toBe(false);
    expect(isWithin('abc.def', 'abc.de')).toBe(false);
  });

  it('never reads an empty root as the whole tree', () => {
    expect(isWithin('1', '')).toBe(false);
    expect(isWithin('1.2', '')).toBe(false);
  });
});

describe('isStrictlyBelow', () => {
  it('holds below the unit, not for the unit itself', () => {
    expect(isStrictlyBelow('1.2.3', '1.2')).toBe(true);
    expect(isStrictlyBelow('1.2', '1.2')).toBe(false);
    expect(isStrictlyBelow('1', '1.2')).toBe(false);
    expect(isStrictlyBelow('1.20', '1.2')).toBe(false);
  });
});

describe('overlaps', () => {
  it('holds when either unit lies within the other, either way round', () => {
    expect(overlaps('1.2', '1.2')).toBe(true);
    expect(overlaps('1.2.3', '1.2')).toBe(true);
    expect(overlaps('1.2', '1.2.3')).toBe(true);
  });

  it('does not hold for siblings or a label that only shares a prefix', () => {
    expect(overlaps('1.2', '1.3')).toBe(false);
    expect(overlaps('1.2', '1.20')).toBe(false);
    expect(overlaps('1.20.1', '1.2')).toBe(false);
  });
});
