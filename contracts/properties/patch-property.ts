/**
 * Property (b): for any user and any PATCH operation list, the target ends in the state
 * `applyPatch` (harness/scim, RFC 7644 §3.5.2) computes from the same starting resource: a success
 * (200/204) with the same normalised resource read back, or a 4xx that changed nothing (PATCH is atomic).
 * Tolerant targets are also fed Entra's non-RFC forms [S2] and compared with the tolerant oracle.
 */
import fc from "fast-check";
import type { PropertyResult } from "../../reports/index.ts";
import { applyPatch } from "../../harness/scim/patch-apply.ts";
import { SCHEMA_PATCH_OP } from "../../harness/scim/schemas.ts";
import { isScimError } from "../../harness/scim/scim-error.ts";
import { describe } from "../checks/check-helpers.ts";
import type { Dialect, Op } from "./patch-ops.ts";
import { patchCase } from "./patch-ops.ts";
import { userResource, userSpec } from "./population.ts";
import type { UserSpec } from "./population.ts";
import { diffResources, witnessSteps } from "./resource-diff.ts";
import { runProperty } from "./run-property.ts";
import type { PropertyDefinition, PropertyRunOptions } from "./run-property.ts";

type Json = Record<string, unknown>;

/** One case: a starting user and a PATCH request in one dialect. */
export interface PatchCase {
  user: UserSpec;
  dialect: Dialect;
  operations: Op[];
}

const EVIDENCE_BY_FORM: Readonly<Record<string, string[]>> = {
  "string-boolean": ["B1", "[S2]"],
  "capitalised-op": ["B2", "[S2]"],
  "dotted-key": ["B5", "[S2]"],
  "extension-urn-key": ["B5", "[S2]"],
  // RFC 7644 §3.5.2.3 says 400 noTarget; Entra (and its validator) expect an add (§1.5.4 [C14]).
  "replace-filter-no-match-adds": ["B10", "[C14]"],
  "add-filter-no-match-adds": ["[C14]"],
};

export const PATCH_PROPERTY: PropertyDefinition<PatchCase> = {
  id: "property.patch",
  title: "PATCH results match RFC 7644 §3.5.2",
  rfc: "RFC 7644 §3.5.2",
  defaultNumRuns: 50,
  notApplicable: (env) =>
    env.discovery.supports("patch") === false
      ? "patch.supported is false in /ServiceProviderConfig"
      : undefined,
  arbitrary: (env) =>
    fc
      .tuple(userSpec(env.declares, env.enterprise), patchCase(env.declares, env.enterprise, env.idpTolerant))
      .map(([user, { dialect, operations }]) => ({ user, dialect, operations })),
  async execute(input, env, recorder) {
    const created = await recorder.send(
      {
        label: "create u1",
        method: "POST",
        path: "/Users",
        body: userResource(input.user, 0, recorder.prefix),
      },
      { track: { kind: "Users", variable: "u1" } },
    );
    const id = (created.response?.body as Json | undefined)?.["id"];
    const status = created.response?.status ?? 0;
    if (status !== 201 || typeof id !== "string") {
      if (status >= 400 && status < 500) return undefined; // the target rejects this data: not a PATCH question
      return { title: "a valid user could not be created", message: describe(created), exchange: created };
    }
    const path = `/Users/${encodeURIComponent(id)}`;
    const before = await recorder.send({ label: "read u1", method: "GET", path });
    if (before.response?.status !== 200)
      return { title: "a created user cannot be read", message: describe(before), exchange: before };
    const base = before.response.body as Json;
    const body = { schemas: [SCHEMA_PATCH_OP], Operations: input.operations };
    let expected: Json | undefined;
    let rejection: string | undefined;
    let tolerated: string[] = [];
    try {
      const result = applyPatch(base, body, env.userType, {
        mode: env.idpTolerant ? "tolerant" : "strict",
      });
      expected = result.resource;
      tolerated = result.tolerated;
    } catch (error) {
      if (!isScimError(error)) throw error;
      rejection = `${error.status} ${error.scimType ?? ""} ${error.message}`.trim();
    }
    const patched = await recorder.send({
      label: `PATCH u1 (${input.dialect})`,
      method: "PATCH",
      path,
      body,
    });
    const patchStep = recorder.last;
    const patchStatus = patched.response?.status ?? 0;
    const after = await recorder.send({ label: "read u1 back", method: "GET", path });
    const evidence = [...new Set(tolerated.flatMap((form) => EVIDENCE_BY_FORM[form] ?? []))];
    if (rejection !== undefined) {
      const unchanged = diffResources(base, (after.response?.body as Json | undefined) ?? {});
      if (patchStatus >= 400 && patchStatus < 500 && unchanged.length === 0) return undefined;
      recorder.expectOn(patchStep, { status: [400] });
      witnessSteps(recorder, "Users", id, unchanged);
      return {
        title:
          patchStatus >= 400 && patchStatus < 500
            ? "a rejected PATCH still changed the user"
            : "an invalid PATCH was not rejected",
        message: `${describe(patched)}; RFC 7644 §3.5.2 requires 4xx and no change (oracle: ${rejection})${unchanged.length > 0 ? `; changed: ${unchanged.map((d) => d.name).join(", ")}` : ""}`,
        expected: { status: "4xx", resource: "unchanged" },
        actual: { status: patchStatus || patched.error?.kind, changed: unchanged.map((d) => d.name) },
        exchange: patched,
        evidence,
      };
    }
    if (patchStatus !== 200 && patchStatus !== 204) {
      recorder.expectOn(patchStep, { status: [200, 204] });
      return {
        title: "a valid PATCH failed",
        message: `${describe(patched)}: expected 200 or 204 (RFC 7644 §3.5.2)${tolerated.length > 0 ? `; it uses the IdP form(s) ${tolerated.join(", ")}` : ""}`,
        expected: { status: [200, 204] },
        actual: patched.response?.body ?? patched.error?.kind,
        exchange: patched,
        evidence,
      };
    }
    if (after.response?.status !== 200)
      return { title: "a patched user cannot be read", message: describe(after), exchange: after };
    const diffs = diffResources(expected ?? {}, after.response.body as Json);
    if (diffs.length === 0) return undefined;
    witnessSteps(recorder, "Users", id, diffs);
    return {
      title: "the patched user differs from RFC 7644 §3.5.2",
      message: `after ${JSON.stringify(input.operations)}, ${diffs.map((d) => `${d.name} is ${JSON.stringify(d.actual)}, expected ${JSON.stringify(d.expected)}`).join("; ")}`,
      expected: Object.fromEntries(diffs.map((d) => [d.name, d.expected ?? null])),
      actual: Object.fromEntries(diffs.map((d) => [d.name, d.actual ?? null])),
      exchange: patched,
      evidence,
    };
  },
};

/** Runs property (b), PATCH. */
export function runPatchProperty(options: PropertyRunOptions): Promise<PropertyResult> {
  return runProperty(PATCH_PROPERTY, options);
}
