import { describe, expect, it } from 'vitest';
import { formatCount, formatNumber, plural } from './number';

describe('formatNumber', () => {
  it('writes everyday metrics in plain notation with 4 significant digits', () => {
    expect(formatNumber(1120)).toBe('1120');
    expect(formatNumber(1119.7)).toBe('1120');
    expect(formatNumber(0.012345)).toBe('0.01235');
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(-3.5)).toBe('-3.5');
  });
  it('writes a year without a thousands separator', () => {
    expect(formatNumber(1969)).toBe('1969');
  });
  it('uses an exponent only for very large or very small magnitudes', () => {
    expect(formatNumber(1.2e-5)).toBe('1.20e-5');
    expect(formatNumber(2_500_000)).toBe('2.50e+6');
  });
  it('shows missing values as a dash', () => {
    expect(formatNumber(undefined)).toBe('—');
    expect(formatNumber(Number.NaN, '–')).toBe('–');
  });
});

describe('counts', () => {
  it('separates thousands', () => {
    expect(formatCount(12480)).toBe('12,480');
  });
  it('uses the singular for exactly one', () => {
    expect(plural(1, 'unit')).toBe('1 unit');
    expect(plural(2, 'unit')).toBe('2 units');
    expect(plural(0, 'row')).toBe('0 rows');
    expect(plural(12480, 'row')).toBe('12,480 rows');
    expect(plural(1, 'child', 'children')).toBe('1 child');
  });
});
