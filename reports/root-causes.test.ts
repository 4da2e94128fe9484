import { describe, expect, it } from "vitest";
import { applyBaseline } from "./baseline.ts";
import type { ExchangeRecord, Finding, RunReport, ScenarioResult, Severity } from "./report.ts";
import { RunReportSchema } from "./report.ts";
import { groupRootCauses, pathTemplate, patchOperationForm } from "./root-causes.ts";

const BASE = "http://127.0.0.1:40000/scim/v2";

function exchange(id: string, method: string, path: string, status: number, body?: string): ExchangeRecord {
  return {
    id,
    label: id,
    startedAt: "2026-01-01T00:00:00.000Z",
    durationMs: 1,
    request: { method, url: `${BASE}${path}`, headers: {}, ...(body !== undefined ? { body } : {}) },
    response: { status, headers: {} },
    curl: `curl -X ${method} '${BASE}${path}'`,
  };
}

function finding(id: string, ruleId: string, exchangeIds: string[], severity: Severity = "error"): Finding {
  return { id, ruleId, severity, title: ruleId, message: ruleId, exchangeIds };
}

const patchBody = (value: unknown) =>
  JSON.stringify({ Operations: [{ op: "Replace", path: "active", value }] });

/** A scenario variant whose disable PATCH is ignored: the IdP rule and the state read-back both fail. */
function ignoredDisable(n: number, variant: string, status = 200): ScenarioResult {
  const uid = `00000000-0000-4000-8000-00000000000${n}`;
  return {
    id: `entra/s${n}`,
    title: `s${n}`,
    idp: "entra",
    variant,
    tags: [],
    status: "failed",
    durationMs: 1,
    steps: [
      {
        index: 0,
        action: "disableUser",
        inferred: false,
        status: "failed",
        durationMs: 1,
        exchangeIds: [`s${n}.x1`, `s${n}.x2`],
        findings: [
          finding(`s${n}.f1`, "entra.patch-applied", [`s${n}.x1`]),
          finding(`s${n}.f2`, "scenario.expect.state", [`s${n}.x2`]),
        ],
      },
      {
        index: 1,
        action: "deleteUser",
        inferred: false,
        status: "failed",
        durationMs: 1,
        exchangeIds: [`s${n}.x3`],
        findings: [finding(`s${n}.f3`, "scenario.expect.state", [`s${n}.x3`])],
      },
    ],
    exchanges: [
      exchange(`s${n}.x1`, "PATCH", `/Users/${uid}`, status, patchBody("False")),
      exchange(`s${n}.x2`, "GET", `/Users/${uid}`, 200),
      exchange(`s${n}.x3`, "GET", `/Users/${uid}`, 200),
    ],
    findings: [],
  };
}

function report(scenarios: ScenarioResult[], extra: Partial<RunReport> = {}): RunReport {
  return {
    schemaVersion: 2,
    tool: { name: "scim-harness", version: "0.0.0" },
    run: { id: "r", startedAt: "2026-01-01T00:00:00.000Z", durationMs: 1, seed: 1, incomplete: false },
    target: { kind: "fake", url: BASE },
    summary: {
      scenarios: {
        total: scenarios.length,
        passed: 0,
        failed: scenarios.length,
        errored: 0,
        notApplicable: 0,
      },
      findings: { error: 0, warning: 0, info: 0 },
      exchanges: 0,
    },
    scenarios,
    findings: [],
    ...extra,
  };
}

