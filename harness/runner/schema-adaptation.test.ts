/**
 * A target whose User resource type has no enterprise extension (RFC 7643 §4.3 is optional): the IdP's
 * attribute mapping is adapted to it (department, employeeNumber, manager left out, recorded as info) and
 * the scenarios run; only a scenario whose subject is missing stays not applicable, with its reason.
 */
import { afterEach, expect, it } from "vitest";
import { createFakeServiceProvider } from "../../fakes/index.ts";
import { genericProfile } from "../../fakes/profiles/generic-profile.ts";
import { USER_RESOURCE_TYPE } from "../scim/schemas.ts";
import { getIdpModel } from "../idp/index.ts";
import { expandVariants, type ScenarioVariant } from "../scenario/expand-variants.ts";
import { loadScenarioSync, parseScenario } from "../scenario/load-scenario.ts";
import { FakeTarget, serveFake } from "../targets/fake-target.ts";
import type { StartedScimTarget } from "../targets/scim-target.ts";
import { runScenarios } from "./run-suite.ts";
import { describeGap, userSchemaGap, userSchemaInfo } from "./user-schema-fit.ts";

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const started: StartedScimTarget[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((t) => t.stop()));
});

/** The generic fake with Users and Groups, but a User resource type without the enterprise extension. */
async function noEnterpriseTarget(quirks: string[] = []): Promise<StartedScimTarget> {
  const profile = {
    ...genericProfile(),
    name: "no-enterprise",
    userType: { ...USER_RESOURCE_TYPE, extensions: [] },
  };
  const target = await serveFake(createFakeServiceProvider({ profile, quirks }));
  started.push(target);
  return target;
}

const library = (...files: string[]): ScenarioVariant[] =>
  files.flatMap((file) => {
    const loaded = loadScenarioSync(new URL(`../../scenarios/${file}`, import.meta.url).pathname);
    return expandVariants(loaded.scenario, file);
  });
const inline = (yaml: string) => expandVariants(parseScenario(yaml, "t.yaml"), "t.yaml");
const adaptations = <F extends { ruleId: string }>(findings: F[]) =>
  findings.filter((f) => f.ruleId === "idp.mapping-adapted");

it("without the adaptation Entra's default mapping does not fit a User schema without the extension", async () => {
  const target = await noEnterpriseTarget();
  const get = (path: string) =>
    fetch(`${target.baseUrl}${path}`, { headers: { authorization: `Bearer ${target.token}` } }).then((r) =>
      r.json(),
    );
  const schema = userSchemaInfo(await get("/ResourceTypes"), await get("/Schemas"))!;
  const entra = getIdpModel("entra");
  const needs = entra.userAttributes!(entra.resolveOptions({}));
  expect(describeGap(needs, userSchemaGap(needs, schema))).toMatch(/has no .*:department, .*:employeeNumber/);
});

it("Entra's disable, hard delete, reassign and group lifecycle run on it with the mapping adapted (info)", async () => {
  const target = await noEnterpriseTarget();
  const variants = library(
    "entra/e5-disable.yaml",
    "entra/e6-reassign.yaml",
    "entra/e7-hard-delete.yaml",
    "entra/e8-group-lifecycle.yaml",
  );
  const report = await runScenarios({ target, variants, seed: 7 });
  expect(report.scenarios).toHaveLength(variants.length);
  for (const scenario of report.scenarios) {
    expect(scenario, `${scenario.id} ${scenario.variant}: ${scenario.reason ?? ""}`).toMatchObject({
      status: "passed",
    });
    const [adapted, ...more] = adaptations(scenario.findings);
    expect(more).toEqual([]);
    expect(adapted).toMatchObject({ severity: "info", exchangeIds: [] });
    expect(adapted?.message).toContain(`${ENTERPRISE}:department`);
    expect(adapted?.message).toContain(`${ENTERPRISE}:employeeNumber`);
  }
  // Nothing of the dropped attributes went out.
  const bodies = report.scenarios.flatMap((s) => s.exchanges.map((e) => e.request.body ?? ""));
  expect(bodies.some((b) => /department|employeeNumber/.test(String(b)))).toBe(false);
});

