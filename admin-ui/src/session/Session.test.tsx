import { act, render, screen } from '@testing-library/react';
import { useEffect } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { INACTIVITY_LIMIT_MS, SessionProvider, useSession } from './Session';

function Probe() {
  const { user, signIn, endedBecause } = useSession();
  useEffect(() => {
    signIn({ username: 'admin', password: 'pw' }).catch(() => {});
  }, [signIn]);
  return <p>{user ? `signed in as ${user.username} (${user.scope})` : `signed out: ${endedBecause ?? ''}`}</p>;
}

describe('the session', () => {
  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(new Response(JSON.stringify(
      { access_token: 'secret-token', expires_in: 3600, scope: 'ADMIN' }), { status: 200 })));
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('ends after the inactivity limit, and keeps the token out of every storage', async () => {
    render(<SessionProvider><Probe /></SessionProvider>);
    expect(await screen.findByText('signed in as admin (ADMIN)')).toBeTruthy();
    expect(JSON.stringify({ ...localStorage })).not.toContain('secret-token');
    expect(JSON.stringify({ ...sessionStorage })).not.toContain('secret-token');
    expect(document.cookie).not.toContain('secret-token');
    await act(async () => {
      vi.advanceTimersByTime(INACTIVITY_LIMIT_MS + 1000);
    });
    expect(screen.getByText(/signed out: You were signed out after 15 minutes without activity/)).toBeTruthy();
  });
});
