import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { expect, it } from "vitest";
import { fixtureReport } from "../reports/report.fixtures.ts";
import schema from "../reports/report.schema.json" with { type: "json" };
import { summarize } from "../reports/index.ts";
import { swapLogical } from "./test-support/broken-filters.ts";
import { startBrokenTarget } from "./test-support/broken-target.ts";
import { runContractSuite } from "./checks/run-contract-suite.ts";
import { runFilterProperty } from "./properties/filter-property.ts";

const addFormats = addFormatsModule.default;
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
const validate = ajv.compile(schema);

it("puts contract findings and a failed property (with its counterexample) into a report that matches report.schema.json", async () => {
  const target = await startBrokenTarget({ broken: "evaluates and as or", hooks: swapLogical("and", "or") });
  try {
    const contracts = await runContractSuite({ target, only: ["rfc7644.filter.and", "rfc7644.bulk.create"] });
    const property = await runFilterProperty({ target, seed: 31, numRuns: 20, timeLimitMs: 10_000 });
    expect(contracts.findings.map((f) => [f.ruleId, f.severity])).toEqual([
      ["rfc7644.filter.and", "error"],
      ["rfc7644.bulk.create", "info"],
    ]);
    expect(property.status).toBe("failed");
    const base = fixtureReport();
    const report = {
      ...base,
      findings: contracts.findings,
      properties: [property],
      summary: summarize(base.scenarios, [property], contracts.findings),
    };
    const json = JSON.parse(JSON.stringify(report)) as unknown;
    validate(json);
    expect((validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ""}`)).toEqual([]);
  } finally {
    await target.stop();
  }
}, 60_000);
