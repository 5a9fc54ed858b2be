/** The time line of the as-of page reaches this many days back. */
export const SLIDER_DAYS = 365;

/** The moment typed or picked, as the ISO-8601 instant the server takes, or null when it is not one. */
export function asOfMoment(text: string): string | null {
  const trimmed = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(trimmed)) return null;
  const time = Date.parse(trimmed);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/** The moment `days` days before now, to the second. */
export function sliderMoment(days: number, now: number = Date.now()): string {
  return new Date(Math.floor((now - days * 86_400_000) / 1000) * 1000).toISOString();
}

/** The picker shows UTC: "YYYY-MM-DD HH:mm:ss" of an ISO instant, or null. */
export function pickerValue(iso: string): string | null {
  const at = asOfMoment(iso);
  return at ? at.slice(0, 19).replace('T', ' ') : null;
}
