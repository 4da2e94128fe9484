import { defineConfig } from "vitest/config";

// testcontainers reads these lazily from process.env; set them before any worker starts.
// See .ci/docker-up.sh: no image registry is reachable, so Ryuk cannot be pulled, and /.dockerenv
// on these machines would make testcontainers try to pull alpine to find the host.
process.env.TESTCONTAINERS_RYUK_DISABLED ??= "true";
process.env.TESTCONTAINERS_HOST_OVERRIDE ??= "127.0.0.1";

export default defineConfig({
  test: {
    // Many tests run the engine against a started fake over HTTP: give them room on a loaded 2-core machine.
    testTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: [
            "harness/**/*.test.ts",
            "fakes/**/*.test.ts",
            "reports/**/*.test.ts",
            "scenarios/**/*.test.ts",
          ],
          exclude: ["**/*.container.test.ts", "**/*.package.test.ts", "node_modules/**"],
        },
      },
      {
        extends: true,
        test: {
          // the packed npm package installed in a fresh project (npm run test:package): needs the registry
          name: "package",
          include: ["**/*.package.test.ts"],
          exclude: ["node_modules/**", "dist/**"],
          hookTimeout: 300_000,
          testTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: "contracts",
          include: ["contracts/**/*.test.ts"],
          exclude: ["**/*.container.test.ts", "node_modules/**"],
        },
      },
      {
        extends: true,
        test: {
          name: "containers",
          include: ["**/*.container.test.ts"],
          globalSetup: ["harness/targets/docker/containers.global-setup.ts"],
          exclude: ["node_modules/**"],
          hookTimeout: 120_000,
          testTimeout: 120_000,
        },
      },
    ],
  },
});
