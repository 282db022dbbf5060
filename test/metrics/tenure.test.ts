import { describe, expect, it } from 'vitest';
import { tenureClass } from '../../src/metrics/tenure.ts';

describe('tenureClass', () => {
  it('splits at four and eight quarters of tenure', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 40].map((d) => tenureClass(100, 100 + d))).toEqual([
      'newcomer', 'newcomer', 'newcomer', 'newcomer',
      'emerging', 'emerging', 'emerging', 'emerging',
      'established', 'established', 'established',
    ]);
  });
  it('refuses a first commit after the quarter and non-integer indices', () => {
    expect(() => tenureClass(5, 4)).toThrow(/after the reported quarter/);
    expect(() => tenureClass(1.5, 4)).toThrow(/integers/);
  });
});
