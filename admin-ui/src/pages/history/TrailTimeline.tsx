import { Button, Center, Text } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import type { Api, ApiError } from '../../api/client';
import type { EventPage, TrailEntry } from '../../api/types';
import { useLatestRequest } from '../../api/useLoad';
import { ErrorAlert, Loading } from '../../components/Common';
import { Timeline } from './Timeline';

/** How many events a page of a trail loads; a device that signs in daily for years has thousands. */
export const TRAIL_PAGE = 100;

export interface TrailFilter {
  device?: string;
  user?: string;
}

export interface Trail {
  /** The events loaded so far, oldest first. */
  entries: TrailEntry[] | undefined;
  hasEarlier: boolean;
  loading: boolean;
  error: ApiError | undefined;
  loadEarlier(): void;
  reload(): void;
}

/**
 * A person's or a device's audit trail read from the feed a page at a time, newest page first, so a long story opens
 * as fast as a short one. Answers to requests that a newer one replaced are ignored.
 */
export function useTrail(api: Api, filter: TrailFilter): Trail {
  const [pages, setPages] = useState<TrailEntry[][]>();
  const [hasEarlier, setHasEarlier] = useState(false);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ApiError>();
  const start = useLatestRequest();
  const { device, user } = filter;

  const load = useCallback((page: number, keep: TrailEntry[][]) => {
    setLoading(true);
    start(api.get<EventPage>('/api/audit/events', { device, user, order: 'desc', size: TRAIL_PAGE, page }),
      (found) => {
        setPages([...keep, found.events]);
        setHasEarlier(found.hasMore);
        setError(undefined);
        setLoading(false);
      },
      (failure) => {
        setError(failure);
        setLoading(false);
      });
  }, [api, device, user, start]);

  useEffect(() => load(0, []), [load]);

  // Offset pages of a trail that grows while it is read may overlap: each event is shown once.
  const entries = pages && [...new Map(pages.flat().map((e) => [e.sequence, e])).values()]
    .sort((a, b) => a.sequence - b.sequence);
  return {
    entries,
    hasEarlier,
    loading,
    error,
    loadEarlier: () => load(pages?.length ?? 0, pages ?? []),
    reload: () => load(0, []),
  };
}

/** A trail's timeline, oldest first, with a button that loads the page of events before the first one shown. */
export function TrailTimeline({ trail }: { trail: Trail }) {
  return (
    <>
      <ErrorAlert error={trail.error} />
      {trail.entries === undefined ? (trail.loading && <Loading />) : (
        <>
          {trail.hasEarlier && (
            <>
              <Center mb="sm">
                <Button variant="subtle" loading={trail.loading} onClick={trail.loadEarlier}>
                  Show earlier events
                </Button>
              </Center>
              <Text size="sm" c="dimmed" mb="xs">The latest {trail.entries.length} events.</Text>
            </>
          )}
          <Timeline entries={trail.entries} />
        </>
      )}
    </>
  );
}
