import { MantineProvider } from '@mantine/core';
import { fireEvent, render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SessionProvider } from '../session/Session';
import { LoginPage } from './LoginPage';

function renderLogin() {
  return render(
    <MantineProvider>
      <SessionProvider>
        <MemoryRouter><LoginPage /></MemoryRouter>
      </SessionProvider>
    </MantineProvider>,
  );
}

function answer(status: number, body: unknown) {
  return vi.fn().mockResolvedValue(new Response(JSON.stringify(body), {
    status, headers: { 'Content-Type': 'application/json' },
  }));
}

async function signInAs(username: string, password: string) {
  fireEvent.change(screen.getByRole('textbox', { name: 'Username' }), { target: { value: username } });
  fireEvent.change(screen.getByLabelText(/^Password/), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('the sign-in page', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows the server words when it refuses, and sends Basic credentials to /api/login', async () => {
    const fetch = answer(403, { error: 'wrong_credentials', message: 'Wrong username or password.' });
    vi.stubGlobal('fetch', fetch);
    renderLogin();
    await signInAs('admin', 'nope');
    expect((await screen.findByRole('alert')).textContent).toContain('Wrong username or password.');
    const [path, init] = fetch.mock.calls[0];
    expect(path).toBe('/api/login');
    expect(init.method).toBe('POST');
    expect(init.headers.Authorization).toBe(`Basic ${btoa('admin:nope')}`);
  });

  it('turns people away: the console is for admins and auditors', async () => {
    vi.stubGlobal('fetch', answer(200, { access_token: 't', expires_in: 3600, scope: 'USER' }));
    renderLogin();
    await signInAs('alice', 'alice-password');
    expect((await screen.findByRole('alert')).textContent).toContain('This console is for admins and auditors.');
  });
});
