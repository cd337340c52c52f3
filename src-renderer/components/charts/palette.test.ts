import { describe, expect, it } from 'vitest';
import { historyStyle, SERIES_COLORS } from './palette';

describe('history series style', () => {
  it('draws validation curves dashed in the validation colour in every view', () => {
    expect(historyStyle('val_loss')).toEqual({ color: SERIES_COLORS.validation, dashed: true });
    expect(historyStyle('validation')).toEqual(historyStyle('val_mae'));
    expect(historyStyle('loss')).toEqual({ color: SERIES_COLORS.train, dashed: false });
    expect(historyStyle('train')).toEqual(historyStyle('mae'));
    expect(SERIES_COLORS.train).not.toBe(SERIES_COLORS.validation);
  });
});
