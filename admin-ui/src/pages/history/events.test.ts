import { describe as suite, expect, it } from 'vitest';
import type { TrailEntry } from '../../api/types';
import { actorName, describe, highlights } from './events';

const entry = (type: string, data: Record<string, unknown>): TrailEntry => ({
  sequence: 1, time: '2026-12-03T09:00:00Z', type, actor: 'admin:root', source: '127.0.0.1', userAgent: null,
  authMethod: null, correlationId: null, traceId: null, data,
});

suite('timeline wording', () => {
  it('describes known events and spells out unknown ones', () => {
    expect(describe(entry('DeviceRevokedEvent', {}))).toBe('Device revoked');
    expect(describe(entry('SomethingNewHappenedEvent', {}))).toBe('Something New Happened');
  });

  it('shows serial, reason and device name when the event has them', () => {
    expect(highlights(entry('DeviceRevokedEvent', { serials: ['ab', 'cd'], reason: 'stolen', deviceName: 'laptop' })))
      .toEqual([['Device', 'laptop'], ['Serials', 'ab, cd'], ['Reason', 'stolen']]);
    expect(highlights(entry('X', {}))).toEqual([]);
  });

  it('names actors', () => {
    expect(actorName('admin:root')).toBe('admin root');
    expect(actorName(null)).toBe('the server');
  });
});
