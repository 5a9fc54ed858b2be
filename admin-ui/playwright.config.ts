import { defineConfig } from '@playwright/test';

/**
 * The browser tests: Debian's Chromium (never a downloaded browser), one worker, the specs in file order against the
 * server at JAMS_BASE_URL, which the gateway's AdminUiBrowserTest starts fresh and passes in.
 */
const reports = process.env.JAMS_UI_REPORTS ?? 'target/playwright';

export default defineConfig({
  testDir: 'e2e',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  outputDir: `${reports}/results`,
  reporter: [['list'], ['html', { outputFolder: `${reports}/report`, open: 'never' }]],
  use: {
    baseURL: process.env.JAMS_BASE_URL ?? 'http://localhost:8080',
    viewport: { width: 1366, height: 850 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      // The machine's network is closed: without these Chromium keeps trying to reach Google's services.
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    },
  },
});
