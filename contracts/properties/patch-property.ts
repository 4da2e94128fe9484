/**
 * Property (b): for any user and any PATCH operation list, the target answers one of the outcomes RFC
 * 7644 §3.5.2 allows for the same starting resource (`allowedPatchOutcomes`, harness/scim): a success
 * (200/204) whose resource, read back, equals one allowed result, or a 4xx that changed nothing (PATCH
 * is atomic) where a rejection is allowed. Where the RFC allows several answers (contracts/README.md,
 * "Where the RFC allows several answers"), each is accepted. Tolerant targets are also fed Entra's
 * non-RFC forms [S2]: an RFC-correct refusal of one is no failure of this property but a finding under
 * the Entra rule the scenarios use (entra.user-patch-2xx, entra.filtered-replace-no-target); a 2xx that
 * does not apply it as the tolerant oracle reads it fails the case under entra.patch-applied.
 *
 * The scimType of a rejection is not compared: servers spell the same refusal differently, and the
 * contract checks test each scimType on a controlled request.
 *
 * A case that cannot exercise the target (it refuses to create the starting user with a 4xx) is not a
 * pass: it is skipped with `fc.pre` and its reason counted (`casesNotRun`).
 */
import fc from "fast-check";
import type { PropertyResult } from "../../reports/index.ts";
import { allowedPatchOutcomes, describeOutcomes } from "../../harness/scim/patch-oracle.ts";
import { SCHEMA_PATCH_OP } from "../../harness/scim/schemas.ts";
import type { Exchange } from "../../harness/http/exchange.ts";
import { ENTRA_RULES } from "../../harness/rules/entra-rules.ts";
import { describe } from "../checks/check-helpers.ts";
import type { Dialect, Op } from "./patch-ops.ts";
import { patchCase } from "./patch-ops.ts";
import { userResource, userSpec } from "./population.ts";
import type { UserSpec } from "./population.ts";
import { diffResources, witnessSteps } from "./resource-diff.ts";
import { runProperty } from "./run-property.ts";
import type { IdpNote, PropertyDefinition, PropertyEnv, PropertyRunOptions } from "./run-property.ts";

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

const NOT_RUN = new WeakMap<PropertyEnv, Map<string, number>>();

/** Records why a case could not exercise the target and skips it (fast-check counts it in `numSkips`). */
function skipCase(env: PropertyEnv, reason: string): never {
  const reasons = NOT_RUN.get(env) ?? new Map<string, number>();
  reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  NOT_RUN.set(env, reasons);
  fc.pre(false);
  throw new Error("unreachable: fc.pre(false) throws");
}

/**
 * Why cases of `PATCH_PROPERTY` run with `env` could not exercise the target: reason → count. These
 * cases were skipped by fast-check (`fc.pre`), never passed; when no case ran, the property did not run.
 */
export function casesNotRun(env: PropertyEnv): ReadonlyMap<string, number> {
  return NOT_RUN.get(env) ?? new Map();
}

