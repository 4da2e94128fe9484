import { expect, it } from "vitest";
import { ConfigurationError } from "../errors.ts";
import { CommandTarget } from "./command-target.ts";
import { ContainerTarget } from "./docker/container-target.ts";
import { DockerfileTarget } from "./docker/dockerfile-target.ts";
import { FakeTarget } from "./fake-target.ts";
import { normalizeBasePath } from "./launched-target.ts";
import { isLaunchedSpec, resolveTarget, targetKindOf } from "./resolve-target.ts";

it("resolves image:, dockerfile: and command: to the launched targets", async () => {
  const image = await resolveTarget("image:my-scim:1.2", { targetPort: 3000 });
  expect(image).toBeInstanceOf(ContainerTarget);
  expect((image as ContainerTarget).image).toBe("my-scim:1.2");
  const dockerfile = await resolveTarget("dockerfile:./server");
  expect(dockerfile).toBeInstanceOf(DockerfileTarget);
  expect((dockerfile as DockerfileTarget).dockerfile).toBe("./server");
  const command = await resolveTarget("command:node dist/server.js --quiet");
  expect(command).toBeInstanceOf(CommandTarget);
  expect((command as CommandTarget).command).toBe("node dist/server.js --quiet");
  expect(await resolveTarget("fake:generic")).toBeInstanceOf(FakeTarget);
});

it("rejects empty launched specs and unknown kinds with the list of kinds", async () => {
  await expect(resolveTarget("image:")).rejects.toThrow(/needs a value after the colon/);
  await expect(resolveTarget("command:  ")).rejects.toThrow(ConfigurationError);
  await expect(resolveTarget("docker:my-scim")).rejects.toThrow(
    /image:<name\[:tag\]>, dockerfile:<path> or command:/,
  );
  await expect(resolveTarget("image:x", { startupTimeoutMs: 0 })).rejects.toThrow(/positive number of ms/);
});

it("tells the report kind and whether the harness launches the target", () => {
  expect(
    ["image:a", "dockerfile:b", "command:c", "https://x/scim", "fake+filter-miss-404"].map(targetKindOf),
  ).toEqual(["container", "container", "command", "url", "fake"]);
  expect(["image:a", "dockerfile:b", "command:c", "http://x", "fake"].map(isLaunchedSpec)).toEqual([
    true,
    true,
    true,
    false,
    false,
  ]);
});

it("normalises base paths", () => {
  expect(["/scim/v2", "/scim/v2/", "scim/v2", "/", "", " /api// "].map(normalizeBasePath)).toEqual([
    "/scim/v2",
    "/scim/v2",
    "/scim/v2",
    "",
    "",
    "/api",
  ]);
});