it("the adapted scenario still fails a broken server: string booleans ignored (B1)", async () => {
  const target = await noEnterpriseTarget(["active-string-ignored"]);
  const report = await runScenarios({ target, variants: library("entra/e5-disable.yaml"), seed: 7 });
  const noFlag = report.scenarios.find((s) => s.variant.includes("disableVariant=a"));
  expect(noFlag?.status).toBe("failed");
  expect(adaptations(noFlag?.findings ?? [])).toHaveLength(1);
});

it("JumpCloud's whole-resource writes leave department out, recorded as inferred", async () => {
  const target = await noEnterpriseTarget();
  const withDepartment = inline(`id: t/jc
title: t
idp: jumpcloud
given:
  users:
    a: { department: Retail }
steps:
  - do: assignUser
    user: a
    expect: { status: [201], state: [{ user: a, matches: "active eq true" }] }
`);
  const report = await runScenarios({ target, variants: withDepartment, seed: 7 });
  const [scenario] = report.scenarios;
  expect(scenario?.status).toBe("passed");
  const [adapted] = adaptations(scenario?.findings ?? []);
  expect(adapted).toMatchObject({ severity: "info", inferred: true });
  expect(adapted?.message).toContain(`${ENTERPRISE}:department`);
  const posts = scenario?.exchanges.filter((e) => e.request.method === "POST") ?? [];
  expect(posts.length).toBeGreaterThan(0);
  for (const post of posts) expect(String(post.request.body)).not.toMatch(/department|Retail/);
});

it("a scenario whose subject is missing stays not applicable with its reason", async () => {
  const target = await noEnterpriseTarget();
  const checksDepartment = inline(`id: t/dept
title: t
idp: entra
appliesTo: [users]
given:
  users:
    a: { department: Retail }
steps:
  - do: assignUser
    user: a
    expect:
      state: [{ user: a, matches: '${ENTERPRISE}:department eq "Retail"' }]
`);
  const neverSendsRequired = inline(`id: t/req
title: t
idp: entra
options: { mapping: "userName,active,displayName" }
given:
  users:
    a: {}
steps:
  - do: assignUser
    user: a
`);
  const report = await runScenarios({
    target,
    variants: [...checksDepartment, ...library("entra/e4-attribute-change.yaml")],
    seed: 7,
  });
  const [dept, ...e4] = report.scenarios;
  expect(dept).toMatchObject({ status: "notApplicable" });
  expect(dept?.reason).toBe(
    `the scenario checks ${ENTERPRISE}:department, which the target's User schema does not have`,
  );
  for (const s of e4)
    expect(s).toMatchObject({ status: "notApplicable", reason: "the target lacks: enterpriseUser" });
  expect(report.scenarios.flatMap((s) => adaptations(s.findings))).toEqual([]);
  // Cerby (seed 003) requires emails and name; a mapping that never sends them cannot be adapted.
  const cerby = await new FakeTarget({ profile: "cerby", quirks: [] }).start();
  started.push(cerby);
  const [req] = (await runScenarios({ target: cerby, variants: neverSendsRequired, seed: 7 })).scenarios;
  expect(req).toMatchObject({ status: "notApplicable" });
  expect(req?.reason).toMatch(
    /the target requires .*which the entra attribute mapping "userName,active,displayName"/,
  );
  expect(adaptations(req?.findings ?? [])).toEqual([]);
});

it("with no Groups at all the group lifecycle stays not applicable", async () => {
  const profile = {
    ...genericProfile(),
    name: "no-groups",
    userType: { ...USER_RESOURCE_TYPE, extensions: [] },
  };
  delete (profile as { groupType?: unknown }).groupType;
  const target = await serveFake(createFakeServiceProvider({ profile }));
  started.push(target);
  const report = await runScenarios({ target, variants: library("entra/e8-group-lifecycle.yaml"), seed: 7 });
  for (const s of report.scenarios)
    expect(s).toMatchObject({ status: "notApplicable", reason: "the target lacks: groups" });
});
