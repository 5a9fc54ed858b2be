import { expect, type Page } from '@playwright/test';
import { ADMIN, AUDITOR, PERSON, basicHeader, checkPage, database, deviceCsr, signIn, test } from './support';

// One admin session after another, in order: each test starts where the one before left the server.
test.describe.configure({ mode: 'serial' });

/** Moves within the app by its menu (a reload would end the session, which lives in memory only). */
async function open(page: Page, item: string) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: item }).click();
}

let beforeRevocation = '';

test('an admin creates a person; bad input is refused next to its field and stores nothing', async ({ page }) => {
  await signIn(page, ADMIN);
  await checkPage(page, 'dashboard');
  await open(page, 'People');
  await page.getByRole('button', { name: 'New person' }).click();
  const dialog = page.getByRole('dialog', { name: 'New person' });
  await dialog.getByRole('textbox', { name: 'Username' }).fill('Bad User!');
  await dialog.getByRole('textbox', { name: 'Password' }).fill(PERSON.password);
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog.getByRole('textbox', { name: 'Username' })).toHaveAccessibleDescription(/A username has 3 to 32 characters/);
  await checkPage(page, 'people-create-refused');
  const listed = await page.request.get('/api/admin/users?q=bad', { headers: { Authorization: basicHeader(ADMIN) } });
  expect((await listed.json()).total, 'nothing stored').toBe(0);

  await dialog.getByRole('textbox', { name: 'Username' }).fill(PERSON.username);
  await dialog.getByRole('textbox', { name: 'Display name' }).fill(PERSON.displayName);
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog).toBeHidden();
  await page.getByLabel('Search people').fill('caro');
  await page.getByRole('link', { name: PERSON.username }).click();
  await expect(page.getByRole('heading', { name: PERSON.displayName })).toBeVisible();
  await expect(page.getByText('No device enrolled yet.')).toBeVisible();
  await open(page, 'People');
  await checkPage(page, 'people');
});

test('a device enrolled through the API appears; revoked with a reason, its timeline tells who, when and why',
  async ({ page }) => {
    const enrolled = await page.request.post('/api/auth/device', {
      headers: { Authorization: basicHeader(PERSON), 'Content-Type': 'application/json' },
      data: { csr: deviceCsr(), deviceName: 'carol-laptop' },
    });
    expect(enrolled.status()).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    beforeRevocation = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 1100));

    await signIn(page, ADMIN);
    await open(page, 'People');
    await page.getByRole('link', { name: PERSON.username }).click();
    await page.getByRole('link', { name: 'carol-laptop' }).click();
    await expect(page.getByRole('heading', { name: 'Device carol-laptop' })).toBeVisible();
    const timeline = page.getByLabel('Audit timeline');
    await expect(timeline).toContainText('Device enrolled: certificate issued');
    await expect(timeline).toContainText(`by user ${PERSON.username}`);

    await page.getByRole('button', { name: 'Revoke device' }).click();
    const dialog = page.getByRole('dialog', { name: /Revoke carol-laptop/ });
    await dialog.getByRole('combobox', { name: 'Reason' }).click();
    await page.getByRole('option', { name: 'stolen' }).click();
    await dialog.getByRole('button', { name: 'Revoke' }).click();
    await expect(dialog).toBeHidden();
    const revoked = timeline.locator('[data-event-type="DeviceRevokedEvent"]');
    await expect(revoked).toContainText('Device revoked');
    await expect(revoked).toContainText(`by admin ${ADMIN.username}`);
    await expect(revoked).toContainText('Reason:stolen');
    await expect(page.getByText('revoked', { exact: true }).first()).toBeVisible();
    await checkPage(page, 'device');
  });

