/**
 * Issue #23 item 4: each dimension of the generated filter grammar (RFC 7644 §3.4.2.2) catches a server
 * broken in exactly that dimension, and a server that evaluates filters with the harness evaluator
 * itself (the same hooks, nothing broken) passes.
 */
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { evaluateFilter } from "../../harness/scim/filter-evaluate.ts";
import { USER_RESOURCE_TYPE } from "../../harness/scim/schemas.ts";
import {
  caseInsensitiveCommon,
  caseSensitive,
  dateTimeAsString,
  evaluateWith,
  ignoresCoreUrn,
  ignoresUnicodeEscapes,
  notBindsLoosely,
  swapOperator,
  tweakUserType,
} from "../test-support/broken-filters.ts";
import { failingSteps, replayFile } from "../test-support/replay.ts";
import type { Breakage } from "../test-support/broken-target.ts";
import { saveCounterexample } from "./counterexample.ts";
import { runFiltersOn, shrunk } from "./filter-run.test-support.ts";

const run = runFiltersOn;

it("passes on a server that lists every user and filters them with the harness evaluator itself", async () => {
  const result = await run(
    {
      broken: "nothing (own evaluator)",
      hooks: evaluateWith((f, r) => evaluateFilter(f, r, USER_RESOURCE_TYPE)),
    },
    1,
    40,
  );
  expect([result.status, result.findings.filter((f) => f.severity !== "info")]).toEqual(["passed", []]);
}, 60_000);

it("string escapes: fails a server that reads \\uXXXX in a literal as the text uXXXX; the saved counterexample replays it", async () => {
  const breakage: Breakage = { broken: "ignores \\u escapes", hooks: ignoresUnicodeEscapes() };
  const result = await run(breakage, 1);
  const found = shrunk(result);
  expect(found.case).toMatch(/"escapes":"(unicode|all)"/);
  expect(found.message).toMatch(/\\u[0-9a-f]{4}/);
  // The escapes survive the scenario file: the replay fails on the same server and passes on the clean fake.
  const file = await saveCounterexample(result, await mkdtemp(join(tmpdir(), "scimh-ce-")));
  expect((await replayFile(file, breakage)).status).toBe("failed");
  const clean = await replayFile(file);
  expect([clean.status, failingSteps(clean)]).toEqual(["passed", []]);
}, 60_000);

it("not and precedence: fails a server that reads not (a) and b as not (a and b)", async () => {
  const found = shrunk(await run({ broken: "not binds looser than and", hooks: notBindsLoosely() }, 1));
  expect(found.message).toMatch(/filter=\(*not \(/);
}, 60_000);

it("dateTime: fails a server that compares meta.created and meta.lastModified as strings", async () => {
  const found = shrunk(await run({ broken: "dateTime compared as text", hooks: dateTimeAsString() }, 1));
  expect(found.case).toMatch(/"attr":"(created|lastModified)"/);
  expect(found.case).toMatch(/"transform":"offset"/);
}, 60_000);

it("caseExact false: fails a server that compares nickName and title case-sensitively", async () => {
  const found = shrunk(
    await run({ broken: "nickName and title case-sensitive", hooks: caseSensitive("nickname", "title") }, 3),
  );
  expect(found.case).toMatch(/"attr":"(nickName|title)"/);
  expect(found.message).toContain("missing u");
}, 60_000);

it("caseExact true: fails a server that compares id and externalId case-insensitively (RFC 7643 §3.1)", async () => {
  const found = shrunk(
    await run(
      { broken: "id and externalId case-insensitive", hooks: caseInsensitiveCommon("id", "externalId") },
      3,
    ),
  );
  expect(found.case).toMatch(/"attr":"(id|externalId)"/);
  expect(found.message).toContain("unexpected u");
}, 60_000);

it("binary: fails a server that compares x509Certificates.value case-insensitively (RFC 7643 §2.3.6)", async () => {
  const asText = tweakUserType(["x509certificates.value"], { type: "string", caseExact: false });
  const found = shrunk(
    await run(
      { broken: "binary compared without case", hooks: evaluateWith((f, r) => evaluateFilter(f, r, asText)) },
      1,
    ),
  );
  expect(found.case).toMatch(/"attr":"certificate"/);
}, 60_000);

it("attribute paths: fails a server that matches nothing on a path with the core schema URN", async () => {
  const found = shrunk(await run({ broken: "core URN paths match nothing", hooks: ignoresCoreUrn() }, 1));
  expect(found.case).toMatch(/"urn":true/);
  expect(found.message).toContain("urn:ietf:params:scim:schemas:core:2.0:User:");
}, 60_000);

it("boundaries: fails a server that evaluates gt as ge (equal values, the same instant)", async () => {
  const found = shrunk(await run({ broken: "gt as ge", hooks: swapOperator("gt", "ge") }, 1));
  expect(found.case).toMatch(/"op":"gt"/);
}, 60_000);
