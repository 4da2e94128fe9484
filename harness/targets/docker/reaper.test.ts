import { spawnSync } from "node:child_process";
import { expect, it } from "vitest";
import { containerLabels, imageLabels } from "./harness-labels.ts";
import { isProcessAlive } from "./reaper.ts";

it("knows a live process from a finished one", () => {
  expect(isProcessAlive(process.pid)).toBe(true);
  const done = spawnSync(process.execPath, ["-e", ""]);
  expect(done.status).toBe(0);
  expect(isProcessAlive(done.pid!)).toBe(false);
  expect(isProcessAlive(0)).toBe(false);
  expect(isProcessAlive(-1)).toBe(false);
});

it("labels containers with the run, the owner pid and host, images with the run, kind and hash", () => {
  const previous = process.env["SCIM_HARNESS_HOST"];
  process.env["SCIM_HARNESS_HOST"] = "ci-runner-7";
  try {
    expect(containerLabels("r42")).toEqual({
      "scim-harness": "true",
      "scim-harness.run": "r42",
      "scim-harness.pid": String(process.pid),
      "scim-harness.host": "ci-runner-7",
    });
  } finally {
    if (previous === undefined) delete process.env["SCIM_HARNESS_HOST"];
    else process.env["SCIM_HARNESS_HOST"] = previous;
  }
  expect(imageLabels("r42", "dockerfile", "abc")).toEqual({
    "scim-harness": "true",
    "scim-harness.run": "r42",
    "scim-harness.image": "dockerfile",
    "scim-harness.hash": "abc",
  });
});
