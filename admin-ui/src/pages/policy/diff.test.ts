import { describe, expect, it } from 'vitest';
import { diffSettings } from './diff';

describe('blueprint version diff', () => {
  it('lists added, removed and changed keys, sorted, and nothing unchanged', () => {
    expect(diffSettings({ 'TURN.enable': 'true', 'TURN.server': 'a:1', 'Account.upnpEnabled': 'false' },
      { 'TURN.enable': 'false', 'Account.upnpEnabled': 'false', 'DHT.port': '4222' })).toEqual([
      { key: 'DHT.port', before: undefined, after: '4222' },
      { key: 'TURN.enable', before: 'true', after: 'false' },
      { key: 'TURN.server', before: 'a:1', after: undefined },
    ]);
    expect(diffSettings({ a: '1' }, { a: '1' })).toEqual([]);
  });
});
