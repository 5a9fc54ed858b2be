export interface Change {
  key: string;
  before: string | undefined;
  after: string | undefined;
}

/** What a blueprint version changed from the one before it: keys added, removed or given another value, by key. */
export function diffSettings(before: Record<string, string>, after: Record<string, string>): Change[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys.filter((key) => before[key] !== after[key]).map((key) => ({ key, before: before[key], after: after[key] }));
}
