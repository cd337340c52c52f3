import { describe, expect, it } from 'vitest';
import { integerStep, integerTicks, labelAt, ticksThatFit } from './ticks';

describe('epoch ticks', () => {
  it('labels every epoch of a short run', () => {
    expect(integerTicks(1, 5, 10)).toEqual([1, 2, 3, 4, 5]);
  });
  it('never puts a tick between two epochs, even with room for many ticks', () => {
    expect(integerTicks(1, 3, 20)).toEqual([1, 2, 3]);
    expect(integerTicks(0.6, 2.4, 20)).toEqual([1, 2]);
    expect(integerTicks(1, 1, 10)).toEqual([1]);
  });
  it('thins long runs to steps of 2, 5, 10, 20, 50…', () => {
    expect(integerStep(1, 30, 8)).toBe(5);
    expect(integerTicks(1, 30, 8)).toEqual([5, 10, 15, 20, 25, 30]);
    expect(integerStep(0, 1000, 6)).toBe(200);
    expect(integerStep(1, 12, 7)).toBe(2);
  });
  it('fits the tick count to the axis length', () => {
    expect(ticksThatFit(300)).toBe(5);
    expect(ticksThatFit(40)).toBe(2);
  });
});

describe('date labels on a sample axis', () => {
  const x = [0, 3, 6, 9];
  const dates = ['2015-01-01', '2015-01-04', '2015-01-07', '2015-01-10'];
  it("shows each point's own date, and between points the date of the one before", () => {
    expect(x.map((v) => labelAt(x, dates, v))).toEqual(dates);
    expect(labelAt(x, dates, 4.5)).toBe('2015-01-04');
    expect(labelAt(x, dates, 100)).toBe('2015-01-10');
  });
  it('shows nothing before the data or when points and labels do not match', () => {
    expect(labelAt(x, dates, -1)).toBe('');
    expect(labelAt(x, dates.slice(1), 3)).toBe('');
    expect(labelAt([], [], 0)).toBe('');
  });
});