test('the as-of view shows the device active at a moment before its revocation', async ({ page }) => {
  await signIn(page, ADMIN);
  await open(page, 'As of a moment');
  await page.getByLabel('Moment (ISO-8601)').fill(beforeRevocation);
  await page.getByRole('button', { name: 'Show' }).click();
  const organisation = page.getByRole('table', { name: 'People then' });
  await expect(organisation).toContainText(PERSON.displayName);
  await expect(organisation).toContainText('1 of 1');
  await checkPage(page, 'as-of-organisation');
  await organisation.getByRole('button', { name: PERSON.displayName }).click();
  await expect(page.getByRole('textbox', { name: 'Person', exact: true })).toHaveValue(PERSON.username);
  const devicesThen = page.getByRole('table', { name: 'Devices then' });
  await expect(devicesThen).toContainText('carol-laptop');
  await expect(devicesThen).toContainText('active');
  await expect(page.getByLabel('Audit timeline')).toContainText('Device revoked');
  await checkPage(page, 'as-of');
});

test('a blueprint refused key by key, versioned with its diff, given to a group, reaches the person',
  async ({ page }) => {
    await signIn(page, ADMIN);
    await open(page, 'Blueprints');
    await page.getByLabel('Blueprint name').fill('office');
    await page.getByRole('combobox', { name: 'Setting 1' }).fill('TURN.enable');
    await page.getByRole('option', { name: 'TURN.enable', exact: true }).click();
    await page.getByRole('textbox', { name: 'Value 1' }).fill('maybe');
    await page.getByRole('button', { name: 'Create blueprint' }).click();
    await expect(page.getByRole('textbox', { name: 'Value 1' })).toHaveAccessibleDescription(/TURN\.enable/);
    await page.getByRole('textbox', { name: 'Value 1' }).fill('true');
    await page.getByRole('button', { name: 'Create blueprint' }).click();
    await expect(page.getByRole('heading', { name: 'office, version 1' })).toBeVisible();
    await page.getByRole('textbox', { name: 'Value 1' }).fill('false');
    await page.getByRole('button', { name: 'Save as a new version' }).click();
    await expect(page.getByRole('heading', { name: 'office, version 2' })).toBeVisible();
    await expect(page.getByRole('table', { name: 'Blueprint versions' })).toContainText('true → false');
    await checkPage(page, 'blueprint-versions');

    await open(page, 'Groups');
    await page.getByLabel('New group').fill('engineering');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('button', { name: 'engineering' }).click();
    await page.getByLabel('Add a person').fill(PERSON.username);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(page.getByRole('link', { name: PERSON.username })).toBeVisible();
    await page.getByRole('combobox', { name: 'Blueprint' }).click();
    await page.getByRole('option', { name: 'office' }).click();
    await page.getByRole('button', { name: 'Attach' }).click();
    await expect(page.getByRole('table', { name: 'Groups' })).toContainText('office (10)');
    await checkPage(page, 'group');

    const enrolled = await page.request.post('/api/auth/device', {
      headers: { Authorization: basicHeader(PERSON), 'Content-Type': 'application/json' },
      data: { csr: deviceCsr(), deviceName: 'carol-phone' },
    });
    expect(enrolled.status()).toBe(200);
    expect((await enrolled.json())['TURN.enable'], 'the enrollment answer carries the setting').toBe('false');
    await open(page, 'Blueprints');
    await page.getByRole('button', { name: 'office' }).click();
    const deliveries = page.getByRole('table', { name: 'Deliveries' });
    await expect(deliveries).toContainText(PERSON.username);
    await expect(deliveries).toContainText('enrollment');

    await open(page, 'People');
    await page.getByRole('link', { name: PERSON.username }).click();
    await expect(page.getByRole('heading', { name: PERSON.displayName })).toBeVisible();
    await expect(page.getByText('engineering', { exact: true })).toBeVisible();
    await expect(page.getByRole('table', { name: 'Effective settings' })).toContainText('office v2 (group engineering)');
    await checkPage(page, 'person');
    await page.getByRole('link', { name: 'carol-phone' }).click();
    const received = page.getByRole('table', { name: 'Blueprint versions received' });
    await expect(received).toContainText('enrollment');
    await expect(received).toContainText('office v2');
  });

