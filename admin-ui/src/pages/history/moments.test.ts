import { describe, expect, it } from 'vitest';
import { asOfMoment, pickerValue, sliderMoment } from './moments';

describe('as-of moments', () => {
  it('takes ISO-8601 instants with a zone and normalises them to UTC', () => {
    expect(asOfMoment('2026-12-03T10:00:00Z')).toBe('2026-12-03T10:00:00.000Z');
    expect(asOfMoment(' 2026-12-03T11:00+01:00 ')).toBe('2026-12-03T10:00:00.000Z');
  });

  it('refuses what is not an instant', () => {
    for (const text of ['', 'yesterday', '2026-12-03', '2026-12-03T10:00:00', '2026-13-45T99:00:00Z']) {
      expect(asOfMoment(text)).toBeNull();
    }
  });

  it('places the slider in days before now and feeds the picker in UTC', () => {
    const now = Date.parse('2026-12-03T10:00:00.500Z');
    expect(sliderMoment(0, now)).toBe('2026-12-03T10:00:00.000Z');
    expect(sliderMoment(2, now)).toBe('2026-12-01T10:00:00.000Z');
    expect(pickerValue('2026-12-03T10:00:00.000Z')).toBe('2026-12-03 10:00:00');
    expect(pickerValue('nonsense')).toBeNull();
  });
});
