import AxeBuilder from '@axe-core/playwright';
import { expect, test as base, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * Playwright's test, watching every page for Content-Security-Policy violations: the server's policy allows no inline
 * script, and the UI must not need one.
 */
export const test = base.extend<{ cspWatch: void }>({
  cspWatch: [async ({ page }, use) => {
    const violations: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content.Security.Policy/i.test(message.text())) violations.push(message.text());
    });
    await use();
    expect(violations, 'Content-Security-Policy violations').toEqual([]);
  }, { auto: true }],
});

export const ADMIN = { username: 'admin', password: 'admin-ui-password-1' };
export const AUDITOR = { username: 'officer', password: 'auditor-ui-password-1' };
export const PERSON = { username: 'carol', password: 'carol-ui-password-1', displayName: 'Carol Danvers' };

const SCREENSHOTS = process.env.JAMS_UI_SCREENSHOTS ?? 'target/playwright/screenshots';
const WIDTHS = { laptop: { width: 1366, height: 850 }, phone: { width: 390, height: 844 } };

/** A full-page screenshot of the page at laptop and at phone width, saved with the test reports. */
export async function screenshots(page: Page, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const before = page.viewportSize();
  for (const [kind, size] of Object.entries(WIDTHS)) {
    await page.setViewportSize(size);
    await page.waitForTimeout(150);
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${kind}.png`), fullPage: true });
  }
  if (before) await page.setViewportSize(before);
}

/** An axe-core scan of the page as it stands: no serious or critical violation (WCAG 2.1 A and AA rules). */
export async function expectAccessible(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const described = bad.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(described, `accessibility of ${what}`).toEqual([]);
}

/** Screenshots at both widths and the accessibility scan, for every page the tests visit. */
export async function checkPage(page: Page, name: string) {
  await expectAccessible(page, name);
  await screenshots(page, name);
}

export function basicHeader(credentials: { username: string; password: string }): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}

/** A device's certificate request, as a Jami client makes one: a fresh RSA key, by OpenSSL. */
export function deviceCsr(): string {
  const dir = mkdtempSync(join(tmpdir(), 'jams-ui-csr-'));
  execFileSync('openssl', ['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'device.key'),
    '-subj', '/CN=device', '-out', join(dir, 'device.csr')], { stdio: 'pipe' });
  return readFileSync(join(dir, 'device.csr'), 'utf8');
}

/** The server's PostgreSQL, to alter history behind the server's back (the tamper test). */
export async function database(): Promise<pg.Client> {
  const client = new pg.Client({
    host: process.env.JAMS_DB_HOST ?? 'localhost',
    port: Number(process.env.JAMS_DB_PORT ?? '5432'),
    database: process.env.JAMS_DB_NAME ?? 'postgres',
    user: process.env.JAMS_DB_USER ?? 'postgres',
    password: process.env.JAMS_DB_PASSWORD ?? '',
  });
  await client.connect();
  return client;
}

export async function signIn(page: Page, credentials: { username: string; password: string }) {
  await page.goto('/login');
  await page.getByRole('textbox', { name: 'Username', exact: true }).fill(credentials.username);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(credentials.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
}
