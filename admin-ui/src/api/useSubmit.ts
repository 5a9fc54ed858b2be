import { useCallback, useState } from 'react';
import { formErrors, NO_ERRORS, type FormErrors } from './forms';

/**
 * A form's submission: busy while the action runs, and the server's refusal placed next to the field it concerns
 * ({@link formErrors}). `submit` resolves true when the action succeeded.
 */
export function useSubmit(fields: string[], aliases: Record<string, string> = {}) {
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const submit = useCallback(async (action: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      await action();
      return true;
    } catch (failure) {
      setErrors(formErrors(failure, fields, aliases));
      return false;
    } finally {
      setBusy(false);
    }
    // The field names and aliases are constants of each form.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return { errors, setErrors, busy, submit };
}
