import { expect, it } from "vitest";
import { applyBaseline } from "../baseline.ts";
import { contractFixtureReport, fixtureReport, fullFixtureReport } from "../report.fixtures.ts";
import { groupRootCauses } from "../root-causes.ts";
import { junitSchemaErrors } from "../test-support/junit-schema.ts";
import { renderJunitXml } from "./junit-writer.ts";

it("rejects what the Jenkins JUnit schema rejects (the validator is not a no-op)", async () => {
  const xml = renderJunitXml(fixtureReport(), { secrets: [] });
  const broken = xml
    .replace("<testcase ", '<testcase file="x.yaml" ')
    .replace("<testsuites ", '<testsuites skipped="1" ');
  const errors = await junitSchemaErrors(xml, broken);
  expect(errors.every((e) => e.startsWith("junit-1.xml:"))).toBe(true);
  expect(errors.some((e) => e.includes("'file'"))).toBe(true);
  expect(errors.some((e) => e.includes("'skipped'"))).toBe(true);
});

it("writes JUnit XML valid against the Jenkins JUnit schema for every kind of result", async () => {
  const withCauses = fixtureReport();
  withCauses.rootCauses = groupRootCauses(withCauses);
  const known = applyBaseline(fixtureReport(), { baseline: fixtureReport() });
  const hostile = fixtureReport();
  hostile.scenarios[1]!.steps[1]!.findings[0]!.title = `<b>&amp; "q" ]]> \u0000\u001b 😀`;
  const reports = [fixtureReport(), fullFixtureReport(), contractFixtureReport(), withCauses, known, hostile];
  const documents = reports.flatMap((report) =>
    (["error", "warning"] as const).map((failOn) => renderJunitXml(report, { secrets: [], failOn })),
  );
  expect(await junitSchemaErrors(...documents)).toEqual([]);
});
