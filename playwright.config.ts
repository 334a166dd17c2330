import { defineConfig, devices } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3200);
export const E2E_BASE_URL = `http://127.0.0.1:${PORT}`;
// the tests' push services and Chatwoot stand-ins listen on 127.0.0.1 (the servers they start are told the same)
process.env.TANDEM_PUSH_ALLOW_PRIVATE_ENDPOINTS ??= "1";

/**
 * E2E against `next start` (run `next build` first; `npm test` does) on a freshly seeded database: PostgreSQL
 * (database `tandem_e2e` on the TEST_DATABASE_URL/DATABASE_URL server) when configured, else embedded PGlite.
 * Uses the system Chromium (CHROMIUM_PATH, default /usr/bin/chromium); never downloads a browser.
 */
export default defineConfig({
  testDir: "./e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  reporter: [["list"]],
  use: {
    baseURL: E2E_BASE_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    timezoneId: "Asia/Jakarta",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  projects: [
    { name: "setup", testMatch: /.*\.setup\.ts/ },
    { name: "chromium", use: { ...devices["Desktop Chrome"], viewport: { width: 1400, height: 900 } }, dependencies: ["setup"], testMatch: /.*\.spec\.ts/ },
  ],
  webServer: {
    command: `npx tsx scripts/e2e-server.ts --port ${PORT}`,
    url: `${E2E_BASE_URL}/login`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
  },
});
