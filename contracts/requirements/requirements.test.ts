import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RULE_CATALOGUE } from "../../harness/cli/rule-catalogue.ts";
import { CONTRACT_CHECKS } from "../checks/catalogue.ts";
import { extractStatements } from "./extract.ts";
import {
  catalogueProblems,
  isTestable,
  KEYWORDLESS_CHECKS,
  MUST_KEYWORDS,
  REQUIREMENTS,
  requirementsOfCheck,
  SHOULD_KEYWORDS,
} from "./requirements.ts";

const KNOWN = new Set(RULE_CATALOGUE.map((r) => r.id));

describe("the requirement catalogue", () => {
  it("is sound: unique ids, one of checks / notTestable / uncovered each, only catalogued rule ids", () => {
    expect(catalogueProblems(REQUIREMENTS, KNOWN)).toEqual([]);
  });

  it("fails on a requirement citing an unknown check, or with neither checks nor a reason", () => {
    const base = { keyword: "MUST", line: 1, feature: "core", summary: "x" } as const;
    expect(
      catalogueProblems(
        [
          { ...base, id: "rfc7644-3.3-1", checks: ["rfc7644.no.such-check"] },
          { ...base, id: "rfc7644-3.3-2" },
          { ...base, id: "rfc7644-3.3-2", notTestable: "x" },
        ],
        KNOWN,
      ),
    ).toEqual([
      "rfc7644-3.3-1: cites rfc7644.no.such-check, which is not in the rule catalogue",
      "rfc7644-3.3-2: needs exactly one of checks, notTestable (with the reason), uncovered",
      "rfc7644-3.3-2: listed twice",
    ]);
  });

  it("lists more testable requirements than the 143 of the closest peer, and covers most of them", () => {
    const testable = REQUIREMENTS.filter(isTestable);
    expect(testable.length).toBeGreaterThan(143);
    const covered = testable.filter((r) => r.checks !== undefined);
    expect(covered.length).toBeGreaterThan(testable.length / 2);
  });

  it("gives every testable MUST or SHOULD either covering checks or what is missing", () => {
    const strong = REQUIREMENTS.filter(
      (r) => isTestable(r) && (MUST_KEYWORDS.has(r.keyword) || SHOULD_KEYWORDS.has(r.keyword)),
    );
    for (const r of strong) expect(r.checks ?? r.uncovered, r.id).toBeDefined();
  });

  it("maps every contract check to at least one requirement", () => {
    const unmapped = CONTRACT_CHECKS.filter((c) => requirementsOfCheck(c.id).length === 0).map((c) => c.id);
    expect(unmapped.sort()).toEqual(Object.keys(KEYWORDLESS_CHECKS).sort());
    for (const id of Object.keys(KEYWORDLESS_CHECKS)) expect(KNOWN.has(id), id).toBe(true);
  });
});

describe("extract.ts", () => {
  const sample = [
    "RFC 7644               SCIM Protocol Specification        September 2015",
    "",
    "3.6.  Deleting Resources",
    "",
    "   Clients delete with DELETE.  A server MUST answer 204 on success, e.g.,",
    "   with no body.  It MAY keep a tombstone.",
    "",
    "   Later requests SHOULD NOT find it.",
    "",
    "3.7.  Bulk Operations",
    "",
    "   Nothing normative here.",
  ].join("\n");

  it("finds statements by keyword, with section, ordinal, line and the strongest keyword", () => {
    expect(extractStatements(sample, 7644).map(({ text: _t, ...s }) => s)).toEqual([
      { id: "rfc7644-3.6-1", rfc: 7644, section: "3.6", line: 5, keyword: "MUST" },
      { id: "rfc7644-3.6-2", rfc: 7644, section: "3.6", line: 6, keyword: "MAY" },
      { id: "rfc7644-3.6-3", rfc: 7644, section: "3.6", line: 8, keyword: "SHOULD NOT" },
    ]);
  });

  // The RFC texts are not part of the repository (extract.ts says where they come from); with them,
  // the catalogue must list exactly the statements the extractor finds.
  const dir = process.env["SCIM_HARNESS_RFC_DIR"];
  const available = dir !== undefined && existsSync(join(dir, "rfc7644.txt"));
  it.runIf(available)("matches the statements extracted from the RFC texts in $SCIM_HARNESS_RFC_DIR", () => {
    const extracted = ([7643, 7644] as const).flatMap((rfc) =>
      extractStatements(readFileSync(join(dir!, `rfc${rfc}.txt`), "utf8"), rfc).map((s) => [
        s.id,
        s.keyword,
        s.line,
      ]),
    );
    expect(REQUIREMENTS.map((r) => [r.id, r.keyword, r.line])).toEqual(extracted);
  });
});