describe("groupRootCauses", () => {
  it("groups one bug seen in many variants into one root cause, follow-ons attached and not counted", () => {
    const r = report([ignoredDisable(1, "default"), ignoredDisable(2, "default"), ignoredDisable(3, "x=1")]);
    const causes = groupRootCauses(r);
    expect(causes).toHaveLength(1);
    const [cause] = causes;
    expect(cause).toMatchObject({
      ruleId: "entra.patch-applied",
      severity: "error",
      findings: 3,
      followOns: 6,
      request: { method: "PATCH", path: "/Users/{id}", operation: "replace active=string", answer: "200" },
      idps: ["entra"],
      scenarios: ["entra/s1", "entra/s2", "entra/s3"],
    });
    expect(cause?.variants).toEqual(["entra/s1 [default]", "entra/s2 [default]", "entra/s3 [x=1]"]);
    expect(cause?.findingIds).toHaveLength(9);
    expect(cause?.exchangeId).toBe("s1.x1");
    expect(RunReportSchema.safeParse({ ...r, rootCauses: causes }).success).toBe(true);
  });

  it("keeps a different answer class or operation form apart", () => {
    const boolean = ignoredDisable(2, "default");
    boolean.exchanges[0] = exchange(
      "s2.x1",
      "PATCH",
      "/Users/00000000-0000-4000-8000-000000000002",
      200,
      patchBody(false),
    );
    const causes = groupRootCauses(
      report([ignoredDisable(1, "default"), boolean, ignoredDisable(3, "d", 400)]),
    );
    expect(causes.map((c) => `${c.request.operation} → ${c.request.answer}`).sort()).toEqual([
      "replace active=boolean → 200",
      "replace active=string → 200",
      "replace active=string → 400",
    ]);
  });

  it("merges an accepted add and replace of the same scalar (one meaning, RFC 7644 §3.5.2.1) but keeps refusals apart", () => {
    const addBody = JSON.stringify({ Operations: [{ op: "Add", path: "active", value: "False" }] });
    const withAdd = (n: number, status: number) => {
      const s = ignoredDisable(n, "default", status);
      s.exchanges[0] = exchange(
        `s${n}.x1`,
        "PATCH",
        `/Users/00000000-0000-4000-8000-00000000000${n}`,
        status,
        addBody,
      );
      return s;
    };
    const accepted = groupRootCauses(report([ignoredDisable(1, "default"), withAdd(2, 200)]));
    expect(accepted.map((c) => [c.ruleId, c.findings, c.scenarios])).toEqual([
      ["entra.patch-applied", 2, ["entra/s1", "entra/s2"]],
    ]);
    // An SP may refuse add and take replace (B3): a refusal of each is a bug of its own.
    const refused = groupRootCauses(report([ignoredDisable(1, "default", 400), withAdd(2, 400)]));
    expect(refused.map((c) => c.request.operation).sort()).toEqual([
      "add active=string",
      "replace active=string",
    ]);
    // A multi-valued add (append) is not a replace.
    const members = (op: string) =>
      JSON.stringify({ Operations: [{ op, path: "members", value: [{ value: "x" }] }] });
    const groups = [1, 2].map((n) => {
      const s = ignoredDisable(n, "default");
      s.exchanges[0] = exchange(
        `s${n}.x1`,
        "PATCH",
        `/Groups/g${n}`,
        200,
        members(n === 1 ? "add" : "replace"),
      );
      return s;
    });
    const applied = groupRootCauses(report(groups)).filter((c) => c.ruleId === "entra.patch-applied");
    expect(applied.map((c) => c.request.operation).sort()).toEqual([
      "add members=array",
      "replace members=array",
    ]);
  });

  it("never hides a finding behind a milder one, and counts every finding exactly once", () => {
    const s = ignoredDisable(1, "default");
    s.steps[0]!.findings[0]!.severity = "warning";
    const causes = groupRootCauses(report([s]));
    expect(causes.map((c) => [c.ruleId, c.severity, c.findings])).toEqual([
      ["scenario.expect.state", "error", 2],
      ["entra.patch-applied", "warning", 1],
    ]);
    expect(causes.flatMap((c) => c.findingIds).sort()).toEqual(["s1.f1", "s1.f2", "s1.f3"]);
  });

  it("orders by severity, then by breadth", () => {
    const r = report([ignoredDisable(1, "default"), ignoredDisable(2, "default")], {
      findings: [
        finding("c1", "rfc7644.error.status", [], "warning"),
        finding("c2", "rfc7644.filter.eq", ["s1.x2"], "error"),
      ],
    });
    const causes = groupRootCauses(r);
    expect(causes.map((c) => c.ruleId)).toEqual([
      "entra.patch-applied",
      "rfc7644.filter.eq",
      "rfc7644.error.status",
    ]);
  });

  it("says what an IdP does from the catalogue's impact", () => {
    const causes = groupRootCauses(report([ignoredDisable(1, "default")]), (id) =>
      id === "entra.patch-applied" ? { area: "entra", idpImpact: "fails", grade: "A" } : undefined,
    );
    expect(causes[0]?.idpImpact).toBe("fails");
    expect(causes[0]?.idpAction).toContain("Entra ID");
  });
});

describe("request shapes", () => {
  it("templates ids and filter values below the base path", () => {
    expect(pathTemplate(`${BASE}/Users/0a1b2c3d-0000-4000-8000-000000000000`, BASE)).toBe("/Users/{id}");
    expect(pathTemplate(`${BASE}/Groups/42?excludedAttributes=members`, BASE)).toBe(
      "/Groups/{id}?excludedAttributes",
    );
    expect(pathTemplate(`${BASE}/Users?filter=userName+eq+%22alice%40x%22`, BASE)).toBe(
      '/Users?filter=userName eq "…"',
    );
  });

  it("names the PATCH operation form", () => {
    expect(
      patchOperationForm(
        JSON.stringify({
          Operations: [
            { op: "add", path: 'members[value eq "x"]', value: [{ value: "x" }] },
            { op: "Replace", value: { active: false, displayName: "d" } },
          ],
        }),
      ),
    ).toBe('add members[value eq "…"]=array, replace {active=boolean,displayName=string}');
    expect(patchOperationForm("not json")).toBe("unparsable body");
  });
});

describe("baselines and waivers on root causes", () => {
  it("a waiver naming a root-cause id waives all its findings, and the root cause says so", () => {
    const r = report([ignoredDisable(1, "default"), ignoredDisable(2, "default")]);
    r.rootCauses = groupRootCauses(r);
    const id = r.rootCauses[0]!.id;
    const out = applyBaseline(r, { waivers: [{ rule: id, reason: "vendor fix pending" }] });
    expect(out.baseline).toMatchObject({ waived: 6, new: 0 });
    expect(out.rootCauses?.[0]?.baseline).toBe("waived");
  });

  it("a waiver by rule id still works as before, and uncovered root causes stay new", () => {
    const r = report([ignoredDisable(1, "default")]);
    r.rootCauses = groupRootCauses(r);
    const out = applyBaseline(r, { waivers: [{ rule: "entra.patch-applied", reason: "r" }] });
    expect(out.baseline).toMatchObject({ waived: 1, new: 2 });
    expect(out.rootCauses?.[0]?.baseline).toBe("new");
  });
});
