import { expect } from '@playwright/test';
import { ADMIN, checkPage, test } from './support';

test('the first-run wizard sets a fresh server up in four steps, then asks to sign in', async ({ page, baseURL }) => {
  const served = await page.goto('/');
  expect(served?.headers()['content-security-policy']).toContain("script-src 'self';");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole('heading', { name: 'Set up JAMS' })).toBeVisible();
  await checkPage(page, 'setup-1-admin');

  await page.getByLabel('Admin username').fill(ADMIN.username);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(ADMIN.password);
  await page.getByLabel('Password again').fill(`${ADMIN.password}-typo`);
  await page.getByRole('button', { name: 'Create admin and continue' }).click();
  await expect(page.getByLabel('Password again')).toHaveAccessibleDescription('The two passwords differ.');
  await page.getByLabel('Password again').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Create admin and continue' }).click();

  await expect(page.getByLabel('Common name')).toBeVisible();
  await page.getByRole('button', { name: 'Generate CA' }).click();
  // The server's own words, next to the field they concern; nothing is stored.
  await expect(page.getByLabel('Common name')).toHaveAccessibleDescription("The field 'commonName' is required.");
  await checkPage(page, 'setup-2-ca');
  const status = await page.request.get('/api/setup/status');
  expect((await status.json()).ca, 'no CA stored by the refused request').toBe(false);
  await page.getByLabel('Common name').fill('Browser Test Org CA');
  await page.getByRole('button', { name: 'Generate CA' }).click();
  const details = page.getByLabel('Organisation CA certificate');
  await expect(details).toContainText('CN=Browser Test Org CA');
  await expect(details).toContainText('Key id');
  await checkPage(page, 'setup-2-ca-details');
  await page.getByRole('button', { name: 'Continue' }).click();

  await expect(page.getByRole('radio', { name: 'Local' })).toBeChecked();
  await page.locator('label').filter({ hasText: /^LDAP$/ }).click();
  await expect(page.getByLabel('Server URL')).toBeVisible();
  // The connection test reaches for a real server: nothing listens on port 1.
  await page.getByLabel('Server URL').fill('ldap://127.0.0.1:1');
  await page.getByLabel('Read-only account (bind DN)').fill('cn=reader,dc=example,dc=org');
  await page.getByRole('textbox', { name: 'Its password' }).fill('reader-password');
  await page.getByLabel('Base DN of people').fill('ou=people,dc=example,dc=org');
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Test failed' })).toBeVisible();
  await checkPage(page, 'setup-3-directory-ldap');
  await page.locator('label').filter({ hasText: /^Local$/ }).click();
  await page.getByRole('button', { name: 'Save and continue' }).click();

  await expect(page.getByLabel(/Public URL/)).toHaveValue(baseURL!);
  await checkPage(page, 'setup-4-settings');
  await page.getByRole('button', { name: 'Save and finish' }).click();
  await expect(page.getByRole('heading', { name: 'The server is set up' })).toBeVisible();
  await page.getByRole('button', { name: 'Continue to sign in' }).click();

  await expect(page.getByRole('heading', { name: 'Sign in to JAMS' })).toBeVisible();
  await expect(page).toHaveURL(/\/login$/);
  await checkPage(page, 'login');
});
