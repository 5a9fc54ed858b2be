import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from './client';

export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload(): void;
}

/** A failure as the ApiError pages show. */
export function asApiError(failure: unknown): ApiError {
  return failure instanceof ApiError ? failure : new ApiError(0, 'failed', String(failure));
}

/** Starts requests of which only the latest counts: answers to requests that a newer one replaced are ignored. */
export function useLatestRequest() {
  const latest = useRef(0);
  return useCallback(<T,>(request: Promise<T>, onValue: (value: T) => void, onError: (error: ApiError) => void) => {
    const mine = ++latest.current;
    request.then(
      (value) => { if (mine === latest.current) onValue(value); },
      (failure: unknown) => { if (mine === latest.current) onError(asApiError(failure)); },
    );
  }, []);
}

/** Loads once per change of `deps`, ignoring answers to requests that a newer one replaced. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(true);
  const [round, setRound] = useState(0);
  const start = useLatestRequest();

  useEffect(() => {
    setLoading(true);
    start(load(), (value) => {
      setData(value);
      setError(undefined);
      setLoading(false);
    }, (failure) => {
      setError(failure);
      setLoading(false);
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, round]);

  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { data, error, loading, reload };
}
