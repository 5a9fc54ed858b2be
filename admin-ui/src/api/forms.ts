import { ApiError } from './client';

export interface FormErrors {
  /** Messages shown next to the field they concern, in the server's words. */
  fields: Record<string, string>;
  /** A message about the whole form. */
  general?: string;
}

export const NO_ERRORS: FormErrors = { fields: {} };

/**
 * Places a failure next to the form field it concerns: the field its code names (`invalid_username`), or one that
 * `aliases` maps the code to (`user_exists` → username); anything else is about the whole form.
 */
export function formErrors(failure: unknown, fields: string[], aliases: Record<string, string> = {}): FormErrors {
  if (!(failure instanceof ApiError)) {
    return { fields: {}, general: failure instanceof Error ? failure.message : String(failure) };
  }
  const field = aliases[failure.code] ?? failure.field;
  if (field && fields.includes(field)) return { fields: { [field]: failure.message } };
  return { fields: {}, general: failure.message };
}
