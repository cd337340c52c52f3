import { describe, expect, it } from 'vitest';
import type { GateTrace } from '@shared/inspect/gates';
import { cellAt, colorFor, parseColor, signedMax, tracesCsv, unitOrder, type Palette } from './heatmap';

const pal: Palette = { zero: [255, 255, 255], positive: [0, 0, 255], negative: [255, 0, 0] };

/** 3 steps × 2 units GRU trace: unit 0 flat, unit 1 moving. */
function trace(): GateTrace {
  const v = (a: number[]) => new Float32Array(a);
  return {
    kind: 'GRU',
    steps: 3,
    units: 2,
    inputStep: [0, 1, 2],
    masked: [false, false, false],
    gates: { z: v([0.1, 0.2, 0.1, 0.9, 0.1, 0.5]), r: v([0, 0, 0, 0, 0, 0]), hCand: v([0, 1, 0, -1, 0, 1]), h: v([0.3, -0.5, 0.3, 0.5, 0.3, -0.5]) },
  };
}

describe('colour scale', () => {
  it('reads theme colours as hex or rgb()', () => {
    expect(parseColor('#4f46e5')).toEqual([79, 70, 229]);
    expect(parseColor(' #fff ')).toEqual([255, 255, 255]);
    expect(parseColor('rgb(29, 35, 48)')).toEqual([29, 35, 48]);
    expect(parseColor('var(--x)')).toBeNull();
  });
  it('gates run background → accent; signed values go to the negative colour below 0', () => {
    expect(colorFor(0, 'unit', pal)).toEqual([255, 255, 255]);
    expect(colorFor(1, 'unit', pal)).toEqual([0, 0, 255]);
    expect(colorFor(0.5, 'unit', pal)).toEqual([127.5, 127.5, 255]);
    expect(colorFor(-1, 'signed', pal)).toEqual([255, 0, 0]);
    expect(colorFor(2, 'signed', pal, 4)).toEqual([127.5, 127.5, 255]);
    expect(signedMax(new Float32Array([0.2, -3, 1]))).toBe(3);
  });
});

describe('unit order and hover', () => {
  it('sorts the most active unit first, or keeps build order', () => {
    expect(unitOrder(trace(), 'index')).toEqual([0, 1]);
    expect(unitOrder(trace(), 'activity')).toEqual([1, 0]);
    expect(unitOrder(trace(), 'activity', 'z')).toEqual([1, 0]);
  });
  it('maps a pointer to the step and the unit of the row under it, in display order', () => {
    // 300 × 100 px, 3 steps, 2 rows shown as [unit 1, unit 0].
    expect(cellAt(250, 10, 300, 100, 3, [1, 0])).toEqual({ step: 2, unit: 1 });
    expect(cellAt(0, 99, 300, 100, 3, [1, 0])).toEqual({ step: 0, unit: 0 });
    expect(cellAt(300, 10, 300, 100, 3, [1, 0])).toBeNull();
  });
});

describe('CSV export', () => {
  it('has one row per gate, step and unit with the input step', () => {
    const csv = tracesCsv([{ name: 'gru, 1', trace: { ...trace(), inputStep: [2, 1, 0] } }]).trim().split('\n');
    expect(csv[0]).toBe('layer,gate,step,input_step,unit,value');
    expect(csv).toHaveLength(1 + 4 * 3 * 2);
    expect(csv[1]).toBe('"gru, 1",z,0,2,0,0.1');
    expect(csv[4]).toBe('"gru, 1",z,1,1,1,0.9');
  });
});
