import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["lib/**/*.test.ts", "inngest/**/*.test.ts", "db/**/*.test.ts", "app/**/*.test.ts"],
    globalSetup: ["./test/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // push tests run their push service on 127.0.0.1
    env: { TANDEM_DATA_DIR: ".data/test", NEXT_TELEMETRY_DISABLED: "1", TANDEM_PUSH_ALLOW_PRIVATE_ENDPOINTS: "1" },
  },
});
