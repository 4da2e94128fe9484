/**
 * The scim-harness image as a vendor without Node runs it: `docker run` with host networking against a
 * SCIM server on the host (here the fake SP), the token from the environment, reports in a mounted folder.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { createFakeServiceProvider } from "../../fakes/create-fake-service-provider.ts";
import type { RunReport } from "../../reports/index.ts";
import { PACKAGE_ROOT } from "../package-root.ts";
import { containerLabels } from "../targets/docker/harness-labels.ts";
import { HARNESS_VERSION } from "../version.ts";
import { buildHarnessImage } from "./harness-image.ts";

const docker = inject("docker");
const dockerIt = docker ? it : it.skip;
const runId = inject("runId");
const token = `tok_${randomBytes(12).toString("hex")}`;
const dirs: string[] = [];
let image = "";

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}
const sh = (cmd: string, args: string[], env: Record<string, string> = {}) =>
  new Promise<Ran>((resolve) =>
    execFile(
      cmd,
      args,
      { cwd: PACKAGE_ROOT, env: { ...process.env, ...env }, maxBuffer: 64 << 20 },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr }),
    ),
  );

beforeAll(async () => {
  if (!docker) return;
  const build = await sh("npm", ["run", "build"]);
  if (build.code !== 0) throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);
  image = (await buildHarnessImage({ runId })).image;
}, 300_000);

afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** `docker run` of the image against a fake SP with `quirks` on the host; the mounted /work folder. */
async function runImage(quirks: string[]): Promise<{ ran: Ran; work: string; baseUrl: string }> {
  const fake = createFakeServiceProvider({ profile: "generic", quirks, tokens: { value: token } });
  const listening = await fake.listen(0, "127.0.0.1");
  const work = mkdtempSync(join(tmpdir(), "scim-harness-image-"));
  dirs.push(work);
  try {
    const labels = Object.entries(containerLabels(runId)).flatMap(([k, v]) => ["--label", `${k}=${v}`]);
    const ran = await sh(
      "docker",
      [
        ...["run", "--rm", "--network", "host", "-e", "SCIM_TOKEN", "-v", `${work}:/work`, ...labels, image],
        ...[
          "run",
          "--target",
          listening.baseUrl,
          "--scenario",
          "entra/e5-disable",
          "--reporter",
          "json,junit",
        ],
      ],
      { SCIM_TOKEN: token },
    );
    return { ran, work, baseUrl: listening.baseUrl };
  } finally {
    await listening.close();
  }
}

const reportOf = (work: string) =>
  JSON.parse(readFileSync(join(work, "scim-report", "report.json"), "utf8")) as RunReport;

dockerIt(
  "runs the CLI against a SCIM server on the host and writes report.json to the mounted folder",
  async () => {
    const { ran, work, baseUrl } = await runImage([]);
    expect(ran.code, `${ran.stdout}\n${ran.stderr}`).toBe(0);
    const report = reportOf(work);
    expect(report.tool).toMatchObject({ name: "scim-harness", version: HARNESS_VERSION });
    expect(JSON.stringify(report)).toContain(baseUrl);
    expect(report.scenarios.length).toBeGreaterThan(0);
    expect(report.scenarios.every((s) => s.status === "passed")).toBe(true);
    expect(readFileSync(join(work, "scim-report", "junit.xml"), "utf8")).toContain("<testsuite");
    // the token came from the environment and is redacted from what was written
    expect(readFileSync(join(work, "scim-report", "report.json"), "utf8")).not.toContain(token);
  },
);

dockerIt("exits 1 with the finding in report.json against an SP with bug B1", async () => {
  const { ran, work } = await runImage(["active-string-ignored"]);
  expect(ran.code, `${ran.stdout}\n${ran.stderr}`).toBe(1);
  expect(JSON.stringify(reportOf(work))).toContain("entra.patch-applied");
});

it.runIf(!docker)("is skipped without Docker", () => {
  expect(inject("dockerSkipReason")).not.toBe("");
});
