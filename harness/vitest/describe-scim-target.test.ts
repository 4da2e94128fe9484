import { afterAll, expect, it } from "vitest";
import { createFakeServiceProvider } from "../../fakes/create-fake-service-provider.ts";
import { expandVariants } from "../scenario/expand-variants.ts";
import { DEFAULT_SCENARIO_DIR } from "../scenario/find-scenarios.ts";
import { loadScenarioSync } from "../scenario/load-scenario.ts";
import { runScenarios } from "../runner/run-suite.ts";
import { AppTarget } from "../targets/app-target.ts";
import { FakeTarget } from "../targets/fake-target.ts";
import { describeFailure, describeScimTarget } from "./describe-scim-target.ts";

// A vendor's own app, served in-process (here: the fake, standing in for the vendor's express app).
const fake = createFakeServiceProvider();
describeScimTarget("in-process app against the Entra library", {
  target: () => new AppTarget(fake.app, { basePath: fake.basePath, token: fake.tokens.primary }),
  scenarios: ["entra/e2-*", "entra/e5-*"],
  seed: 1,
});

// An already started target is used as is and not stopped by the suite.
const started = await new FakeTarget({ profile: "generic", quirks: [] }).start();
afterAll(() => started.stop());
describeScimTarget("started target against JumpCloud user scenarios", {
  target: () => started,
  scenarios: ["jumpcloud/jc2-*", "jumpcloud/jc3-*"],
});

it("renders a failing scenario as the rule, the message and the curl line", async () => {
  const broken = await new FakeTarget({ profile: "generic", quirks: ["active-string-ignored"] }).start();
  try {
    const { scenario, file } = loadScenarioSync(`${DEFAULT_SCENARIO_DIR}entra/e5-disable.yaml`);
    const variant = expandVariants(scenario, file).find((v) => v.name.includes("disableVariant=a"))!;
    const report = await runScenarios({ target: broken, variants: [variant] });
    const text = describeFailure(report.scenarios[0]!);
    expect(text.split("\n")[0]).toBe("entra/e5-disable [disableVariant=a] failed");
    expect(text).toContain("entra.patch-applied");
    expect(text).toMatch(/curl -X PATCH .*"value":"False"/);
  } finally {
    await broken.stop();
  }
});