test('every other page renders, readable and accessible', async ({ page }) => {
  await signIn(page, ADMIN);
  // Keyboard: the first Tab offers to skip the menu, and Enter lands on the page's content.
  await page.locator('body').focus();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('#content')).toBeFocused();
  for (const [item, heading] of [['Groups', 'Groups'], ['Blueprints', 'Blueprints'], ['Revocation', 'Revocation'],
    ['History', 'History'], ['Settings', 'Settings'], ['Dashboard', 'Dashboard']]) {
    await open(page, item);
    await expect(page.getByRole('heading', { name: heading, exact: true })).toBeVisible();
    await page.waitForLoadState('networkidle');
    await checkPage(page, item.toLowerCase());
  }
});

test('an auditor finds no change control, and the server refuses the auditor anyway', async ({ page }) => {
  await signIn(page, ADMIN);
  await open(page, 'Settings');
  await page.getByLabel('Auditor username').fill(AUDITOR.username);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(AUDITOR.password);
  await page.getByRole('button', { name: 'Add auditor' }).click();
  await expect(page.getByRole('table', { name: 'Auditors' })).toContainText(AUDITOR.username);
  await page.getByRole('button', { name: 'Sign out' }).click();

  await signIn(page, AUDITOR);
  await expect(page.getByText('Auditor (read only)')).toBeVisible();
  await open(page, 'People');
  await expect(page.getByRole('link', { name: PERSON.username })).toBeVisible();
  await expect(page.getByRole('button', { name: 'New person' })).toHaveCount(0);
  await page.getByRole('link', { name: PERSON.username }).click();
  await expect(page.getByRole('heading', { name: PERSON.displayName })).toBeVisible();
  await expect(page.getByRole('button', { name: /Revoke/ })).toHaveCount(0);
  await open(page, 'Settings');
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
  await expect(page.getByRole('button', { name: /Save|Add auditor/ })).toHaveCount(0);
  await open(page, 'Blueprints');
  await expect(page.getByRole('button', { name: /Create blueprint|Add setting/ })).toHaveCount(0);
  await open(page, 'Groups');
  await expect(page.getByRole('button', { name: 'Create' })).toHaveCount(0);
  await checkPage(page, 'auditor-groups');

  const refused = await page.request.post('/api/admin/users', {
    headers: { Authorization: basicHeader(AUDITOR), 'Content-Type': 'application/json' },
    data: { username: 'sneaky', password: 'sneaky-password-1', displayName: 'Sneaky' },
  });
  expect(refused.status()).toBe(403);
});

test('verify reports success, and after a row of the event table is altered, the first broken sequence',
  async ({ page }) => {
    await signIn(page, ADMIN);
    await open(page, 'History');
    await page.getByRole('button', { name: 'Verify history' }).click();
    await expect(page.getByRole('alert').or(page.getByRole('status')).filter({ hasText: 'History verified' }))
      .toBeVisible();
    await checkPage(page, 'history-verified');
    await page.getByRole('button', { name: 'Rebuild' }).click();
    await expect(page.getByText('Every read model rebuilt from the events equals the live one.')).toBeVisible();
    await expect(page.getByRole('progressbar', { name: 'Rebuild progress' })).toHaveAttribute('aria-valuenow', '100');

    const db = await database();
    let altered: number;
    try {
      const row = await db.query(`SELECT globalindex FROM domainevententry
        WHERE payloadtype LIKE '%DeviceRevokedEvent' ORDER BY globalindex LIMIT 1`);
      altered = Number(row.rows[0].globalindex);
      await db.query(`UPDATE domainevententry SET payload = convert_to(replace(convert_from(payload, 'UTF8'),
        'stolen', 'found'), 'UTF8') WHERE globalindex = $1`, [altered]);
    } finally {
      await db.end();
    }
    await page.getByRole('button', { name: 'Verify history' }).click();
    await expect(page.getByText(`History broken at sequence ${altered}`)).toBeVisible();
    await checkPage(page, 'history-broken');
  });