export const PATCH_PROPERTY: PropertyDefinition<PatchCase> = {
  id: "property.patch",
  title: "PATCH results match RFC 7644 §3.5.2",
  rfc: "RFC 7644 §3.5.2",
  defaultNumRuns: 50,
  notRun: casesNotRun,
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
      // The target rejects this starting user: the case cannot exercise PATCH, so it is not a pass.
      if (status >= 400 && status < 500)
        skipCase(env, `the target answered ${status} to creating the starting user`);
      return { title: "a valid user could not be created", message: describe(created), exchange: created };
    }
    const path = `/Users/${encodeURIComponent(id)}`;
    const before = await recorder.send({ label: "read u1", method: "GET", path });
    if (before.response?.status !== 200)
      return { title: "a created user cannot be read", message: describe(before), exchange: before };
    const base = before.response.body as Json;
    const body = { schemas: [SCHEMA_PATCH_OP], Operations: input.operations };
    // What RFC 7644 allows (strict), and, for tolerant targets, what the IdP means by its forms.
    const rfcOutcomes = allowedPatchOutcomes(base, body, env.userType, { mode: "strict" });
    const idpOutcomes = env.idpTolerant
      ? allowedPatchOutcomes(base, body, env.userType, { mode: "tolerant" })
      : [];
    const idpSuccesses = idpOutcomes.flatMap((o) => (o.kind === "ok" && o.tolerated.length > 0 ? [o] : []));
    // A refusal is Entra's problem only when Entra's reading allows no refusal at all: an IdP form, or a
    // filtered path Entra sends and expects applied (§1.5.4 [S1] [C14]). Where it does allow one, the
    // refusal may be an RFC choice of another operation (e.g. noTarget on a remove that matches nothing).
    const idpRefusable = idpOutcomes.length === 0 || idpOutcomes.some((o) => o.kind === "error");
    const rfcSuccesses = rfcOutcomes.flatMap((o) => (o.kind === "ok" ? [o] : []));
    const successes = [...rfcSuccesses, ...idpSuccesses];
    const rejections = rfcOutcomes.filter((o) => o.kind === "error");
    const allowed = describeOutcomes([...rfcOutcomes, ...idpSuccesses]);
    const patched = await recorder.send({
      label: `PATCH u1 (${input.dialect})`,
      method: "PATCH",
      path,
      body,
    });
    const patchStep = recorder.last;
    const patchStatus = patched.response?.status ?? 0;
    const after = await recorder.send({ label: "read u1 back", method: "GET", path });
    const tolerated = [...new Set(idpSuccesses.flatMap((o) => o.tolerated))];
    const evidence = [...new Set(tolerated.flatMap((form) => EVIDENCE_BY_FORM[form] ?? []))];
    const allowedStatuses = [
      ...(successes.length > 0 ? [200, 204] : []),
      ...(rejections.length > 0 ? [400] : []),
    ];
    const rejected = patchStatus >= 400 && patchStatus < 500;
    if (rejected && rejections.length > 0) {
      const unchanged = diffResources(base, (after.response?.body as Json | undefined) ?? {});
      if (unchanged.length === 0) {
        // An RFC-correct refusal of an IdP form: the IdP's finding, not a failure of the RFC property.
        if (!idpRefusable) env.noteIdp(idpRefusal(patched, tolerated, evidence));
        return undefined;
      }
      recorder.expectOn(patchStep, { status: allowedStatuses });
      witnessSteps(recorder, "Users", id, unchanged);
      return {
        title: "a rejected PATCH still changed the user",
        message: `${describe(patched)}; RFC 7644 §3.5.2 makes PATCH atomic: a rejected PATCH changes nothing (allowed: ${allowed}); changed: ${unchanged.map((d) => d.name).join(", ")}`,
        expected: { status: "4xx", resource: "unchanged" },
        actual: { status: patchStatus, changed: unchanged.map((d) => d.name) },
        exchange: patched,
        evidence,
      };
    }
    if (successes.length === 0 || (patchStatus !== 200 && patchStatus !== 204)) {
      recorder.expectOn(patchStep, { status: allowedStatuses });
      if (successes.length === 0) {
        return {
          title: "an invalid PATCH was not rejected",
          message: `${describe(patched)}; RFC 7644 §3.5.2 requires 4xx and no change (allowed: ${allowed})`,
          expected: { status: "4xx", resource: "unchanged" },
          actual: { status: patchStatus || patched.error?.kind },
          exchange: patched,
          evidence,
        };
      }
      return {
        title: "a valid PATCH failed",
        message: `${describe(patched)}: expected ${rejections.length > 0 ? "200, 204 or 400" : "200 or 204"} (RFC 7644 §3.5.2; allowed: ${allowed})${tolerated.length > 0 ? `; it uses the IdP form(s) ${tolerated.join(", ")}` : ""}`,
        expected: { status: allowedStatuses },
        actual: patched.response?.body ?? patched.error?.kind,
        exchange: patched,
        evidence,
      };
    }
    if (after.response?.status !== 200)
      return { title: "a patched user cannot be read", message: describe(after), exchange: after };
    const actual = after.response.body as Json;
    // The closest allowed result: a match with any of them passes; otherwise report the fewest differences.
    const diffs = successes
      .map((o) => diffResources(o.resource, actual))
      .reduce((best, d) => (d.length < best.length ? d : best));
    if (diffs.length === 0) return undefined;
    witnessSteps(recorder, "Users", id, diffs);
    const differences = diffs
      .map((d) => `${d.name} is ${JSON.stringify(d.actual)}, expected ${JSON.stringify(d.expected)}`)
      .join("; ");
    return {
      // Only the IdP's reading makes this request a success: the SP took the IdP form and did not apply
      // it, which the scenarios report under entra.patch-applied (B1, B2, B5 [S2]). The shrinker drops
      // an IdP form the failure does not need (dialect to "rfc", "False" to false).
      ...(rfcSuccesses.length === 0
        ? {
            rule: ENTRA_RULES.patchApplied,
            title: `the SP accepted the IdP form(s) ${tolerated.join(", ")} but did not apply them`,
          }
        : { title: "the patched user differs from RFC 7644 §3.5.2" }),
      message: `after ${JSON.stringify(input.operations)}, ${differences}${successes.length > 1 ? ` (allowed: ${allowed})` : ""}`,
      expected: Object.fromEntries(diffs.map((d) => [d.name, d.expected ?? null])),
      actual: Object.fromEntries(diffs.map((d) => [d.name, d.actual ?? null])),
      exchange: patched,
      evidence,
    };
  },
};

/**
 * A 4xx to a PATCH that uses IdP forms, where RFC 7644 allows the refusal: Entra's rule for it, as the
 * scenarios report it (a Replace on a filtered path that matches nothing: entra.filtered-replace-no-target,
 * B10 [C14]; any other form: entra.user-patch-2xx).
 */
function idpRefusal(patched: Exchange, forms: readonly string[], evidence: string[]): IdpNote {
  const filteredReplace = forms.length > 0 && forms.every((f) => f === "replace-filter-no-match-adds");
  return {
    rule: filteredReplace ? ENTRA_RULES.filteredReplaceNoTarget : ENTRA_RULES.userPatch,
    title:
      forms.length > 0
        ? `the SP refused the IdP form(s) ${forms.join(", ")}`
        : "the SP refused a value filter in a PATCH path, which Entra sends",
    message:
      forms.length > 0
        ? `${describe(patched)}: RFC 7644 allows this refusal (RFC 7643 §2.3.2, RFC 7644 §3.5.2, §3.5.2.3), but Entra without aadOptscim062020 sends these forms [S2] and retries the update every cycle [S3].`
        : `${describe(patched)}: RFC 7644 §3.12 allows invalidFilter for an unsupported filter in a path, but Entra updates typed multi-valued attributes only through such paths (§1.5.4 [S1]) and retries the update every cycle [S3].`,
    expected: [200, 204],
    actual: patched.response?.status,
    exchange: patched,
    evidence: forms.length > 0 ? evidence : ["[S1]"],
    rfc: filteredReplace ? "RFC 7644 §3.5.2.3" : "RFC 7644 §3.5.2",
  };
}

/** Runs property (b), PATCH. */
export function runPatchProperty(options: PropertyRunOptions): Promise<PropertyResult> {
  return runProperty(PATCH_PROPERTY, options);
}
