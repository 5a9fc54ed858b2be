import { MantineProvider } from '@mantine/core';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Api } from '../../api/client';
import type { TrailEntry } from '../../api/types';
import { TRAIL_PAGE, TrailTimeline, useTrail } from './TrailTimeline';

function entry(sequence: number): TrailEntry {
  return {
    sequence, time: new Date(Date.UTC(2026, 0, 1, 0, 0, sequence)).toISOString(), type: 'DeviceLoggedInEvent',
    actor: 'device:d', source: null, userAgent: null, authMethod: null, correlationId: null,
  } as TrailEntry;
}

/** A trail of `total` events answered newest first, a page at a time, as the feed answers. */
function feed(total: number) {
  return vi.fn(async (_path: string, query: Record<string, unknown>) => {
    const page = Number(query.page);
    const newest = total - page * TRAIL_PAGE;
    const events = [];
    for (let s = newest; s > Math.max(0, newest - TRAIL_PAGE); s--) events.push(entry(s));
    return { events, page, size: TRAIL_PAGE, hasMore: newest - TRAIL_PAGE > 0 };
  });
}

function Probe({ api }: { api: Api }) {
  return <TrailTimeline trail={useTrail(api, { device: 'd' })} />;
}

function shownSequences() {
  return within(screen.getByLabelText('Audit timeline')).getAllByLabelText(/^Event \d+ as stored$/, { selector: 'pre' })
    .map((code) => Number(code.getAttribute('aria-label')!.split(' ')[1]));
}

describe('a trail', () => {
  it('opens on its latest page, oldest first, and loads earlier pages on demand until the first event', async () => {
    const get = feed(250);
    render(<MantineProvider><Probe api={{ get } as unknown as Api} /></MantineProvider>);
    expect(await screen.findByText('The latest 100 events.')).toBeTruthy();
    expect(get).toHaveBeenCalledWith('/api/audit/events',
      { device: 'd', user: undefined, order: 'desc', size: TRAIL_PAGE, page: 0 });
    let shown = shownSequences();
    expect(shown[0]).toBe(151);
    expect(shown[shown.length - 1]).toBe(250);

    fireEvent.click(screen.getByRole('button', { name: 'Show earlier events' }));
    expect(await screen.findByText('The latest 200 events.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Show earlier events' }));
    await vi.waitFor(() => expect(screen.queryByRole('button', { name: 'Show earlier events' })).toBeNull());
    shown = shownSequences();
    expect(shown).toHaveLength(250);
    expect(shown).toEqual([...shown].sort((a, b) => a - b));
    expect(get).toHaveBeenCalledTimes(3);
  });

  it('shows an event once when the trail grew between two pages', async () => {
    let total = 150;
    const get = vi.fn(async (path: string, query: Record<string, unknown>) => {
      const answer = await feed(total)(path, query);
      total += 5; // five new events before the next page is asked for: offsets move
      return answer;
    });
    render(<MantineProvider><Probe api={{ get } as unknown as Api} /></MantineProvider>);
    expect(await screen.findByText('The latest 100 events.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Show earlier events' }));
    await vi.waitFor(() => expect(screen.queryByRole('button', { name: 'Show earlier events' })).toBeNull());
    const shown = shownSequences();
    expect(new Set(shown).size).toBe(shown.length);
    expect(shown).toHaveLength(150);
    expect(shown[shown.length - 1]).toBe(150);
  });
});
